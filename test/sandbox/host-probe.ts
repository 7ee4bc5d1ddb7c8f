import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';

export interface HostProbe {
  /** Requests made while probing, with their latency; a failed request has `ok: false`. */
  samples: { ok: boolean; ms: number }[];
  stop(): Promise<{ count: number; failures: number; maxMs: number }>;
}

/**
 * Proves the host stays responsive: a host HTTP server answers a request every `intervalMs` while
 * something hostile runs in a cell.
 */
export async function startHostProbe(intervalMs = 100): Promise<HostProbe> {
  const server = http.createServer((_, response) => response.end('ok'));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  const samples: HostProbe['samples'] = [];
  let running = true;
  const loop = (async () => {
    while (running) {
      const began = performance.now();
      const ok = await fetch(url, { signal: AbortSignal.timeout(5_000) }).then(
        async (response) => (await response.text()) === 'ok',
        () => false,
      );
      samples.push({ ok, ms: performance.now() - began });
      await sleep(intervalMs);
    }
  })();
  return {
    samples,
    async stop() {
      running = false;
      await loop;
      await new Promise((resolve) => server.close(resolve));
      return {
        count: samples.length,
        failures: samples.filter((sample) => !sample.ok).length,
        maxMs: Math.max(...samples.map((sample) => sample.ms)),
      };
    },
  };
}

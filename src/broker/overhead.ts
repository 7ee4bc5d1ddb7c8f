import http from 'node:http';
import { performance } from 'node:perf_hooks';

export interface BrokerOverheadOptions {
  /** The broker's socket. */
  socketPath: string;
  /** The internal API the broker forwards to, called directly for comparison. */
  upstreamUrl: string;
  /** A valid token for the direct calls (the broker injects its own). */
  token: string;
  /** An allowed `GET` target, e.g. `/api/purchase_orders?limit=1`. */
  target: string;
  /** Measured pairs. Default 500. */
  iterations?: number;
  /** Unmeasured pairs first (connections, JIT, token cache). Default 50. */
  warmup?: number;
}

export interface LatencySummary {
  p50: number;
  p99: number;
}

/** Milliseconds. `overhead` is the broker's percentile minus the direct one. */
export interface BrokerOverhead {
  iterations: number;
  direct: LatencySummary;
  broker: LatencySummary;
  overhead: LatencySummary;
}

/**
 * Calls the same target directly and through the broker (policy + credential + audit), alternating
 * so that both see the same machine load, over kept-alive connections on both sides.
 */
export async function measureBrokerOverhead(options: BrokerOverheadOptions): Promise<BrokerOverhead> {
  const iterations = options.iterations ?? 500;
  const warmup = options.warmup ?? 50;
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  const socketAgent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  const base = new URL(options.upstreamUrl);
  const direct = () =>
    timedGet({
      agent,
      hostname: base.hostname,
      port: base.port,
      path: `${base.pathname.replace(/\/+$/, '')}${options.target}`,
      headers: { authorization: `Bearer ${options.token}`, accept: 'application/json' },
    });
  const brokered = () =>
    timedGet({
      agent: socketAgent,
      socketPath: options.socketPath,
      path: options.target,
      headers: { accept: 'application/json' },
    });
  const directTimes: number[] = [];
  const brokerTimes: number[] = [];
  try {
    for (let index = 0; index < warmup + iterations; index += 1) {
      const first = await direct();
      const second = await brokered();
      if (index >= warmup) {
        directTimes.push(first);
        brokerTimes.push(second);
      }
    }
  } finally {
    agent.destroy();
    socketAgent.destroy();
  }
  const directSummary = summarize(directTimes);
  const brokerSummary = summarize(brokerTimes);
  return {
    iterations,
    direct: directSummary,
    broker: brokerSummary,
    overhead: { p50: brokerSummary.p50 - directSummary.p50, p99: brokerSummary.p99 - directSummary.p99 },
  };
}

/** One GET; resolves with its duration in ms, rejects on a non-2xx answer (a bad benchmark). */
function timedGet(options: http.RequestOptions): Promise<number> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const request = http.request({ ...options, method: 'GET' }, (response) => {
      response.resume();
      response.on('end', () => {
        const status = response.statusCode ?? 0;
        if (status < 200 || status >= 300) reject(new Error(`GET ${options.path} answered ${status}`));
        else resolve(performance.now() - started);
      });
    });
    request.on('error', reject);
    request.end();
  });
}

/** Nearest-rank percentiles. */
export function summarize(samples: readonly number[]): LatencySummary {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (fraction: number) =>
    sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(fraction * sorted.length) - 1))] ?? Number.NaN;
  return { p50: at(0.5), p99: at(0.99) };
}

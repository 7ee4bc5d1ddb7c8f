import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CspApiHarness, startCspApi } from '../../src/testing/csp-api-harness.ts';
import { type FakeBroker, startFakeBroker } from './broker-socket.ts';

const cspBinary = fileURLToPath(new URL('../../bin/csp', import.meta.url));

interface ProcessResult {
  exitCode: number;
  stdout: string;
  stderr: string;
}

/** Runs the real `./bin/csp` with only the given variables (plus PATH to find node). */
function runBinary(argv: string[], env: Record<string, string>): Promise<ProcessResult> {
  return new Promise((resolve) => {
    execFile(cspBinary, argv, { env: { PATH: process.env.PATH ?? '', ...env } }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : -1) : 0;
      resolve({ exitCode: code, stdout, stderr });
    });
  });
}

let api: CspApiHarness;
let env: Record<string, string>;
beforeAll(async () => {
  api = await startCspApi();
  env = { CSP_API_URL: api.url, CSP_TOKEN: await api.token('northwind') };
});
afterAll(async () => {
  await api.close();
});

describe('./bin/csp as a child process', () => {
  it('prints JSON on stdout and exits 0', async () => {
    const result = await runBinary(['purchase-orders', 'show', 'NWC-PO-11001'], env);
    expect(result.stderr).toBe('');
    expect(result.exitCode).toBe(0);
    expect(JSON.parse(result.stdout)['po-number']).toBe('NWC-PO-11001');
  });

  it('prints the API error as one JSON line on stderr and exits 1', async () => {
    const result = await runBinary(['invoices', 'show', 'BPO-INV-12030'], env);
    expect(result.exitCode).toBe(1);
    expect(result.stdout).toBe('');
    expect(JSON.parse(result.stderr)).toEqual({
      status: 404,
      code: 'not_found',
      errors: { base: ['No results match your search criteria.'] },
    });
  });

  it('exits 2 naming the flag on a usage error, and 0 with help', async () => {
    const [usage, help] = await Promise.all([
      runBinary(['purchase-orders', 'list', '--status', 'shipped'], env),
      runBinary(['purchase-orders', 'list', '--help'], {}),
    ]);
    expect(usage.exitCode).toBe(2);
    expect(usage.stderr).toMatch(/--status: must be one of/);
    expect(help.exitCode).toBe(0);
    expect(help.stdout).toMatch(/Usage: csp purchase-orders list/);
  });

  it('works in broker mode with nothing but the socket in its environment', async () => {
    const broker: FakeBroker = await startFakeBroker(api.url, env.CSP_TOKEN);
    try {
      const result = await runBinary(['customers', 'list'], { SUPPLIER_AGENT_BROKER: broker.socketPath });
      expect(result.exitCode).toBe(0);
      expect(JSON.parse(result.stdout)).toHaveLength(2);
      expect(broker.seen[0]!.headers.authorization).toBeUndefined();
    } finally {
      await broker.close();
    }
  });
});

import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CspApiHarness, startCspApi } from '../../src/testing/csp-api-harness.ts';
import { type CellHarness, createCellHarness, mustSkip, runCollecting } from './cell-kit.ts';

/** The least a broker does: forward `/api/...` to the CSP API with the tenant's token added. */
async function listenAsBroker(socketPath: string, apiUrl: string, token: string): Promise<http.Server> {
  const server = http.createServer((request, response) => {
    void fetch(`${apiUrl}${request.url}`, { headers: { authorization: `Bearer ${token}` } }).then(
      async (upstream) => {
        response.writeHead(upstream.status, {
          'content-type': upstream.headers.get('content-type') ?? 'text/plain',
        });
        response.end(Buffer.from(await upstream.arrayBuffer()));
      },
      () => response.writeHead(502).end(),
    );
  });
  await new Promise<void>((resolve) => server.listen(socketPath, resolve));
  return server;
}

describe.skipIf(await mustSkip('bubblewrap'))('the csp tool in a cell', () => {
  let harness: CellHarness;
  let api: CspApiHarness;
  beforeAll(async () => {
    harness = createCellHarness('bubblewrap');
    api = await startCspApi();
  });
  afterAll(async () => {
    await harness?.close();
    await api?.close();
  });

  it('runs from the read-only application mount and reaches the API only through its broker socket', async () => {
    const cell = await harness.start();
    const tenant = api.tenants[0]!;
    const broker = await listenAsBroker(cell.brokerSocketPath, api.url, await api.token(tenant.id));
    try {
      const outcome = await runCollecting(cell, {
        argv: ['/app/bin/csp', 'purchase-orders', 'list', '--limit', '2'],
      });
      expect(outcome.stderr).toBe('');
      expect(outcome.exit).toMatchObject({ exitCode: 0, reason: 'exited' });
      expect(JSON.parse(outcome.stdout)).toHaveLength(2);
    } finally {
      await new Promise((resolve) => broker.close(resolve));
    }
  });

  it('fails cleanly when no broker listens (positive control: the socket is what connects it)', async () => {
    const cell = await harness.start();
    const outcome = await runCollecting(cell, { argv: ['/app/bin/csp', 'purchase-orders', 'list'] });
    expect(outcome.exit.exitCode).not.toBe(0);
    expect(outcome.stderr).toMatch(/broker socket/);
  });
});

import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { createTempDir } from '../src/testing/temp-dir.ts';
import { runCsp } from '../src/tools/csp/run-csp.ts';
import { fetchToken, startApiChild, tenantCredentials } from './api-child.ts';
import { type BenchRow, formatTable } from './results-table.ts';

/** What is measured: the hot read paths of an agent session. */
const endpoints = [
  {
    label: 'GET /api/purchase_orders?status=issued&limit=50',
    path: '/api/purchase_orders?status=issued&limit=50',
  },
  { label: 'GET /api/purchase_orders/NWC-PO-11001', path: '/api/purchase_orders/NWC-PO-11001' },
];

export interface CspApiBenchOptions {
  durationSeconds: number;
  connections: number;
}

function parseOptions(args: string[]): CspApiBenchOptions {
  const { values } = parseArgs({
    args,
    options: { duration: { type: 'string', default: '5' }, connections: { type: 'string', default: '10' } },
  });
  const durationSeconds = Number(values.duration);
  const connections = Number(values.connections);
  if (!(durationSeconds > 0 && durationSeconds <= 60)) throw new Error('--duration must be 1 to 60 seconds');
  if (!(Number.isInteger(connections) && connections > 0))
    throw new Error('--connections must be a whole number');
  return { durationSeconds, connections };
}

async function measure(url: string, token: string, path: string, options: CspApiBenchOptions) {
  const result = await autocannon({
    url: `${url}${path}`,
    connections: options.connections,
    duration: options.durationSeconds,
    headers: { authorization: `Bearer ${token}` },
  });
  return {
    requestsPerSecond: result.requests.average,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    errors: result.errors + result.timeouts,
    non2xx: result.non2xx,
  };
}

/** The in-process `csp` cost per call (parse, request, print), sequentially, for about 2 s. */
async function measureCspCalls(url: string, token: string): Promise<BenchRow> {
  const env = { CSP_API_URL: url, CSP_TOKEN: token };
  const latencies: number[] = [];
  let failures = 0;
  const until = performance.now() + 2_000;
  while (performance.now() < until) {
    const start = performance.now();
    const result = await runCsp(['purchase-orders', 'show', 'NWC-PO-11001'], { env });
    latencies.push(performance.now() - start);
    if (result.exitCode !== 0) failures += 1;
  }
  latencies.sort((a, b) => a - b);
  const at = (fraction: number) =>
    latencies[Math.min(latencies.length - 1, Math.floor(latencies.length * fraction))]!;
  return {
    endpoint: 'csp purchase-orders show (in-process runCsp, 1 at a time)',
    requestsPerSecond: latencies.length / 2,
    p50Ms: at(0.5),
    p99Ms: at(0.99),
    errors: 0,
    non2xx: failures,
  };
}

/** `npm run bench -- csp-api [--duration S] [--connections N]`. */
export async function runCspApiBench(args: string[]): Promise<void> {
  const options = parseOptions(args);
  const dataDir = createTempDir('csp-api-bench-');
  const api = await startApiChild(dataDir.path);
  try {
    const [northwind] = await tenantCredentials(dataDir.path);
    if (!northwind) throw new Error('no tenants in the seeded data dir');
    const token = await fetchToken(api.url, northwind);
    process.stdout.write(
      `CSP API at ${api.url} (child process, rate limit off); ${options.connections} connections, ${options.durationSeconds} s each\n\n`,
    );
    const rows: BenchRow[] = [];
    for (const endpoint of endpoints) {
      rows.push({ endpoint: endpoint.label, ...(await measure(api.url, token, endpoint.path, options)) });
    }
    rows.push(await measureCspCalls(api.url, token));
    process.stdout.write(`${formatTable(rows)}\n`);
  } finally {
    await api.stop();
    dataDir.remove();
  }
}

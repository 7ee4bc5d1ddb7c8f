import {
  createEgressPolicy,
  cspApiOperations,
  type EgressPolicy,
  loadEgressPolicyFiles,
} from '../src/policy/index.ts';
import { findTool, toolManifest } from '../src/tools/manifest/index.ts';

/** p50 and p99 of `count` runs of `run`, in milliseconds. */
function measure(count: number, run: (index: number) => void): { p50: number; p99: number } {
  const times: number[] = [];
  for (let index = 0; index < count; index += 1) {
    const start = performance.now();
    run(index);
    times.push(performance.now() - start);
  }
  times.sort((left, right) => left - right);
  const at = (fraction: number) =>
    times[Math.min(times.length - 1, Math.floor(times.length * fraction))] ?? 0;
  return { p50: at(0.5), p99: at(0.99) };
}

const format = (figures: { p50: number; p99: number }) =>
  `p50 ${figures.p50.toFixed(3)} ms, p99 ${figures.p99.toFixed(3)} ms`;

const operations = cspApiOperations();
const files = loadEgressPolicyFiles();
const orderStatus = ['purchase_orders_list', 'purchase_orders_show', 'purchase_orders_acknowledge'].map(
  (name) => findTool(name)!,
);

/** The kinds of request a cell sends: mostly allowed ones, some of each denial. */
const mix = [
  {
    method: 'GET',
    url: '/api/purchase_orders?status=issued&limit=10',
    headers: { accept: 'application/json' },
  },
  { method: 'GET', url: '/api/purchase_orders/NWC-PO-11001', headers: { accept: 'application/json' } },
  { method: 'PUT', url: '/api/purchase_orders/NWC-PO-11001/acknowledge', headers: {} },
  { method: 'GET', url: '/api/invoices', headers: {} },
  { method: 'POST', url: '/sim/purchase_orders', headers: {} },
  { method: 'GET', url: '/api/purchase_orders/%2e%2e/invoices', headers: {} },
  { method: 'GET', url: '/api/nothing/here', headers: {} },
];

/**
 * `npm run bench -- policy`: the egress decision on the hot path of every tool call (10,000
 * decisions over a mix of allowed and denied requests, and of the allowed show alone, each evaluated
 * by Cedar; then the mix again with the policy's answer cache warm), and the cost
 * of building a policy at a skill switch.
 */
export async function runPolicyBench(_args: string[]): Promise<void> {
  const policyWith = (answerCacheSize?: number): EgressPolicy =>
    createEgressPolicy({
      tools: orderStatus,
      skill: 'order-status',
      tenantId: 'northwind',
      operations,
      policyFiles: files,
      ...(answerCacheSize === undefined ? {} : { answerCacheSize }),
    });
  const uncached = policyWith(0);
  measure(1_000, (index) => uncached.decide(mix[index % mix.length]!));
  const mixed = measure(10_000, (index) => uncached.decide(mix[index % mix.length]!));
  const allowed = measure(10_000, () => uncached.decide(mix[1]!));
  const cached = policyWith();
  measure(1_000, (index) => cached.decide(mix[index % mix.length]!));
  const mixedCached = measure(10_000, (index) => cached.decide(mix[index % mix.length]!));
  const build = (tools: typeof toolManifest, skill: string) => () =>
    createEgressPolicy({ tools, skill, tenantId: 'northwind', operations, policyFiles: files });
  measure(10, build(orderStatus, 'warm-up'));
  const small = measure(50, (index) => build(orderStatus, `order-status-${index % 5}`)());
  const whole = measure(20, (index) => build(toolManifest, `everything-${index % 5}`)());
  const withFiles = measure(20, (index) =>
    createEgressPolicy({ tools: orderStatus, skill: `s-${index % 5}`, tenantId: 'northwind', operations }),
  );
  process.stdout.write(
    [
      `egress decide, mixed requests (10,000)      ${format(mixed)}   (Cedar every time)`,
      `egress decide, allowed show (10,000)        ${format(allowed)}   (Cedar every time)`,
      `egress decide, mixed, answers cached        ${format(mixedCached)}   (paths seen before)`,
      `policy build, 3 tools (policies preloaded)  ${format(small)}`,
      `policy build, all ${toolManifest.length} tools                ${format(whole)}`,
      `policy build, 3 tools, reading policies/    ${format(withFiles)}`,
      '',
    ].join('\n'),
  );
}

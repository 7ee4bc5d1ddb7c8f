import { performance } from 'node:perf_hooks';
import type { AuditEvent } from '../src/audit/event-types.ts';
import { summarize } from '../src/broker/overhead.ts';
import type { createCellPool } from '../src/sandbox/index.ts';
import { runTurn } from '../src/sessions/run-turn.ts';
import type { TurnRequest } from '../src/sessions/turn-types.ts';
import { createTempDir } from '../src/testing/temp-dir.ts';
import { startTurnRig } from './turn-rig.ts';
import { createTurnTimeline, type TurnBreakdown } from './turn-timeline.ts';

const admin = {
  id: 'maria.chen',
  scopes: ['csp.orders.read', 'csp.orders.write', 'csp.catalogs.read', 'csp.catalogs.write'],
};

/** Three tool calls, one after the other, then the answer: a status question. */
function threeCallScript() {
  return [
    { toolCalls: [{ name: 'purchase_orders_list', input: { status: 'issued', limit: 5 } }] },
    { toolCalls: [{ name: 'purchase_orders_show', input: { id: 'NWC-PO-11001' } }] },
    { toolCalls: [{ name: 'purchase_order_changes_list', input: {} }] },
    { text: 'PO NWC-PO-11001 is issued; no change is pending.' },
  ];
}

/** Fifty tool calls, ten model steps of five parallel reads each, then the answer: a bulk job. */
function fiftyCallScript() {
  const steps = Array.from({ length: 10 }, (_, step) => ({
    toolCalls: Array.from({ length: 5 }, (_, index) => ({
      name: 'catalog_items_list',
      input: { catalog: 2, limit: 5, offset: ((step * 5 + index) * 5) % 30 },
    })),
  }));
  return [...steps, { text: 'Reviewed every item of the draft catalog.' }];
}

const ms = (value: number) => value.toFixed(1).padStart(8);
const fine = (value: number) => value.toFixed(3).padStart(10);

/**
 * `npm run bench -- loop`: whole turns in real cells with the scripted model (no model latency),
 * against the CSP API in its own process. Per turn: wall time, time waiting on the model and the
 * API, and the rest (our overhead: cell start, the loop, broker, audit). Then interrupt latency:
 * from the interrupt request until the cell is dead and `session-interrupted` is durable.
 */
export async function runLoopBench(args: string[]): Promise<void> {
  const rounds = Number(args[args.indexOf('--rounds') + 1]) || 10;
  const dir = createTempDir('loop-bench-');
  const rig = await startTurnRig(dir.path);
  const { agentEntry, pool } = rig;
  process.stdout.write(
    `agent loop: ${agentEntry.bundled ? 'bundled' : 'through tsx'} (${agentEntry.relativePath})\n`,
  );
  try {
    const runtime = rig.runtime;
    let session = 0;
    const turn = async (turns: unknown[], skill: string, extra: Partial<TurnRequest> = {}) => {
      session += 1;
      const timeline = createTurnTimeline();
      const result = await runTurn(runtime(turns), {
        sessionId: `loop-bench-${session}`,
        tenantId: 'northwind',
        user: admin,
        message: 'benchmark',
        skill,
        onEvent: timeline.onEvent,
        ...extra,
      });
      if (result.status !== 'completed' && !extra.signal)
        throw new Error(`turn ${result.status}: ${result.reason}`);
      return timeline.finish();
    };
    await pool.whenFilled();
    await turn(threeCallScript(), 'order-status');
    const report = (label: string, samples: TurnBreakdown[]) => {
      const pick = (field: keyof TurnBreakdown) => summarize(samples.map((sample) => sample[field]));
      const rows: Array<[string, keyof TurnBreakdown]> = [
        ['turn time', 'turnMs'],
        ['waiting on the API', 'apiMs'],
        ['waiting on the model', 'modelMs'],
        ['our overhead', 'overheadMs'],
      ];
      process.stdout.write(
        `\n${label} (${samples.length} turns, ${samples[0]?.toolCalls ?? 0} tool calls each):\n`,
      );
      for (const [name, field] of rows) {
        const { p50, p99 } = pick(field);
        process.stdout.write(`  ${name.padEnd(22)} p50 ${ms(p50)} ms   p99 ${ms(p99)} ms\n`);
      }
      const perCall = summarize(samples.map((sample) => sample.overheadMs / Math.max(1, sample.toolCalls)));
      process.stdout.write(`  ${'overhead per tool call'.padEnd(22)} p50 ${ms(perCall.p50)} ms\n`);
    };
    const three: TurnBreakdown[] = [];
    for (let index = 0; index < rounds; index += 1) three.push(await turn(threeCallScript(), 'order-status'));
    report('scripted 3-call turn', three);
    const fifty: TurnBreakdown[] = [];
    for (let index = 0; index < Math.max(3, Math.ceil(rounds / 3)); index += 1) {
      fifty.push(await turn(fiftyCallScript(), 'catalog-enrichment'));
    }
    report('scripted 50-call turn (10 steps x 5 parallel calls)', fifty);

    await reportToolProcessCost(pool);

    const latencies: number[] = [];
    for (let index = 0; index < Math.max(20, rounds * 2); index += 1) {
      latencies.push(await interruptLatency(turn));
    }
    const { p50, p99 } = summarize(latencies);
    process.stdout.write(
      `\ninterrupt latency, request to cell dead and session-interrupted durable (${latencies.length} turns):\n` +
        `  p50 ${ms(p50)} ms   p99 ${ms(p99)} ms   (target p99 <= 50 ms)\n`,
    );
  } finally {
    await rig.close();
    dir.remove();
  }
}

/** Interrupts a turn while its model call is in flight; resolves with the latency in ms. */
async function interruptLatency(
  turn: (turns: unknown[], skill: string, extra: Partial<TurnRequest>) => Promise<TurnBreakdown>,
): Promise<number> {
  const controller = new AbortController();
  let requestedAt = 0;
  let interruptedAt = 0;
  let cellDeadAt = 0;
  const onEvent = (event: AuditEvent) => {
    if (event.type === 'model-request') {
      setTimeout(() => {
        requestedAt = performance.now();
        controller.abort('benchmark interrupt');
      }, 50);
    }
    if (event.type === 'session-interrupted') interruptedAt = performance.now();
    // Recorded once the cell's processes are gone and it is torn down.
    if (event.type === 'cell-exit') cellDeadAt = performance.now();
  };
  await turn([{ text: 'never', delayMs: 60_000 }], 'order-status', { signal: controller.signal, onEvent });
  return Math.max(interruptedAt, cellDeadAt) - requestedAt;
}

/**
 * Why `csp` runs inside the loop's process: in a cell, the same `csp` command line (its help, so no
 * API call blurs the figure) run in process by the loop, as a child process through tsx (what
 * `/app/bin/csp` is), and the floor of any child process (`node -e 0`).
 */
async function reportToolProcessCost(pool: ReturnType<typeof createCellPool>): Promise<void> {
  const script = `
    const { spawnSync } = await import('node:child_process');
    const { runCsp } = await import('/app/src/tools/csp/index.ts');
    const time = (count, run) => {
      const samples = [];
      for (let index = 0; index < count; index += 1) {
        const started = performance.now();
        run();
        samples.push(performance.now() - started);
      }
      samples.sort((a, b) => a - b);
      return samples[Math.floor(samples.length / 2)];
    };
    const argv = ['purchase-orders', 'show', '--help'];
    for (let index = 0; index < 20; index += 1) await runCsp(argv);
    const inProcess = [];
    for (let index = 0; index < 200; index += 1) {
      const started = performance.now();
      await runCsp(argv);
      inProcess.push(performance.now() - started);
    }
    inProcess.sort((a, b) => a - b);
    const child = time(10, () => spawnSync(process.execPath, ['/app/bin/csp', ...argv]));
    const bare = time(10, () => spawnSync(process.execPath, ['-e', '0']));
    console.log(JSON.stringify({ inProcess: inProcess[100], child, bare }));
  `;
  const cell = await pool.acquire({ sessionId: `loop-bench-tool-cost-${Date.now()}` });
  const chunks: Buffer[] = [];
  cell.stdout.on('data', (chunk: Buffer) => chunks.push(chunk));
  cell.stderr.resume();
  await cell.run({ argv: ['node', '--import', 'tsx', '--input-type=module', '-e', script], cwd: '/app' });
  const figures = JSON.parse(Buffer.concat(chunks).toString('utf8').trim().split('\n').at(-1) ?? '{}') as {
    inProcess: number;
    child: number;
    bare: number;
  };
  process.stdout.write(
    `\none csp command line in a cell, p50 (csp ... --help: no API call):\n` +
      `  in the loop's process          ${fine(figures.inProcess)} ms\n` +
      `  child process through tsx      ${fine(figures.child)} ms\n` +
      `  any child process (node -e 0)  ${fine(figures.bare)} ms\n`,
  );
}

import path from 'node:path';
import { performance } from 'node:perf_hooks';
import pg from 'pg';
import type { AuditStore } from '../src/audit/event-types.ts';
import { createSqliteAuditLog, verifyAll } from '../src/audit/index.ts';
import { createPostgresAuditLog } from '../src/audit/postgres/index.ts';
import { summarize } from '../src/broker/overhead.ts';
import { systemClock } from '../src/clock/clock.ts';
import { rerunSession } from '../src/replay/rerun-session.ts';
import { buildTimeline } from '../src/replay/timeline.ts';
import { runTurn } from '../src/sessions/run-turn.ts';
import { createTempDir } from '../src/testing/temp-dir.ts';
import { startTurnRig } from './turn-rig.ts';

const postgresUrl = process.env.SUPPLIER_AGENT_BENCH_POSTGRES ?? 'postgres://postgres@127.0.0.1:5432/test';
const ms = (value: number) => value.toFixed(1).padStart(8);

/** An event the size of a typical tool result (about 1 KB of payload). */
const payload = (index: number) => ({
  tool: 'catalog_items_list',
  toolUseId: `toolu_${index}`,
  exitCode: 0,
  stdout: JSON.stringify({
    items: Array.from({ length: 8 }, (_, item) => ({
      id: item,
      name: `Item ${item}`,
      uom: 'EA',
      price: 12.5,
    })),
  }),
});

/** Appends `total` events from `writers` sessions at once, each awaiting its own appends (as brokers do). */
async function appendRate(store: AuditStore, writers: number, total: number): Promise<number> {
  const perWriter = Math.ceil(total / writers);
  const started = performance.now();
  await Promise.all(
    Array.from({ length: writers }, async (_, writer) => {
      for (let index = 0; index < perWriter; index += 1) {
        await store.append(`bench-${writer}`, { type: 'tool-result', payload: payload(index) });
      }
    }),
  );
  return (perWriter * writers) / ((performance.now() - started) / 1000);
}

/**
 * `npm run bench -- audit [--events N] [--writers W] [--rerun-only]`: durable appends per second on
 * SQLite and on PostgreSQL (each append resolves only once committed), verify time per 10,000
 * events, and the timeline and re-run time of a recorded 100-tool-call session (`--rerun-only`:
 * just that part).
 */
export async function runAuditBench(args: string[]): Promise<void> {
  if (args.includes('--rerun-only')) {
    const dir = createTempDir('audit-bench-');
    try {
      await replayFigures(dir.path);
    } finally {
      dir.remove();
    }
    return;
  }
  const total = Number(args[args.indexOf('--events') + 1]) || 50_000;
  const writers = Number(args[args.indexOf('--writers') + 1]) || 64;
  const dir = createTempDir('audit-bench-');
  try {
    const sqlite = createSqliteAuditLog({ dataDir: path.join(dir.path, 'sqlite'), clock: systemClock });
    const sqliteRate = await appendRate(sqlite, writers, total);
    process.stdout.write(`durable appends, ${writers} sessions writing at once, ~1 KB events:\n`);
    process.stdout.write(
      `  SQLite       ${sqliteRate.toFixed(0).padStart(8)} events/s   (target >= 20,000)\n`,
    );
    const verifyStarted = performance.now();
    const verified = await verifyAll(sqlite);
    const verifyMs = performance.now() - verifyStarted;
    await sqlite.close();
    await postgresFigures(writers, Math.min(total, 20_000));
    const events = verified.ok ? verified.events : 0;
    process.stdout.write(
      `\nverify (chains + checkpoints), SQLite: ${events} events in ${verifyMs.toFixed(0)} ms = ${((verifyMs / events) * 10_000).toFixed(0)} ms per 10,000 events\n`,
    );
    await replayFigures(dir.path);
  } finally {
    dir.remove();
  }
}

async function postgresFigures(writers: number, total: number): Promise<void> {
  const schema = `bench_audit_${process.pid}`;
  let store: AuditStore | undefined;
  try {
    store = await createPostgresAuditLog({ url: postgresUrl, clock: systemClock, schema, poolSize: 4 });
    const rate = await appendRate(store, writers, total);
    process.stdout.write(
      `  PostgreSQL   ${rate.toFixed(0).padStart(8)} events/s   (${postgresUrl.replace(/\/\/[^@]*@/, '//')})\n`,
    );
    const started = performance.now();
    const verified = await verifyAll(store);
    const took = performance.now() - started;
    const events = verified.ok ? verified.events : 0;
    process.stdout.write(
      `  PostgreSQL verify: ${((took / Math.max(1, events)) * 10_000).toFixed(0)} ms per 10,000 events\n`,
    );
  } catch (error) {
    process.stdout.write(`  PostgreSQL   not measured: ${(error as Error).message}\n`);
  } finally {
    await store?.close();
    const client = new pg.Client({ connectionString: postgresUrl });
    await client
      .connect()
      .then(() => client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`))
      .catch(() => {})
      .finally(() => client.end().catch(() => {}));
  }
}

/** Fifty tool calls: ten model steps of five parallel reads each, then the answer. */
function fiftyCalls(turn: number) {
  const steps = Array.from({ length: 10 }, (_, step) => ({
    toolCalls: Array.from({ length: 5 }, (_, index) => ({
      name: 'catalog_items_list',
      input: { catalog: 2, limit: 5, offset: ((step * 5 + index + turn) * 5) % 30 },
    })),
  }));
  return [...steps, { text: `Reviewed the draft catalog (pass ${turn + 1}).` }];
}

async function replayFigures(root: string): Promise<void> {
  const rig = await startTurnRig(root);
  const { agentEntry, pool, audit, skills } = rig;
  try {
    const sessionId = 'audit-bench-100-calls';
    // One script for both turns: the second turn goes on where the first stopped.
    const runtime = rig.runtime([...fiftyCalls(0), ...fiftyCalls(1)]);
    await pool.whenFilled();
    for (const turn of [0, 1]) {
      const result = await runTurn(runtime, {
        sessionId,
        tenantId: 'northwind',
        user: { id: 'li.wong', scopes: ['csp.catalogs.read', 'csp.catalogs.write'] },
        message: `Review the draft catalog, pass ${turn + 1}`,
        skill: 'catalog-enrichment',
      });
      if (result.status !== 'completed') throw new Error(`recording turn ${result.status}: ${result.reason}`);
    }
    const events = audit.events(sessionId);
    const toolCalls = events.filter((event) => event.type === 'tool-call').length;
    const timelines: number[] = [];
    for (let round = 0; round < 20; round += 1) {
      const started = performance.now();
      buildTimeline(audit.events(sessionId));
      timelines.push(performance.now() - started);
    }
    const reruns: number[] = [];
    for (let round = 0; round < 5; round += 1) {
      await pool.whenFilled();
      const report = await rerunSession({
        events,
        skills,
        pool,
        agentEntry: agentEntry.relativePath,
        clock: systemClock,
      });
      if (!report.ok) throw new Error(`re-run diverged: ${report.divergence?.message}`);
      reruns.push(report.durationMs);
    }
    const timeline = summarize(timelines);
    const rerun = summarize(reruns);
    process.stdout.write(
      `\nrecorded session: 2 turns, ${toolCalls} tool calls, ${events.length} events\n` +
        `  timeline (read + build)   p50 ${ms(timeline.p50)} ms   p99 ${ms(timeline.p99)} ms   (${timelines.length} runs)\n` +
        `  re-run in fresh cells     p50 ${ms(rerun.p50)} ms   max ${ms(Math.max(...reruns))} ms   (${reruns.length} runs; target <= 500 ms)\n`,
    );
  } finally {
    await rig.close();
  }
}

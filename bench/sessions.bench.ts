import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { summarize } from '../src/broker/overhead.ts';
import { createTempDir } from '../src/testing/temp-dir.ts';
import { type ListeningChild, startListeningChild } from './api-child.ts';
import { treePssBytes } from './process-tree-memory.ts';

const run = promisify(execFile);
const supplierAgent = fileURLToPath(new URL('../bin/supplier-agent', import.meta.url));

/** One user per seeded tenant: the sessions are spread over the three. */
const users = [
  { tenantId: 'northwind', userId: 'maria.chen' },
  { tenantId: 'bluepeak', userId: 'sam.rivera' },
  { tenantId: 'harbor', userId: 'jonas.weber' },
];

function option(args: string[], name: string, fallback: number): number {
  const at = args.indexOf(`--${name}`);
  const value = at === -1 ? Number.NaN : Number(args[at + 1]);
  return Number.isFinite(value) && value >= 0 ? value : fallback;
}

/**
 * `npm run bench -- sessions [--sessions N] [--model-latency MS] [--max-running M] [--pool P]`: N sessions at once through the
 * HTTP API of a `serve` in its own process (scripted model answering after the given latency, three
 * tool calls per turn, against the embedded CSP API). Prints throughput, p50/p99 turn time against
 * the floor (four model calls' latency plus the API time of an uncontended turn), errors, and the
 * memory of the whole platform (PSS of serve, its cells and the CSP API) at its peak.
 */
export async function runSessionsBench(args: string[]): Promise<void> {
  const sessions = option(args, 'sessions', 50);
  const latency = option(args, 'model-latency', 500);
  const maxRunning = option(args, 'max-running', 64);
  const poolSize = option(args, 'pool', 8);
  const dir = createTempDir('sessions-bench-');
  const script = path.join(dir.path, 'script.json');
  fs.writeFileSync(
    script,
    JSON.stringify({
      mode: 'per-turn',
      turns: [
        {
          toolCalls: [{ name: 'purchase_orders_list', input: { status: 'issued', limit: 5 } }],
          delayMs: latency,
        },
        { toolCalls: [{ name: 'customers_list', input: {} }], delayMs: latency },
        { toolCalls: [{ name: 'purchase_order_changes_list', input: {} }], delayMs: latency },
        { text: 'Five issued orders, no pending change.', delayMs: latency },
      ],
    }),
  );
  const serve = await startServe(dir.path, script, sessions, maxRunning, poolSize);
  try {
    const tokens = await Promise.all(
      users.map(async (user) =>
        (
          await run(supplierAgent, [
            'token',
            '--data-dir',
            dir.path,
            '--tenant',
            user.tenantId,
            '--user',
            user.userId,
          ])
        ).stdout.trim(),
      ),
    );
    const turn = async (index: number) => {
      const started = performance.now();
      try {
        const answer = await fetch(`${serve.url}/v1/sessions`, {
          method: 'POST',
          headers: {
            authorization: `Bearer ${tokens[index % tokens.length]}`,
            'content-type': 'application/json',
            accept: 'application/json',
          },
          body: JSON.stringify({ message: 'Which of my orders are issued?', skill: 'order-status' }),
          signal: AbortSignal.timeout(600_000),
        });
        const body = (await answer.json()) as {
          turn?: { status?: string; reason?: string };
          error?: { code?: string };
        };
        const ok = answer.status === 201 && body.turn?.status === 'completed';
        const why = body.turn ? `${body.turn.status}: ${body.turn.reason ?? ''}` : (body.error?.code ?? '');
        return { ms: performance.now() - started, ok, status: answer.status, why: ok ? '' : why };
      } catch {
        return { ms: performance.now() - started, ok: false, status: 0, why: 'no answer' };
      }
    };
    const solo = await turn(0);
    if (!solo.ok) throw new Error(`a single turn failed (HTTP ${solo.status})`);
    const floor = 4 * latency;
    let peakPss = 0;
    const sampler = setInterval(() => {
      peakPss = Math.max(peakPss, treePssBytes(serve.child.pid ?? 0));
    }, 250);
    const started = performance.now();
    const results = await Promise.all(Array.from({ length: sessions }, (_, index) => turn(index)));
    const wallMs = performance.now() - started;
    clearInterval(sampler);
    const good = results.filter((result) => result.ok);
    const { p50, p99 } = summarize(good.map((result) => result.ms));
    const statuses = new Map<string, number>();
    for (const result of results.filter((candidate) => !candidate.ok)) {
      const why = result.why.replace(/cell-[0-9a-f]+/g, 'cell-…').slice(0, 100);
      const key = `HTTP ${result.status || 'none'} ${why}`;
      statuses.set(key, (statuses.get(key) ?? 0) + 1);
    }
    const fmt = (value: number) => value.toFixed(0).padStart(7);
    process.stdout.write(
      [
        `${sessions} concurrent sessions, one turn each (3 tool calls, model latency ${latency} ms per call, at most ${maxRunning} turns running, the rest queued):`,
        `  floor (4 model calls)      ${fmt(floor)} ms`,
        `  one turn alone             ${fmt(solo.ms)} ms`,
        `  turn time under load  p50  ${fmt(p50)} ms   p99 ${fmt(p99)} ms   p99/floor ${(p99 / floor).toFixed(2)} (target <= 1.2)`,
        `  throughput                 ${(good.length / (wallMs / 1000)).toFixed(1)} turns/s over ${(wallMs / 1000).toFixed(1)} s`,
        `  errors                     ${results.length - good.length}${statuses.size > 0 ? ` (${[...statuses].map(([why, count]) => `${count} x ${why}`).join('; ')})` : ''}`,
        `  peak memory (PSS, whole platform)  ${(peakPss / 1024 / 1024).toFixed(0)} MB, ${(peakPss / 1024 / 1024 / sessions).toFixed(1)} MB per session`,
        '',
      ].join('\n'),
    );
  } finally {
    await serve.stop();
    dir.remove();
  }
}

function startServe(
  dataDir: string,
  script: string,
  sessions: number,
  maxRunning: number,
  poolSize: number,
): Promise<ListeningChild> {
  const args = [
    'serve',
    '--port',
    '0',
    '--smtp-port',
    'off',
    '--data-dir',
    dataDir,
    '--model',
    `scripted:${script}`,
  ];
  return startListeningChild([...args, '--rate-limit', 'off'], {
    env: {
      // Admission runs at most `maxRunning` turns at once (the platform's default is 64) and queues
      // the rest, so the queue must hold every session of the run.
      SUPPLIER_AGENT_MAX_RUNNING: String(maxRunning),
      SUPPLIER_AGENT_MAX_RUNNING_PER_TENANT: String(maxRunning),
      SUPPLIER_AGENT_MAX_QUEUED: String(sessions),
      SUPPLIER_AGENT_MAX_QUEUED_PER_TENANT: String(sessions),
      SUPPLIER_AGENT_POOL_SIZE: String(poolSize),
    },
    stopGraceMs: 30_000,
  });
}

import os from 'node:os';
import { performance } from 'node:perf_hooks';
import type { AuditEvent } from '../audit/event-types.ts';
import type { CredentialProvider } from '../broker/credentials.ts';
import type { Clock } from '../clock/clock.ts';
import type { CellPool } from '../sandbox/cell-pool.ts';
import { runTurn } from '../sessions/run-turn.ts';
import type { SkillRegistry } from '../skills/index.ts';
import { type Divergence, firstDivergence } from './compare-events.ts';
import { type RecordedTurn, recordedSession } from './recorded-turns.ts';
import { startReplayApi } from './replay-api.ts';
import type { ReplayControl } from './replay-control.ts';
import { createReplayModel } from './replay-model.ts';
import { createRerunLog, type RerunLog } from './rerun-log.ts';

export interface RerunOptions {
  /** The recorded session's events, verified. */
  events: readonly AuditEvent[];
  skills: SkillRegistry;
  /** Where the re-run's fresh cells come from. */
  pool: CellPool;
  /** The agent loop's entry below the application root (as the platform runs it). */
  agentEntry?: string;
  clock: Clock;
  /** Turns re-run side by side; default one per core. */
  parallelTurns?: number;
}

export interface RerunReport {
  ok: boolean;
  sessionId: string;
  /** Turns re-run (all of them when ok; up to the diverging one otherwise). */
  turns: number;
  /** Recorded events compared. */
  compared: number;
  divergence?: Divergence & { turn: number; notes: string[] };
  durationMs: number;
}

/** The re-run's broker needs a credential; the replayed API never checks it. */
const replayCredential: CredentialProvider = {
  token: async () => ({ value: 'replay', id: 'credential:replay:00000000' }),
  invalidate: () => {},
};

/**
 * Re-runs a session from its record: every turn again, in a fresh cell, through the same turn path
 * as the platform (routing, scopes, broker, policy, loop), with the recorded user messages as input,
 * the recorded model responses in place of the model and the recorded API responses in place of the
 * API. The re-run's own log must then match the record event for event (time, cells and credentials
 * aside); the first difference is the divergence. An event missing from the record makes the re-run
 * diverge, which is what proves the record complete.
 *
 * The audit log is a session's state (a turn rebuilds the conversation from it), so each turn is
 * re-run from the recorded log as it stood when the turn began, in a log of its own: turns do not
 * wait for each other and run side by side, and the first divergence in turn order is reported.
 */
export async function rerunSession(options: RerunOptions): Promise<RerunReport> {
  const started = performance.now();
  const session = recordedSession(options.events);
  const outcomes = await mapLimited(session.turns, options.parallelTurns ?? defaultParallelTurns(), (turn) =>
    rerunTurnFromRecord(options, session, turn),
  );
  let compared = 0;
  for (const [index, outcome] of outcomes.entries()) {
    const turn = session.turns[index] as RecordedTurn;
    compared += outcome.compared;
    if (outcome.divergence) {
      return {
        ok: false,
        sessionId: session.sessionId,
        turns: turn.index,
        compared,
        divergence: { ...outcome.divergence, turn: turn.index, notes: outcome.notes },
        durationMs: performance.now() - started,
      };
    }
  }
  return {
    ok: true,
    sessionId: session.sessionId,
    turns: session.turns.length,
    compared,
    durationMs: performance.now() - started,
  };
}

type TurnOutcome = { compared: number; divergence?: Divergence; notes: string[] };

/** One turn in a throw-away log holding the record up to the turn (its conversation, its owner). */
async function rerunTurnFromRecord(
  options: RerunOptions,
  session: ReturnType<typeof recordedSession>,
  turn: RecordedTurn,
): Promise<TurnOutcome> {
  const audit = createRerunLog(options.clock);
  try {
    const firstSeq = turn.events[0]?.seq ?? 1;
    for (const event of options.events) {
      if (event.seq >= firstSeq) break;
      await audit.append(session.sessionId, { type: event.type, payload: event.payload });
    }
    return await rerunTurn(options, session, turn, audit);
  } finally {
    await audit.close();
  }
}

/** Turns at once: one per core (each turn keeps a cell and the broker busy). */
function defaultParallelTurns(): number {
  return Math.max(1, os.availableParallelism());
}

/** `map` with at most `limit` calls in flight; results in input order. */
async function mapLimited<Item, Result>(
  items: readonly Item[],
  limit: number,
  run: (item: Item) => Promise<Result>,
): Promise<Result[]> {
  const results: Result[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next;
      next += 1;
      results[index] = await run(items[index] as Item);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

async function rerunTurn(
  options: RerunOptions,
  session: ReturnType<typeof recordedSession>,
  turn: RecordedTurn,
  audit: RerunLog,
): Promise<TurnOutcome> {
  const notes: string[] = [];
  const controller = new AbortController();
  const control: ReplayControl = {
    divergence: (message) => {
      notes.push(message);
      controller.abort('replay divergence');
    },
    interrupt: (reason) => controller.abort(reason),
  };
  const model = createReplayModel(turn, control);
  const api = await startReplayApi(turn, control);
  const before = audit.events(session.sessionId).length;
  try {
    await runTurn(
      {
        skills: options.skills,
        model,
        pool: options.pool,
        audit,
        upstreamUrl: api.url,
        credentials: () => replayCredential,
        clock: options.clock,
        ...(options.agentEntry ? { agentEntry: options.agentEntry } : {}),
      },
      {
        sessionId: session.sessionId,
        tenantId: session.tenantId,
        user: { id: turn.userId, scopes: turn.scopes ?? everyScope(options.skills) },
        message: turn.message,
        ...(turn.callerSkill ? { skill: turn.callerSkill } : {}),
        signal: controller.signal,
      },
    );
  } finally {
    await api.close();
  }
  if (model.remaining() > 0) notes.push(`${model.remaining()} recorded model calls were not made`);
  if (api.remaining() > 0) notes.push(`${api.remaining()} recorded API requests were not sent`);
  const rerun = audit.events(session.sessionId).slice(before);
  const divergence = firstDivergence(turn.events, rerun);
  if (divergence) return { compared: divergence.index, divergence, notes };
  if (notes.length > 0) {
    return {
      compared: turn.events.length,
      divergence: { index: turn.events.length, message: notes[0] as string },
      notes,
    };
  }
  return { compared: turn.events.length, notes };
}

/** For logs written before scopes were recorded: every scope any skill names. */
function everyScope(skills: SkillRegistry): string[] {
  const scopes = new Set<string>();
  for (const skill of skills.all()) {
    for (const scope of skill.requiredScopes) scopes.add(scope);
    for (const list of Object.values(skill.toolScopes)) for (const scope of list) scopes.add(scope);
  }
  return [...scopes];
}

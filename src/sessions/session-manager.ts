import { randomUUID } from 'node:crypto';
import type { AuditEvent } from '../audit/event-types.ts';
import type { Clock } from '../clock/clock.ts';
import { AppError } from '../errors/index.ts';
import type { TenantContext } from '../identity/tenant-context.ts';
import { createAdmission, type Waiting } from './admission.ts';
import { runTurn } from './run-turn.ts';
import {
  type AdmissionLimits,
  defaultAdmissionLimits,
  type SessionManager,
  type StartTurnRequest,
} from './session-manager-types.ts';
import { createSessionCounters } from './session-metrics.ts';
import { turnsFromEvents } from './session-view.ts';
import { turnReplies } from './turn-replies.ts';
import type { TurnResult, TurnRuntime } from './turn-types.ts';

export interface SessionManagerOptions {
  runtime: TurnRuntime;
  limits?: Partial<AdmissionLimits>;
  clock: Clock;
  /** New session ids; default random UUIDs. */
  newSessionId?: () => string;
}

/** A turn admitted and not yet ended. */
interface ActiveTurn {
  tenantId: string;
  state: 'running' | 'queued';
  controller: AbortController;
  waiting: Waiting;
  /** Ends a queued turn that never ran. */
  dropQueued(reason: string): void;
  result: Promise<TurnResult>;
}

export function createSessionManager(options: SessionManagerOptions): SessionManager {
  const limits = { ...defaultAdmissionLimits, ...options.limits };
  const { runtime, clock } = options;
  const admission = createAdmission(limits);
  const active = new Map<string, ActiveTurn>();
  /** Owners of sessions started here whose `session-start` may not be on the log yet. */
  const owners = new Map<string, { tenantId: string; userId: string }>();
  const suspended = new Map<string, string>();
  const counters = createSessionCounters();
  let closing = false;

  const hasEvents = async (sessionId: string) =>
    (await runtime.audit.events(sessionId, { beforeSeq: 2 })).length > 0;
  const ownerOf = async (sessionId: string) => {
    const known = owners.get(sessionId);
    if (known) return known;
    const first = (await runtime.audit.events(sessionId, { beforeSeq: 2 }))[0];
    if (first?.type !== 'session-start') return undefined;
    const { tenantId, userId } = first.payload;
    return typeof tenantId === 'string'
      ? { tenantId, userId: typeof userId === 'string' ? userId : '' }
      : undefined;
  };
  /** Another tenant's session is exactly as missing as one that never existed. */
  const requireOwn = async (context: TenantContext, sessionId: string, operatorMayRead = false) => {
    const owner = await ownerOf(sessionId);
    if (!owner || (owner.tenantId !== context.tenantId && !(operatorMayRead && context.operator))) {
      throw new AppError('not_found', `No session ${sessionId}.`);
    }
    return owner;
  };
  const recordQueuedInterrupt = async (sessionId: string, reason: string) => {
    if (!(await hasEvents(sessionId))) return;
    const event = await runtime.audit.append(sessionId, {
      type: 'session-interrupted',
      payload: { reason, inFlight: [], queued: true },
    });
    counters.observeEvent(event);
  };

  async function startTurn(request: StartTurnRequest) {
    const { context } = request;
    if (closing) throw new AppError('unavailable', 'The platform is shutting down.', { retryable: true });
    if (suspended.has(context.tenantId)) {
      counters.refused.suspended += 1;
      throw new AppError(
        'tenant_suspended',
        `Tenant ${context.tenantId} is suspended: ${suspended.get(context.tenantId)}.`,
      );
    }
    if (request.skill !== undefined) {
      if (!runtime.skills.get(request.skill)) {
        throw new AppError('invalid_argument', `Unknown skill "${request.skill}".`, {
          fields: {
            skill: [
              `must be one of ${runtime.skills
                .all()
                .map((skill) => skill.name)
                .join(', ')}`,
            ],
          },
        });
      }
    }
    const isNew = request.sessionId === undefined;
    const sessionId = request.sessionId ?? (options.newSessionId ?? randomUUID)();
    if (!isNew) await requireOwn(context, sessionId);
    if (active.has(sessionId)) {
      counters.refused.conflict += 1;
      throw new AppError(
        'conflict',
        `Session ${sessionId} is already running a turn; wait for it or interrupt it.`,
      );
    }
    let settle: (result: TurnResult) => void = () => {};
    const result = new Promise<TurnResult>((resolve) => {
      settle = resolve;
    });
    const controller = new AbortController();
    const finish = (outcome: TurnResult, startedAt: number | undefined) => {
      if (startedAt !== undefined)
        counters.observeTurn(outcome.status, (clock.now().getTime() - startedAt) / 1000);
      active.delete(sessionId);
      settle(outcome);
      // Once the log holds the session, it is the record of who owns it.
      void hasEvents(sessionId)
        .then((recorded) => {
          if (recorded && !active.has(sessionId)) owners.delete(sessionId);
        })
        .catch(() => {});
    };
    const run = () => {
      turn.state = 'running';
      const startedAt = clock.now().getTime();
      // Never rejects: a failure becomes a `failed` result below.
      void runTurn(runtime, {
        sessionId,
        tenantId: context.tenantId,
        user: { id: context.userId, scopes: context.scopes },
        message: request.message,
        ...(request.skill === undefined ? {} : { skill: request.skill }),
        ...(request.channelEvents ? { channelEvents: request.channelEvents } : {}),
        signal: controller.signal,
        ...(request.onText ? { onText: request.onText } : {}),
        onEvent(event: AuditEvent) {
          counters.observeEvent(event);
          request.onEvent?.(event);
        },
      })
        .catch(
          (error: unknown): TurnResult => ({
            sessionId,
            status: 'failed',
            reply: turnReplies.failed,
            reason: error instanceof Error ? error.message : String(error),
          }),
        )
        .then((outcome) => {
          finish(outcome, startedAt);
          admission.release(context.tenantId);
        });
    };
    const waiting: Waiting = { tenantId: context.tenantId, start: run };
    const turn: ActiveTurn = {
      tenantId: context.tenantId,
      state: 'queued',
      controller,
      waiting,
      result,
      dropQueued(reason) {
        void recordQueuedInterrupt(sessionId, reason)
          .catch(() => {})
          .then(() => finish({ sessionId, status: 'interrupted', reply: '', reason }, undefined));
      },
    };
    active.set(sessionId, turn);
    if (isNew) owners.set(sessionId, { tenantId: context.tenantId, userId: context.userId });
    try {
      const state = admission.admit(waiting);
      return { sessionId, state, result };
    } catch (error) {
      active.delete(sessionId);
      if (isNew) owners.delete(sessionId);
      counters.refused.busy += 1;
      throw error;
    }
  }

  /** Stops one admitted turn: a running one through its signal, a queued one by dropping it. */
  const stop = (turn: ActiveTurn, reason: string) => {
    if (turn.state === 'queued' && admission.cancel(turn.waiting)) turn.dropQueued(reason);
    else turn.controller.abort(reason);
  };

  return {
    startTurn,
    async interrupt(context, sessionId, reason) {
      await requireOwn(context, sessionId);
      const turn = active.get(sessionId);
      if (!turn) return false;
      stop(turn, reason);
      return true;
    },
    async describe(context, sessionId) {
      const owner = await requireOwn(context, sessionId, true);
      const turn = active.get(sessionId);
      return {
        sessionId,
        tenantId: owner.tenantId,
        userId: owner.userId,
        status: turn ? turn.state : 'idle',
        turns: turnsFromEvents(await runtime.audit.events(sessionId)),
      };
    },
    async auditEvents(context, sessionId) {
      await requireOwn(context, sessionId, true);
      return runtime.audit.events(sessionId);
    },
    async suspendTenant(tenantId, reason) {
      suspended.set(tenantId, reason);
      const turns = [...active.values()].filter((turn) => turn.tenantId === tenantId);
      for (const turn of turns) stop(turn, `tenant suspended: ${reason}`);
      await Promise.all(turns.map((turn) => turn.result));
      return { interrupted: turns.length };
    },
    resumeTenant(tenantId) {
      suspended.delete(tenantId);
    },
    stats() {
      const byTenant = (count: (tenantId: string) => number) =>
        Object.fromEntries(admission.tenants().map((tenantId) => [tenantId, count(tenantId)]));
      return {
        running: admission.running(),
        queued: admission.queued(),
        runningByTenant: byTenant((tenantId) => admission.running(tenantId)),
        queuedByTenant: byTenant((tenantId) => admission.queued(tenantId)),
        suspendedTenants: [...suspended.keys()],
        ...counters.snapshot(),
      };
    },
    async close(reason) {
      closing = true;
      const turns = [...active.values()];
      for (const turn of turns) stop(turn, reason);
      await Promise.all(turns.map((turn) => turn.result));
    },
  };
}

import type { AuditEvent } from '../audit/event-types.ts';
import { AppError } from '../errors/index.ts';

/** One turn of a recorded session, with the inputs a re-run feeds back. */
export interface RecordedTurn {
  /** 1-based position in the session. */
  index: number;
  /** From the `user-message` to the `turn-end`, inclusive. */
  events: AuditEvent[];
  message: string;
  userId: string;
  /** The user's scopes when the turn ran (absent in logs written before they were recorded). */
  scopes?: string[];
  /** The skill the caller chose (routing skipped), when the caller chose one. */
  callerSkill?: string;
  /** The recorded interrupt, when the turn was interrupted. */
  interrupt?: { reason: string; atSeq: number };
}

export interface RecordedSession {
  sessionId: string;
  tenantId: string;
  userId: string;
  turns: RecordedTurn[];
}

/** Splits a session's events into turns. A turn without its `turn-end` (still running) is left out. */
export function recordedSession(events: readonly AuditEvent[]): RecordedSession {
  const start = events[0];
  if (start?.type !== 'session-start') {
    throw new AppError(
      'invalid_argument',
      'The session does not start with session-start: it cannot be replayed.',
    );
  }
  const format = typeof start.payload.format === 'number' ? start.payload.format : 1;
  if (format < 2) {
    throw new AppError(
      'conflict',
      `The session was recorded in audit format ${format}, which does not keep the exact API bodies and tool-call links a re-run needs (format 2 and later do). Its timeline and verification still work.`,
    );
  }
  const tenantId = stringOf(start.payload.tenantId);
  const userId = stringOf(start.payload.userId);
  const turns: RecordedTurn[] = [];
  let open: AuditEvent[] | undefined;
  for (const event of events) {
    if (event.type === 'user-message') open = [event];
    else if (open) open.push(event);
    if (event.type === 'turn-end' && open) {
      turns.push(turnOf(turns.length + 1, open));
      open = undefined;
    }
  }
  return { sessionId: start.sessionId, tenantId, userId, turns };
}

function turnOf(index: number, events: AuditEvent[]): RecordedTurn {
  const first = events[0] as AuditEvent;
  const scopes = first.payload.scopes;
  const chosen = events.find((event) => event.type === 'skill-selected');
  const interrupted = events.find((event) => event.type === 'session-interrupted');
  return {
    index,
    events,
    message: stringOf(first.payload.text),
    userId: stringOf(first.payload.userId),
    ...(Array.isArray(scopes) ? { scopes: scopes.filter((scope) => typeof scope === 'string') } : {}),
    ...(chosen?.payload.by === 'caller' && typeof chosen.payload.skill === 'string'
      ? { callerSkill: chosen.payload.skill }
      : {}),
    ...(interrupted
      ? { interrupt: { reason: stringOf(interrupted.payload.reason), atSeq: interrupted.seq } }
      : {}),
  };
}

function stringOf(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

import type { Clock } from '../clock/clock.ts';
import { AppError } from '../errors/index.ts';
import { canonicalJson } from './canonical-json.ts';
import {
  type AuditEvent,
  type AuditEventInput,
  type AuditEventType,
  auditEventTypes,
} from './event-types.ts';
import type { GroupCommit } from './group-commit.ts';
import { hashEventWithPayloadJson } from './hash-chain.ts';

/** An accepted append, waiting for its batch: validated and serialized once, at append time. */
export interface PendingEvent {
  sessionId: string;
  type: AuditEventType;
  ts: string;
  payload: Record<string, unknown>;
  payloadJson: string;
}

const maxSessionIdLength = 200;

/**
 * Every store's validation of an append (same rules, same errors). Session ids must be text every
 * store holds faithfully: no NUL character (PostgreSQL refuses it, which would fail the whole batch)
 * and no lone surrogate (stored as U+FFFD, the stored id would no longer match the hashed one).
 * The payload is serialized once, here: a caller changing its object afterwards changes nothing.
 */
export function acceptEvent(sessionId: string, input: AuditEventInput, ts: string): PendingEvent {
  if (typeof sessionId !== 'string' || sessionId.length === 0 || sessionId.length > maxSessionIdLength) {
    throw new AppError(
      'invalid_argument',
      `An audit session id must be 1 to ${maxSessionIdLength} characters.`,
    );
  }
  if (sessionId.includes('\u0000') || /\p{Surrogate}/u.test(sessionId)) {
    throw new AppError(
      'invalid_argument',
      'An audit session id must be well-formed text without NUL characters.',
    );
  }
  if (!auditEventTypes.includes(input.type)) {
    throw new AppError('invalid_argument', `Unknown audit event type "${String(input.type)}".`);
  }
  const payload: unknown = input.payload;
  if (typeof payload !== 'object' || payload === null || Array.isArray(payload)) {
    throw new AppError('invalid_argument', 'An audit event payload must be a JSON object.');
  }
  const payloadJson = canonicalJson(payload, 'payload');
  let copy: Record<string, unknown> | undefined;
  return {
    sessionId,
    type: input.type,
    ts,
    // A copy of what was recorded, made when someone reads it: most events are never read back
    // from the append (a model request's copy is a whole conversation).
    get payload() {
      copy ??= JSON.parse(payloadJson) as Record<string, unknown>;
      return copy;
    },
    payloadJson,
  };
}

/** The head a session's next event links to. */
export interface ChainHead {
  seq: number;
  hash: string;
}

/**
 * Hashes an accepted event onto its session's chain: from the head this batch already moved, else
 * the stored head (`storedHead`); moves the head.
 */
export function chainEvent(
  pending: PendingEvent,
  heads: Map<string, ChainHead>,
  storedHead: (sessionId: string) => ChainHead,
): AuditEvent {
  const head = heads.get(pending.sessionId) ?? storedHead(pending.sessionId);
  const unhashed = {
    sessionId: pending.sessionId,
    seq: head.seq + 1,
    ts: pending.ts,
    type: pending.type,
    prevHash: head.hash,
  };
  const hash = hashEventWithPayloadJson(unhashed, pending.payloadJson);
  heads.set(pending.sessionId, { seq: unhashed.seq, hash });
  return {
    ...unhashed,
    get payload() {
      return pending.payload;
    },
    hash,
  };
}

/**
 * A store's `append`: validated and serialized at once (so a caller mutating its payload afterwards
 * changes nothing), then handed to the store's group commit, which resolves once it is durable.
 */
export function appendThrough(options: {
  clock: Clock;
  group: GroupCommit<PendingEvent, AuditEvent>;
  isClosed(): boolean;
}): (sessionId: string, input: AuditEventInput) => Promise<AuditEvent> {
  return (sessionId, input) => {
    if (options.isClosed()) return Promise.reject(new AppError('unavailable', 'The audit log is closed.'));
    let pending: PendingEvent;
    try {
      pending = acceptEvent(sessionId, input, options.clock.now().toISOString());
    } catch (error) {
      return Promise.reject(error);
    }
    return options.group.submit(pending);
  };
}

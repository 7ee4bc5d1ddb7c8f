import { isAppError } from '../errors/index.ts';
import type { CheckpointVerifyKey } from './checkpoint-signer.ts';
import type { AuditCheckpoint } from './checkpoint-types.ts';
import type {
  AuditEvent,
  AuditEventLocation,
  AuditReader,
  AuditSessionHead,
  Awaitable,
} from './event-types.ts';
import { genesisHash, hashEvent } from './hash-chain.ts';
import { verifyCheckpoints } from './verify-checkpoints.ts';
import type { VerifyFailure, VerifyFailureReason, VerifyResult } from './verify-types.ts';

export type { VerifyFailure, VerifyFailureReason, VerifyResult } from './verify-types.ts';

export interface VerifySessionOptions {
  /** The session the events must belong to; default the first event's. */
  sessionId?: string;
  /** The head the store recorded: omitted, it is not checked; `null` means the store has none. */
  expectedHead?: AuditSessionHead | null;
  /** Finds stored copies of a hash, to tell a row copied from another session from a forgery. */
  locateHash?: (hash: string) => AuditEventLocation[];
}

/** Verifies one session's chain, events in stored order; the first bad event is named. */
export function verifySession(
  events: readonly AuditEvent[],
  options: VerifySessionOptions = {},
): VerifyResult {
  const sessionId = options.sessionId ?? events[0]?.sessionId ?? '';
  const positionOfHash = new Map(events.map((event, index) => [event.hash, index]));
  let previousHash = genesisHash;
  for (const [index, event] of events.entries()) {
    const failure = checkEvent(event, { sessionId, index, previousHash, positionOfHash, events, options });
    if (failure) return failure;
    previousHash = event.hash;
  }
  if (options.expectedHead !== undefined) {
    const failure = checkHead(sessionId, events.at(-1), options.expectedHead);
    if (failure) return failure;
  }
  return { ok: true, sessions: 1, events: events.length };
}

interface EventContext {
  sessionId: string;
  index: number;
  previousHash: string;
  positionOfHash: Map<string, number>;
  events: readonly AuditEvent[];
  options: VerifySessionOptions;
}

function checkEvent(event: AuditEvent, context: EventContext): VerifyFailure | undefined {
  const { sessionId, index } = context;
  const fail = (reason: VerifyFailureReason, message: string): VerifyFailure => ({
    ok: false,
    sessionId,
    seq: event.seq,
    reason,
    message: `session ${sessionId}, seq ${event.seq}: ${message}`,
  });
  if (event.sessionId !== sessionId) {
    return fail('session-mismatch', `the event belongs to session ${event.sessionId}`);
  }
  const linked = event.prevHash === context.previousHash;
  const hashed = safeHash(event) === event.hash;
  if (!linked || !hashed) {
    const original = context.options.locateHash?.(event.hash).find((place) => place.sessionId !== sessionId);
    if (original) {
      return fail(
        'session-mismatch',
        `the event is a copy of session ${original.sessionId} seq ${original.seq}`,
      );
    }
  }
  if (!linked) {
    const predecessor = context.positionOfHash.get(event.prevHash);
    if (predecessor !== undefined && predecessor > index) {
      const storedAt = context.events[predecessor]?.seq;
      return fail(
        'seq-order',
        `its predecessor is stored after it (at seq ${storedAt}): events were reordered`,
      );
    }
    return fail(
      'broken-link',
      'prevHash is not the hash of the previous event: an event was deleted or inserted',
    );
  }
  const expectedSeq = index + 1;
  if (event.seq > expectedSeq)
    return fail('seq-gap', `expected seq ${expectedSeq}: the sequence skips ahead`);
  if (event.seq !== expectedSeq)
    return fail('seq-order', `expected seq ${expectedSeq}: the sequence goes back`);
  if (!hashed)
    return fail('hash-mismatch', 'the stored hash does not match the event content: it was edited');
  return undefined;
}

function checkHead(
  sessionId: string,
  last: AuditEvent | undefined,
  head: AuditSessionHead | null,
): VerifyFailure | undefined {
  const fail = (seq: number, message: string): VerifyFailure => ({
    ok: false,
    sessionId,
    seq,
    reason: 'head-mismatch',
    message: `session ${sessionId}, seq ${seq}: ${message}`,
  });
  if (!head) return last ? fail(last.seq, 'the store records no head for this session') : undefined;
  if (!last) return fail(head.headSeq, `the head records ${head.headSeq} events but none are stored`);
  if (head.headSeq > last.seq) {
    return fail(
      head.headSeq,
      `the head records seq ${head.headSeq} but the last stored event is seq ${last.seq}: the tail was truncated`,
    );
  }
  if (head.headSeq !== last.seq || head.headHash !== last.hash) {
    return fail(
      last.seq,
      `the last event does not match the head (seq ${head.headSeq}): events were added or changed behind the store`,
    );
  }
  return undefined;
}

/** The hash an event should have, or '' when its content cannot be serialized at all. */
function safeHash(event: AuditEvent): string {
  try {
    return hashEvent(event);
  } catch {
    return '';
  }
}

/** Verifies one stored session against its recorded head. */
export async function verifyStoredSession(reader: StoreReader, sessionId: string): Promise<VerifyResult> {
  const locateHash = (hash: string) => reader.locateHash(hash);
  let events: AuditEvent[];
  try {
    events = await reader.events(sessionId);
  } catch (error) {
    const seq = isAppError(error) ? error.details?.seq : undefined;
    if (typeof seq !== 'number') throw error;
    // An unreadable row is an edit; but an earlier event may be bad too, and the first one is named.
    const earlier = await reader.events(sessionId, { beforeSeq: seq });
    const before = await verifyNamingCopies(earlier, { sessionId }, locateHash);
    if (!before.ok) return before;
    const message = `session ${sessionId}, seq ${seq}: the stored payload is not JSON: it was edited`;
    return { ok: false, sessionId, seq, reason: 'hash-mismatch', message };
  }
  return verifyNamingCopies(
    events,
    { sessionId, expectedHead: (await reader.head(sessionId)) ?? null },
    locateHash,
  );
}

/** The store's reads that verification needs. */
export type StoreReader = Pick<AuditReader, 'events' | 'head' | 'locateHash'>;

/** Reasons under which the failing event may be a row copied from another session. */
const copyReasons: ReadonlySet<VerifyFailureReason> = new Set(['hash-mismatch', 'broken-link', 'seq-order']);

/**
 * `verifySession` is synchronous; a store may answer later. Only a failing event can be a copy of
 * another session's row, so the chain is verified first, and only when it fails is the failing
 * event's hash looked up and the chain verified again, naming the copy if there is one.
 */
async function verifyNamingCopies(
  events: readonly AuditEvent[],
  options: Omit<VerifySessionOptions, 'locateHash'>,
  locate: (hash: string) => Awaitable<AuditEventLocation[]>,
): Promise<VerifyResult> {
  const result = verifySession(events, options);
  if (result.ok || !copyReasons.has(result.reason)) return result;
  const found = new Map<string, AuditEventLocation[]>();
  for (const event of events) {
    if (event.seq === result.seq) found.set(event.hash, await locate(event.hash));
  }
  return verifySession(events, { ...options, locateHash: (hash) => found.get(hash) ?? [] });
}

export interface VerifyAllOptions {
  /** Checks every checkpoint's signature with this key (unsigned checkpoints then fail). */
  verifyKey?: CheckpointVerifyKey;
  /** Checkpoints held outside the store (exported earlier): each must still be in its chain. */
  expectedCheckpoints?: readonly AuditCheckpoint[];
}

/** Verifies every session of a store, then its checkpoints; stops at the first fault. */
export async function verifyAll(
  reader: Omit<AuditReader, 'close'>,
  options: VerifyAllOptions = {},
): Promise<VerifyResult> {
  let sessions = 0;
  let events = 0;
  const sessionIds = await reader.sessionIds();
  for (const sessionId of sessionIds) {
    const result = await verifyStoredSession(reader, sessionId);
    if (!result.ok) return result;
    sessions += 1;
    events += result.events;
  }
  let checkpoints: AuditCheckpoint[];
  try {
    checkpoints = await reader.checkpoints();
  } catch (error) {
    const checkpointSeq = isAppError(error) ? error.details?.checkpointSeq : undefined;
    if (typeof checkpointSeq !== 'number') throw error;
    return {
      ok: false,
      sessionId: '',
      seq: 0,
      checkpointSeq,
      reason: 'checkpoint-hash-mismatch',
      message: `checkpoint ${checkpointSeq}: the stored checkpoint is not JSON: it was edited`,
    };
  }
  const failure = await verifyCheckpoints(checkpoints, {
    sessionIds: new Set(sessionIds),
    events: async (sessionId) => reader.events(sessionId),
    ...options,
  });
  return failure ?? { ok: true, sessions, events, checkpoints: checkpoints.length };
}

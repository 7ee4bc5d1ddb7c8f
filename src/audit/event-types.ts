import type { AuditCheckpoint } from './checkpoint-types.ts';

/**
 * The audit event model. Types are noun-verb kebab-case; a session's events form one hash chain:
 * `hash = sha256(prevHash + canonical JSON of the event without hash)`.
 */
export const auditEventTypes = [
  'session-start',
  'session-end',
  'session-interrupted',
  'user-message',
  'skill-selected',
  'model-request',
  'model-response',
  'assistant-message',
  'tool-call',
  'tool-result',
  'api-request',
  'api-response',
  'policy-decision',
  'cell-start',
  'cell-exit',
  'progress',
  'turn-end',
  'email-received',
  'email-sent',
] as const;

export type AuditEventType = (typeof auditEventTypes)[number];

export interface AuditEvent {
  sessionId: string;
  /** 1-based position in the session's chain. */
  seq: number;
  /** ISO 8601 time the event was recorded. */
  ts: string;
  type: AuditEventType;
  payload: Record<string, unknown>;
  /** Hash of the previous event of the session; 64 zeros for the first. */
  prevHash: string;
  hash: string;
}

/** What a writer hands over; the log assigns seq, ts, prevHash and hash. */
export interface AuditEventInput {
  type: AuditEventType;
  payload: Record<string, unknown>;
}

/** A value a store may return at once (SQLite) or later (PostgreSQL); callers always `await` it. */
export type Awaitable<T> = T | Promise<T>;

/**
 * The append-only log. `append` resolves only once the event is durable (group commit allowed):
 * the broker awaits it before answering the cell.
 */
export interface AuditLog {
  append(sessionId: string, event: AuditEventInput): Promise<AuditEvent>;
  /** A session's events in order. */
  events(sessionId: string, range?: { beforeSeq?: number }): Awaitable<AuditEvent[]>;
  close(): Promise<void>;
}

/** The head of one session's chain, as the store recorded it when the last event was appended. */
export interface AuditSessionHead {
  sessionId: string;
  /** Seq of the last event; the session's event count. */
  headSeq: number;
  /** Hash of the last event. */
  headHash: string;
  /** `ts` of the first and of the last event. */
  firstTs: string;
  lastTs: string;
}

/** Where one stored event sits. */
export interface AuditEventLocation {
  sessionId: string;
  seq: number;
}

/** Read access to a store, for `audit show`, `audit verify`, `audit export` and replay. */
export interface AuditReader {
  /**
   * A session's stored events ordered by seq (only those before `range.beforeSeq` when given); empty
   * for an unknown session. Throws an AppError with `details.seq` when a stored payload is not JSON.
   */
  events(sessionId: string, range?: { beforeSeq?: number }): Awaitable<AuditEvent[]>;
  /** Every session id with events or a recorded head, sorted. */
  sessionIds(): Awaitable<string[]>;
  head(sessionId: string): Awaitable<AuditSessionHead | undefined>;
  /** Every recorded session head, ordered by session id (what a checkpoint covers). */
  heads(): Awaitable<AuditSessionHead[]>;
  /** Every stored event with this hash (verify uses it to name a row copied from another session). */
  locateHash(hash: string): Awaitable<AuditEventLocation[]>;
  /** The stored checkpoints, oldest first (see checkpoint-types.ts). */
  checkpoints(): Awaitable<AuditCheckpoint[]>;
  close(): Promise<void>;
}

/** A store that also takes checkpoints: the writer's side of `AuditReader`. */
export interface AuditStore extends AuditLog, AuditReader {
  events: AuditReader['events'];
  /**
   * Stores a checkpoint. The store refuses (AppError `conflict`) one whose seq is not the last
   * stored checkpoint's + 1 or whose prevHash is not its hash.
   */
  appendCheckpoint(checkpoint: AuditCheckpoint): Promise<void>;
}

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
  'checkpoint',
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

/**
 * The append-only log. `append` resolves only once the event is durable (group commit allowed):
 * the broker awaits it before answering the cell.
 */
export interface AuditLog {
  append(sessionId: string, event: AuditEventInput): Promise<AuditEvent>;
  /** A session's events in order. */
  events(sessionId: string): AuditEvent[];
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

/** Read access to a store, for `audit show`, `audit verify` and replay. */
export interface AuditReader {
  /**
   * A session's stored events ordered by seq (only those before `range.beforeSeq` when given); empty
   * for an unknown session. Throws an AppError with `details.seq` when a stored payload is not JSON.
   */
  events(sessionId: string, range?: { beforeSeq?: number }): AuditEvent[];
  /** Every session id with events or a recorded head, sorted. */
  sessionIds(): string[];
  head(sessionId: string): AuditSessionHead | undefined;
  /** Every stored event with this hash (verify uses it to name a row copied from another session). */
  locateHash(hash: string): AuditEventLocation[];
  close(): Promise<void>;
}

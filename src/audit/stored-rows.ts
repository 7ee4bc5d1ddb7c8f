import { AppError } from '../errors/index.ts';
import type { AuditEvent, AuditEventType, AuditSessionHead } from './event-types.ts';

/** An event row as every store returns it; numbers may come back as text (PostgreSQL `bigint`). */
export interface EventRow {
  session_id: string;
  seq: number | string;
  ts: string;
  type: string;
  payload: string;
  prev_hash: string;
  hash: string;
}

export interface HeadRow {
  session_id: string;
  head_seq: number | string;
  head_hash: string;
  first_ts: string;
  last_ts: string;
}

/** A stored integer as a number; one past 2^53 (only an edited store has it) is an error. */
export function toSafeInteger(value: unknown, what: string): number {
  const number = typeof value === 'number' ? value : Number(value);
  if (!Number.isSafeInteger(number)) {
    throw new AppError('internal', `The audit store holds ${what} ${String(value)}, not a safe integer.`);
  }
  return number;
}

/** A stored event; a payload that is not JSON is an edit, named by its session and seq. */
export function eventOfRow(row: EventRow): AuditEvent {
  const seq = toSafeInteger(row.seq, 'seq');
  let payload: Record<string, unknown>;
  try {
    payload = JSON.parse(row.payload) as Record<string, unknown>;
  } catch (error) {
    throw new AppError(
      'internal',
      `Audit event ${row.session_id} #${seq} has a payload that is not JSON: the store was altered.`,
      { details: { sessionId: row.session_id, seq, unreadable: 'payload' }, cause: error },
    );
  }
  return {
    sessionId: row.session_id,
    seq,
    ts: row.ts,
    type: row.type as AuditEventType,
    payload,
    prevHash: row.prev_hash,
    hash: row.hash,
  };
}

export function headOfRow(row: HeadRow): AuditSessionHead {
  return {
    sessionId: row.session_id,
    headSeq: toSafeInteger(row.head_seq, 'head seq'),
    headHash: row.head_hash,
    firstTs: row.first_ts,
    lastTs: row.last_ts,
  };
}

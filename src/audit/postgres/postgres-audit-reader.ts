import type pg from 'pg';
import { AppError, isAppError } from '../../errors/index.ts';
import { parseCheckpoint } from '../checkpoint.ts';
import type { AuditCheckpoint } from '../checkpoint-types.ts';
import type { AuditEvent, AuditEventLocation, AuditSessionHead } from '../event-types.ts';
import { type EventRow, eventOfRow, type HeadRow, headOfRow, toSafeInteger } from '../stored-rows.ts';
import { type RuntimePool, unavailable } from './postgres-connection.ts';
import { quoteIdentifier } from './postgres-schema.ts';

/** The PostgreSQL read side: the same answers as the SQLite reader, as promises. */
export interface PostgresAuditReader {
  events(sessionId: string, range?: { beforeSeq?: number }): Promise<AuditEvent[]>;
  sessionIds(): Promise<string[]>;
  head(sessionId: string): Promise<AuditSessionHead | undefined>;
  heads(): Promise<AuditSessionHead[]>;
  locateHash(hash: string): Promise<AuditEventLocation[]>;
  checkpoints(): Promise<AuditCheckpoint[]>;
}

/** Reads through the runtime pool; `isOpen` is checked first, so a closed store says so. */
export function createPostgresAuditReader(
  pool: RuntimePool,
  schema: string,
  isOpen: () => boolean,
): PostgresAuditReader {
  const s = quoteIdentifier(schema);
  const headColumns = 'session_id, head_seq, head_hash, first_ts, last_ts';
  async function query<Row extends pg.QueryResultRow>(text: string, values: unknown[] = []): Promise<Row[]> {
    if (!isOpen()) throw new AppError('unavailable', 'The audit log is closed.');
    try {
      return (await pool.withClient((client) => client.query<Row>(text, values))).rows;
    } catch (error) {
      if (isAppError(error)) throw error;
      throw unavailable('The audit store could not be read', error);
    }
  }
  return {
    events: async (sessionId, range) =>
      (
        await query<EventRow>(
          `SELECT session_id, seq, ts, type, payload, prev_hash, hash FROM ${s}.audit_events
           WHERE session_id = $1 AND seq < $2 ORDER BY seq`,
          [sessionId, range?.beforeSeq ?? Number.MAX_SAFE_INTEGER],
        )
      ).map(eventOfRow),
    sessionIds: async () =>
      (
        await query<{ session_id: string }>(
          `SELECT session_id FROM ${s}.audit_sessions UNION SELECT session_id FROM ${s}.audit_events
           ORDER BY session_id`,
        )
      ).map((row) => row.session_id),
    head: async (sessionId) => {
      const rows = await query<HeadRow>(
        `SELECT ${headColumns} FROM ${s}.audit_sessions WHERE session_id = $1`,
        [sessionId],
      );
      return rows[0] && headOfRow(rows[0]);
    },
    heads: async () =>
      (await query<HeadRow>(`SELECT ${headColumns} FROM ${s}.audit_sessions ORDER BY session_id`)).map(
        headOfRow,
      ),
    // No index on hash: this runs only on the failure path of `verify`, where a scan is fine.
    locateHash: async (hash) =>
      (
        await query<{ session_id: string; seq: string }>(
          `SELECT session_id, seq FROM ${s}.audit_events WHERE hash = $1 ORDER BY session_id, seq`,
          [hash],
        )
      ).map((row) => ({ sessionId: row.session_id, seq: toSafeInteger(row.seq, 'seq') })),
    checkpoints: async () =>
      (
        await query<{ seq: string; body: string }>(
          `SELECT seq, body FROM ${s}.audit_checkpoints ORDER BY seq`,
        )
      ).map((row) => parseCheckpoint(toSafeInteger(row.seq, 'checkpoint seq'), row.body)),
  };
}

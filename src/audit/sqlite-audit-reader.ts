import { parseCheckpoint } from './checkpoint.ts';
import type { AuditCheckpoint } from './checkpoint-types.ts';
import type { AuditEvent, AuditEventLocation, AuditReader, AuditSessionHead } from './event-types.ts';
import { type AuditDatabase, openAuditDatabase } from './open-audit-database.ts';
import { type EventRow, eventOfRow, type HeadRow, headOfRow } from './stored-rows.ts';

/** The SQLite read side: the same methods as `AuditReader`, answered at once. */
export interface SqliteAuditReader {
  events(sessionId: string, range?: { beforeSeq?: number }): AuditEvent[];
  sessionIds(): string[];
  head(sessionId: string): AuditSessionHead | undefined;
  heads(): AuditSessionHead[];
  locateHash(hash: string): AuditEventLocation[];
  checkpoints(): AuditCheckpoint[];
}

/** Opens an existing store read-only: it never writes, so inspecting a log cannot change it. */
export function openAuditReader(options: { dataDir: string }): SqliteAuditReader & AuditReader {
  const db = openAuditDatabase({ dataDir: options.dataDir, readOnly: true });
  return {
    ...createSqliteAuditReader(db),
    close: async () => {
      db.close();
    },
  };
}

/** The read side over an open store (shared by the writer and the read-only reader). */
export function createSqliteAuditReader(db: AuditDatabase): SqliteAuditReader {
  const selectEvents = db.prepare<[string, number], EventRow>(
    'SELECT session_id, seq, ts, type, payload, prev_hash, hash FROM audit_events WHERE session_id = ? AND seq < ? ORDER BY seq',
  );
  const selectSessionIds = db.prepare<[], { session_id: string }>(
    'SELECT session_id FROM audit_sessions UNION SELECT session_id FROM audit_events ORDER BY session_id',
  );
  const selectHead = db.prepare<[string], HeadRow>(
    'SELECT session_id, head_seq, head_hash, first_ts, last_ts FROM audit_sessions WHERE session_id = ?',
  );
  const selectHeads = db.prepare<[], HeadRow>(
    'SELECT session_id, head_seq, head_hash, first_ts, last_ts FROM audit_sessions ORDER BY session_id',
  );
  // A store written before checkpoints existed (schema 1) has no table for them, and none to read.
  const hasCheckpoints = db
    .prepare(`SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'audit_checkpoints'`)
    .get();
  const selectCheckpoints = hasCheckpoints
    ? db.prepare<[], { seq: number; body: string }>('SELECT seq, body FROM audit_checkpoints ORDER BY seq')
    : undefined;
  // No index on hash: this runs only on the failure path of `verify`, where a scan is fine.
  const selectByHash = db.prepare<[string], { session_id: string; seq: number }>(
    'SELECT session_id, seq FROM audit_events WHERE hash = ? ORDER BY session_id, seq',
  );
  return {
    events: (sessionId, range) =>
      selectEvents.all(sessionId, range?.beforeSeq ?? Number.MAX_SAFE_INTEGER).map(eventOfRow),
    sessionIds: () => selectSessionIds.all().map((row) => row.session_id),
    head: (sessionId) => {
      const row = selectHead.get(sessionId);
      return row && headOfRow(row);
    },
    heads: () => selectHeads.all().map(headOfRow),
    locateHash: (hash): AuditEventLocation[] =>
      selectByHash.all(hash).map((row) => ({ sessionId: row.session_id, seq: row.seq })),
    checkpoints: () => (selectCheckpoints?.all() ?? []).map((row) => parseCheckpoint(row.seq, row.body)),
  };
}

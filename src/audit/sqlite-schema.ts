import { genesisHash } from './hash-chain.ts';

/** Version of the audit store's tables, kept in `audit_meta`. */
export const auditSchemaVersion = 2;

/**
 * What each version added. Versions only add (tables, triggers), so a store written by an older
 * version opens and verifies unchanged; opening it for writing adds what is missing.
 * - 1: audit_events, audit_sessions and their guards;
 * - 2: audit_checkpoints (sealed, chained checkpoints over every session head); events carry what
 *   a re-run needs: `session-start.format`, `user-message.scopes`, exact JSON bodies (`bodyText`)
 *   and the tool call of each API request (`toolUseId`).
 */
export const auditSchemaHistory = {
  1: 'audit_events, audit_sessions',
  2: 'audit_checkpoints',
} as const;

/**
 * The audit store. `audit_events` holds every session's hash chain; `audit_sessions` the head of each
 * chain, kept by the database itself (the AFTER INSERT trigger), so a truncated tail shows up as a
 * head that no longer matches the last event.
 *
 * The triggers are a guard against the runtime rewriting history by mistake, not against an attacker
 * with the file (who can drop them): that is what the hash chain and `audit verify` are for.
 * - events: UPDATE and DELETE are refused; an INSERT must extend its session's chain
 *   (seq = head + 1, prev_hash = head hash);
 * - sessions: DELETE is refused, and a head only moves forward one event at a time;
 * - checkpoints: UPDATE and DELETE are refused; an INSERT must extend the checkpoint chain.
 */
export const auditSchemaDdl = `
CREATE TABLE IF NOT EXISTS audit_meta (
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL
);

CREATE TABLE IF NOT EXISTS audit_events (
  session_id TEXT NOT NULL,
  seq INTEGER NOT NULL,
  ts TEXT NOT NULL,
  type TEXT NOT NULL,
  payload TEXT NOT NULL,
  prev_hash TEXT NOT NULL,
  hash TEXT NOT NULL,
  PRIMARY KEY (session_id, seq)
);

CREATE TABLE IF NOT EXISTS audit_sessions (
  session_id TEXT PRIMARY KEY,
  head_seq INTEGER NOT NULL,
  head_hash TEXT NOT NULL,
  first_ts TEXT NOT NULL,
  last_ts TEXT NOT NULL
);

CREATE TRIGGER IF NOT EXISTS audit_events_no_update BEFORE UPDATE ON audit_events
BEGIN
  SELECT RAISE(ABORT, 'audit_events is append-only: UPDATE refused');
END;

CREATE TRIGGER IF NOT EXISTS audit_events_no_delete BEFORE DELETE ON audit_events
BEGIN
  SELECT RAISE(ABORT, 'audit_events is append-only: DELETE refused');
END;

CREATE TRIGGER IF NOT EXISTS audit_events_extend_chain BEFORE INSERT ON audit_events
WHEN NEW.seq IS NOT COALESCE((SELECT head_seq FROM audit_sessions WHERE session_id = NEW.session_id), 0) + 1
  OR NEW.prev_hash IS NOT COALESCE((SELECT head_hash FROM audit_sessions WHERE session_id = NEW.session_id), '${genesisHash}')
BEGIN
  SELECT RAISE(ABORT, 'audit event does not extend its session chain');
END;

CREATE TRIGGER IF NOT EXISTS audit_events_advance_head AFTER INSERT ON audit_events
BEGIN
  INSERT OR IGNORE INTO audit_sessions (session_id, head_seq, head_hash, first_ts, last_ts)
    VALUES (NEW.session_id, 0, '${genesisHash}', NEW.ts, NEW.ts);
  UPDATE audit_sessions SET head_seq = NEW.seq, head_hash = NEW.hash, last_ts = NEW.ts
    WHERE session_id = NEW.session_id;
END;

CREATE TRIGGER IF NOT EXISTS audit_sessions_no_delete BEFORE DELETE ON audit_sessions
BEGIN
  SELECT RAISE(ABORT, 'audit_sessions is append-only: DELETE refused');
END;

CREATE TABLE IF NOT EXISTS audit_checkpoints (
  seq INTEGER PRIMARY KEY,
  ts TEXT NOT NULL,
  body TEXT NOT NULL,
  prev_hash TEXT NOT NULL,
  hash TEXT NOT NULL
);

CREATE TRIGGER IF NOT EXISTS audit_checkpoints_no_update BEFORE UPDATE ON audit_checkpoints
BEGIN
  SELECT RAISE(ABORT, 'audit_checkpoints is append-only: UPDATE refused');
END;

CREATE TRIGGER IF NOT EXISTS audit_checkpoints_no_delete BEFORE DELETE ON audit_checkpoints
BEGIN
  SELECT RAISE(ABORT, 'audit_checkpoints is append-only: DELETE refused');
END;

CREATE TRIGGER IF NOT EXISTS audit_checkpoints_extend_chain BEFORE INSERT ON audit_checkpoints
WHEN NEW.seq IS NOT COALESCE((SELECT MAX(seq) FROM audit_checkpoints), 0) + 1
  OR NEW.prev_hash IS NOT COALESCE((SELECT hash FROM audit_checkpoints ORDER BY seq DESC LIMIT 1), '${genesisHash}')
BEGIN
  SELECT RAISE(ABORT, 'audit checkpoint does not extend the checkpoint chain');
END;

CREATE TRIGGER IF NOT EXISTS audit_sessions_forward_only BEFORE UPDATE ON audit_sessions
WHEN NEW.session_id IS NOT OLD.session_id OR NEW.head_seq IS NOT OLD.head_seq + 1
BEGIN
  SELECT RAISE(ABORT, 'audit session heads only move forward one event at a time');
END;
`;

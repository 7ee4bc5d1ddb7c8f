import { genesisHash } from '../hash-chain.ts';

/**
 * The PostgreSQL audit store: the same four tables as SQLite (see sqlite-schema.ts, whose
 * `auditSchemaVersion` this schema also records), in a schema of their own.
 *
 * - `session_id` is `COLLATE "C"`: ordered by bytes, as SQLite orders it, whatever the database's
 *   collation;
 * - `ts`, `payload` and checkpoint bodies are `text`, never `timestamptz` or `jsonb`: the hash covers
 *   their exact characters, which PostgreSQL would otherwise reformat;
 * - `seq` is `bigint`.
 *
 * The triggers guard against the runtime rewriting history by mistake, not against an attacker who
 * owns the tables (who can drop them, or set `session_replication_role = replica`): that is what the
 * hash chain, checkpoints and `audit verify` are for.
 * - events: UPDATE, DELETE and TRUNCATE are refused; an INSERT must extend its session's chain
 *   (seq = last seq + 1, prev_hash = last hash), checked row by row (each row sees the rows its
 *   statement inserted before it, so one statement may append several events of one session);
 * - sessions: written only by the AFTER INSERT trigger of events, once per statement and session;
 *   DELETE and TRUNCATE are refused, and a head only moves forward, to the last event of its chain;
 * - checkpoints: UPDATE, DELETE and TRUNCATE are refused; an INSERT must extend the checkpoint chain.
 *
 * The head moves in a statement-level AFTER INSERT trigger (over the statement's inserted rows)
 * rather than in one per row as in SQLite: a batch is one multi-row INSERT, and moving a head once
 * per batch instead of once per event makes a batch's insert several times cheaper. That trigger is
 * SECURITY DEFINER (it runs as the owner), so the runtime role needs no right on `audit_sessions`
 * beyond SELECT.
 */
export function postgresAuditSchemaDdl(schema: string): string {
  const s = quoteIdentifier(schema);
  const refusal = (message: string) => `RAISE EXCEPTION USING ERRCODE = 'P0001', MESSAGE = ${message}`;
  return `
CREATE SCHEMA IF NOT EXISTS ${s};

CREATE TABLE IF NOT EXISTS ${s}.audit_meta (
  key text PRIMARY KEY,
  value text NOT NULL
);

CREATE TABLE IF NOT EXISTS ${s}.audit_events (
  session_id text COLLATE "C" NOT NULL,
  seq bigint NOT NULL,
  ts text NOT NULL,
  type text NOT NULL,
  payload text NOT NULL,
  prev_hash text NOT NULL,
  hash text NOT NULL,
  PRIMARY KEY (session_id, seq)
);

CREATE TABLE IF NOT EXISTS ${s}.audit_sessions (
  session_id text COLLATE "C" PRIMARY KEY,
  head_seq bigint NOT NULL,
  head_hash text NOT NULL,
  first_ts text NOT NULL,
  last_ts text NOT NULL
);

CREATE TABLE IF NOT EXISTS ${s}.audit_checkpoints (
  seq bigint PRIMARY KEY,
  ts text NOT NULL,
  body text NOT NULL,
  prev_hash text NOT NULL,
  hash text NOT NULL
);

CREATE OR REPLACE FUNCTION ${s}.audit_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
  ${refusal(`TG_TABLE_NAME || ' is append-only: ' || TG_OP || ' refused'`)};
END
$fn$;

CREATE OR REPLACE FUNCTION ${s}.audit_events_extend_chain() RETURNS trigger LANGUAGE plpgsql AS $fn$
DECLARE
  tip_seq bigint;
  tip_hash text;
BEGIN
  -- The session's last stored event; a row sees those inserted before it by the same statement.
  SELECT e.seq, e.hash INTO tip_seq, tip_hash
    FROM ${s}.audit_events e WHERE e.session_id = NEW.session_id ORDER BY e.seq DESC LIMIT 1;
  IF NEW.seq IS DISTINCT FROM COALESCE(tip_seq, 0) + 1
     OR NEW.prev_hash IS DISTINCT FROM COALESCE(tip_hash, '${genesisHash}') THEN
    ${refusal(`'audit event does not extend its session chain'`)};
  END IF;
  RETURN NEW;
END
$fn$;

CREATE OR REPLACE FUNCTION ${s}.audit_events_advance_heads() RETURNS trigger LANGUAGE plpgsql
SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $fn$
BEGIN
  INSERT INTO ${s}.audit_sessions AS h (session_id, head_seq, head_hash, first_ts, last_ts)
    SELECT n.session_id, max(n.seq), (array_agg(n.hash ORDER BY n.seq DESC))[1],
           (array_agg(n.ts ORDER BY n.seq))[1], (array_agg(n.ts ORDER BY n.seq DESC))[1]
      FROM inserted n GROUP BY n.session_id
  ON CONFLICT (session_id) DO UPDATE
    SET head_seq = EXCLUDED.head_seq, head_hash = EXCLUDED.head_hash, last_ts = EXCLUDED.last_ts;
  RETURN NULL;
END
$fn$;

CREATE OR REPLACE FUNCTION ${s}.audit_sessions_guard() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
  IF pg_trigger_depth() < 2 THEN
    ${refusal(`'audit_sessions is written by the audit_events trigger only: ' || TG_OP || ' refused'`)};
  END IF;
  IF (TG_OP = 'UPDATE' AND (NEW.session_id IS DISTINCT FROM OLD.session_id OR NEW.head_seq <= OLD.head_seq))
     OR NOT EXISTS (SELECT 1 FROM ${s}.audit_events e WHERE e.session_id = NEW.session_id
                      AND e.seq = NEW.head_seq AND e.hash = NEW.head_hash
                      AND NOT EXISTS (SELECT 1 FROM ${s}.audit_events later
                                       WHERE later.session_id = e.session_id AND later.seq > e.seq)) THEN
    ${refusal(`'audit session heads only move forward, to the last event of their chain'`)};
  END IF;
  RETURN NEW;
END
$fn$;

CREATE OR REPLACE FUNCTION ${s}.audit_checkpoints_extend_chain() RETURNS trigger LANGUAGE plpgsql AS $fn$
DECLARE
  last_seq bigint;
  last_hash text;
BEGIN
  SELECT c.seq, c.hash INTO last_seq, last_hash FROM ${s}.audit_checkpoints c ORDER BY c.seq DESC LIMIT 1;
  IF NEW.seq IS DISTINCT FROM COALESCE(last_seq, 0) + 1
     OR NEW.prev_hash IS DISTINCT FROM COALESCE(last_hash, '${genesisHash}') THEN
    ${refusal(`'audit checkpoint does not extend the checkpoint chain'`)};
  END IF;
  RETURN NEW;
END
$fn$;

CREATE OR REPLACE TRIGGER audit_events_no_update BEFORE UPDATE ON ${s}.audit_events
  FOR EACH ROW EXECUTE FUNCTION ${s}.audit_refuse_change();
CREATE OR REPLACE TRIGGER audit_events_no_delete BEFORE DELETE ON ${s}.audit_events
  FOR EACH ROW EXECUTE FUNCTION ${s}.audit_refuse_change();
CREATE OR REPLACE TRIGGER audit_events_no_truncate BEFORE TRUNCATE ON ${s}.audit_events
  FOR EACH STATEMENT EXECUTE FUNCTION ${s}.audit_refuse_change();
CREATE OR REPLACE TRIGGER audit_events_extend_chain BEFORE INSERT ON ${s}.audit_events
  FOR EACH ROW EXECUTE FUNCTION ${s}.audit_events_extend_chain();
CREATE OR REPLACE TRIGGER audit_events_advance_heads AFTER INSERT ON ${s}.audit_events
  REFERENCING NEW TABLE AS inserted
  FOR EACH STATEMENT EXECUTE FUNCTION ${s}.audit_events_advance_heads();

CREATE OR REPLACE TRIGGER audit_sessions_no_delete BEFORE DELETE ON ${s}.audit_sessions
  FOR EACH ROW EXECUTE FUNCTION ${s}.audit_refuse_change();
CREATE OR REPLACE TRIGGER audit_sessions_no_truncate BEFORE TRUNCATE ON ${s}.audit_sessions
  FOR EACH STATEMENT EXECUTE FUNCTION ${s}.audit_refuse_change();
CREATE OR REPLACE TRIGGER audit_sessions_forward_only BEFORE INSERT OR UPDATE ON ${s}.audit_sessions
  FOR EACH ROW EXECUTE FUNCTION ${s}.audit_sessions_guard();

CREATE OR REPLACE TRIGGER audit_checkpoints_no_update BEFORE UPDATE ON ${s}.audit_checkpoints
  FOR EACH ROW EXECUTE FUNCTION ${s}.audit_refuse_change();
CREATE OR REPLACE TRIGGER audit_checkpoints_no_delete BEFORE DELETE ON ${s}.audit_checkpoints
  FOR EACH ROW EXECUTE FUNCTION ${s}.audit_refuse_change();
CREATE OR REPLACE TRIGGER audit_checkpoints_no_truncate BEFORE TRUNCATE ON ${s}.audit_checkpoints
  FOR EACH STATEMENT EXECUTE FUNCTION ${s}.audit_refuse_change();
CREATE OR REPLACE TRIGGER audit_checkpoints_extend_chain BEFORE INSERT ON ${s}.audit_checkpoints
  FOR EACH ROW EXECUTE FUNCTION ${s}.audit_checkpoints_extend_chain();
`;
}

/** Every guard trigger, by table: what an attacker who owns the tables would drop. */
export const postgresGuardTriggers = {
  audit_events: [
    'audit_events_no_update',
    'audit_events_no_delete',
    'audit_events_no_truncate',
    'audit_events_extend_chain',
    'audit_events_advance_heads',
  ],
  audit_sessions: ['audit_sessions_no_delete', 'audit_sessions_no_truncate', 'audit_sessions_forward_only'],
  audit_checkpoints: [
    'audit_checkpoints_no_update',
    'audit_checkpoints_no_delete',
    'audit_checkpoints_no_truncate',
    'audit_checkpoints_extend_chain',
  ],
} as const;

/**
 * What the runtime role may do: read everything, insert events and checkpoints. No UPDATE, DELETE
 * or TRUNCATE anywhere, and no INSERT into `audit_sessions` (the events trigger moves heads). The
 * REVOKE makes a re-install take back anything granted by hand since.
 */
export function postgresRuntimeGrants(schema: string, role: string): string {
  const s = quoteIdentifier(schema);
  const r = quoteIdentifier(role);
  const tables = ['audit_meta', 'audit_events', 'audit_sessions', 'audit_checkpoints']
    .map((table) => `${s}.${table}`)
    .join(', ');
  return `
REVOKE ALL ON SCHEMA ${s} FROM ${r};
GRANT USAGE ON SCHEMA ${s} TO ${r};
REVOKE ALL ON ${tables} FROM ${r};
GRANT SELECT ON ${tables} TO ${r};
GRANT INSERT ON ${s}.audit_events, ${s}.audit_checkpoints TO ${r};
`;
}

const identifierPattern = /^[a-z_][a-z0-9_]{0,62}$/;

/** True for a lowercase SQL identifier of at most 63 characters (no quoting surprises). */
export function isPlainIdentifier(name: string): boolean {
  return identifierPattern.test(name);
}

/** A checked identifier, quoted; throws on anything else (callers validate first). */
export function quoteIdentifier(name: string): string {
  if (!isPlainIdentifier(name)) throw new Error(`not a plain SQL identifier: ${JSON.stringify(name)}`);
  return `"${name}"`;
}

import pg from 'pg';
import type { Clock } from '../../clock/clock.ts';
import { AppError, isAppError } from '../../errors/index.ts';
import { appendThrough, type PendingEvent } from '../accept-event.ts';
import { canonicalJson } from '../canonical-json.ts';
import type { AuditCheckpoint } from '../checkpoint-types.ts';
import type { AuditEvent, AuditStore } from '../event-types.ts';
import { createGroupCommit } from '../group-commit.ts';
import { createPostgresAuditReader, type PostgresAuditReader } from './postgres-audit-reader.ts';
import { createPostgresBatchCommitter } from './postgres-batch-commit.ts';
import {
  applicationName,
  createRuntimePool,
  describeTarget,
  isRefusal,
  type RuntimePool,
  unavailable,
} from './postgres-connection.ts';
import { installPostgresAuditSchema, postgresAuditStoreExists } from './postgres-install.ts';
import { isPlainIdentifier, quoteIdentifier } from './postgres-schema.ts';

export interface PostgresAuditLogOptions {
  /** `postgres://user[:password]@host[:port]/database`: the user that owns (or creates) the store. */
  url: string;
  /** Stamps each event's `ts` when `append` is called. */
  clock: Clock;
  /** Group-commit window in milliseconds; default 0 (commit at the end of the event-loop turn). */
  batchWindowMs?: number;
  /** Schema holding the store's tables (a lowercase SQL identifier); default `supplier_agent_audit`. */
  schema?: string;
  /**
   * Role the runtime switches to (`SET ROLE`) on every connection after the store is installed:
   * it may only SELECT and INSERT. Created NOLOGIN if missing. Default `supplier_agent_runtime`;
   * `null` keeps the connecting user (for a login role that is itself restricted).
   */
  runtimeRole?: string | null;
  /**
   * Default true: install the store when it is missing or incomplete. False: open an existing store
   * only, changing nothing (to read it: `audit show|verify|export`); `not_found` when there is none.
   */
  create?: boolean;
  /** Connections in the pool; default 4 (one batch in flight, the rest for reads). */
  poolSize?: number;
  /** How long to wait for a connection, in milliseconds; default 10,000. */
  connectTimeoutMs?: number;
}

/** The PostgreSQL store: the append-only log plus its read side, which answers with promises. */
export interface PostgresAuditLog extends AuditStore, PostgresAuditReader {
  events: PostgresAuditReader['events'];
  sessionIds: PostgresAuditReader['sessionIds'];
  head: PostgresAuditReader['head'];
  heads: PostgresAuditReader['heads'];
  locateHash: PostgresAuditReader['locateHash'];
  checkpoints: PostgresAuditReader['checkpoints'];
}

export const defaultAuditSchema = 'supplier_agent_audit';
export const defaultRuntimeRole = 'supplier_agent_runtime';

/**
 * The append-only, hash-chained audit log on PostgreSQL, with the SQLite log's behaviour: appends
 * are validated and serialized at once, then committed in groups (one transaction per batch, one
 * batch in flight at a time), and `append` resolves only after that commit. Several processes may
 * write the same store: each batch locks the chains it extends, so chains never fork.
 */
export async function createPostgresAuditLog(options: PostgresAuditLogOptions): Promise<PostgresAuditLog> {
  const schema = options.schema ?? defaultAuditSchema;
  const runtimeRole = options.runtimeRole === undefined ? defaultRuntimeRole : options.runtimeRole;
  checkIdentifier('schema', schema);
  if (runtimeRole !== null) checkIdentifier('runtime role', runtimeRole);
  const connectTimeoutMs = options.connectTimeoutMs ?? 10_000;
  await install(options.url, { schema, runtimeRole, create: options.create ?? true }, connectTimeoutMs);

  const pool = createRuntimePool({
    url: options.url,
    runtimeRole,
    size: options.poolSize ?? 4,
    connectTimeoutMs,
  });
  let closed = false;
  const reader = createPostgresAuditReader(pool, schema, () => !closed);
  const group = createGroupCommit<PendingEvent, AuditEvent>({
    commit: createPostgresBatchCommitter(pool, schema),
    ...(options.batchWindowMs === undefined ? {} : { windowMs: options.batchWindowMs }),
  });
  const insertCheckpoint = checkpointInserter(pool, schema);

  return {
    ...reader,
    append: appendThrough({ clock: options.clock, group, isClosed: () => closed }),
    async appendCheckpoint(checkpoint) {
      if (closed) throw new AppError('unavailable', 'The audit log is closed.');
      await insertCheckpoint(checkpoint);
    },
    async close() {
      if (closed) return;
      closed = true;
      await group.drain();
      await pool.end();
    },
  };
}

function checkIdentifier(what: string, name: string): void {
  if (!isPlainIdentifier(name)) {
    throw new AppError(
      'invalid_argument',
      `The audit store ${what} "${name}" must be a lowercase SQL identifier (letters, digits, _).`,
    );
  }
}

/** Installs the store with a connection of its own, as the connecting user (the owner). */
async function install(
  url: string,
  target: { schema: string; runtimeRole: string | null; create: boolean },
  connectTimeoutMs: number,
): Promise<void> {
  const client = new pg.Client({
    connectionString: url,
    connectionTimeoutMillis: connectTimeoutMs,
    application_name: applicationName,
  });
  // A connection dropped while idle is reported here; the next query fails on its own.
  client.on('error', () => undefined);
  try {
    await client.connect();
  } catch (error) {
    await client.end().catch(() => undefined);
    throw unavailable(`Could not connect to the PostgreSQL audit store at ${describeTarget(url)}`, error);
  }
  try {
    if (target.create) await installPostgresAuditSchema(client, target);
    else if (!(await postgresAuditStoreExists(client, target.schema))) {
      throw new AppError(
        'not_found',
        `No audit store in schema ${target.schema} at ${describeTarget(url)} (expected ${target.schema}.audit_events).`,
      );
    }
  } catch (error) {
    if (isAppError(error)) throw error;
    throw unavailable(
      `Could not install the audit store in schema ${target.schema} at ${describeTarget(url)}; ` +
        'the connecting user needs to own it (or CREATE on the database, and CREATEROLE when the runtime role is missing)',
      error,
    );
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** Stores a checkpoint as the canonical JSON of the whole object; a refusal is a `conflict`. */
function checkpointInserter(
  pool: RuntimePool,
  schema: string,
): (checkpoint: AuditCheckpoint) => Promise<void> {
  const sql = `INSERT INTO ${quoteIdentifier(schema)}.audit_checkpoints (seq, ts, body, prev_hash, hash)
    VALUES ($1, $2, $3, $4, $5)`;
  return async (checkpoint) => {
    const body = canonicalJson(checkpoint, 'checkpoint');
    try {
      await pool.withClient((client) =>
        client.query(sql, [checkpoint.seq, checkpoint.ts, body, checkpoint.prevHash, checkpoint.hash]),
      );
    } catch (error) {
      if (!isRefusal(error)) throw unavailable('The audit store could not record the checkpoint', error);
      throw new AppError(
        'conflict',
        `Checkpoint ${checkpoint.seq} does not extend the stored checkpoint chain.`,
        { cause: error },
      );
    }
  };
}

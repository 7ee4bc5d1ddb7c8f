import { createHash } from 'node:crypto';
import pg from 'pg';
import { AppError } from '../../errors/index.ts';
import { quoteIdentifier } from './postgres-schema.ts';

export interface RuntimePoolOptions {
  url: string;
  /** Role every connection switches to (`SET ROLE`) before its first query; null: stay as connected. */
  runtimeRole: string | null;
  /** Connections at most. */
  size: number;
  /** How long to wait for a connection, in milliseconds. */
  connectTimeoutMs: number;
}

/** The runtime's pool: every connection it hands out already runs as the runtime role. */
export interface RuntimePool {
  /** Runs `work` on one connection; a connection that failed outside SQL is discarded, not reused. */
  withClient<T>(work: (client: pg.PoolClient) => Promise<T>): Promise<T>;
  end(): Promise<void>;
}

export const applicationName = 'supplier-agent-audit';

/**
 * A pool whose connections are prepared once, before their first use: `SET ROLE` to the runtime
 * role, and `synchronous_commit` back on if the server's default turned it off (a commit would then
 * return before it is durable, and `append` promises durability). A connection whose preparation
 * failed is destroyed, so nothing ever runs as the connecting user by accident.
 */
export function createRuntimePool(options: RuntimePoolOptions): RuntimePool {
  const pool = new pg.Pool({
    connectionString: options.url,
    max: options.size,
    connectionTimeoutMillis: options.connectTimeoutMs,
    application_name: applicationName,
  });
  // An idle connection that breaks is removed by the pool; without a listener it would crash the process.
  pool.on('error', () => undefined);
  const prepared = new WeakSet<pg.PoolClient>();
  const setRole = options.runtimeRole ? `SET ROLE ${quoteIdentifier(options.runtimeRole)}; ` : '';
  const preparation = `${setRole}SELECT set_config('synchronous_commit', 'on', false) WHERE current_setting('synchronous_commit') = 'off'`;

  async function acquire(): Promise<pg.PoolClient> {
    const client = await pool.connect();
    if (prepared.has(client)) return client;
    try {
      await client.query(preparation);
    } catch (error) {
      client.release(true);
      throw error;
    }
    prepared.add(client);
    return client;
  }

  return {
    async withClient(work) {
      const client = await acquire();
      try {
        const result = await work(client);
        client.release();
        return result;
      } catch (error) {
        client.release(isDatabaseError(error) || isDatabaseError(errorCause(error)) ? undefined : true);
        throw error;
      }
    },
    end: () => pool.end(),
  };
}

/** Where a URL points, without its credentials: for error messages. */
export function describeTarget(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.hostname || 'localhost'}:${parsed.port || '5432'}${parsed.pathname}`;
  } catch {
    return 'the configured PostgreSQL server';
  }
}

/** The database refused the statement (as opposed to the connection failing). */
export function isDatabaseError(error: unknown): error is pg.DatabaseError {
  return error instanceof pg.DatabaseError;
}

function errorCause(error: unknown): unknown {
  return error instanceof Error ? error.cause : undefined;
}

/** A trigger's refusal (RAISE) or a unique key already taken. */
export function isRefusal(error: unknown): boolean {
  return isDatabaseError(error) && (error.code === 'P0001' || error.code === '23505');
}

/**
 * An advisory-lock key (a signed 32-bit integer) for a name: writers lock a session's chain with
 * `pg_advisory_xact_lock(key of the schema, key of the session)`.
 */
export function lockKey(name: string): number {
  return createHash('sha256').update(name, 'utf8').digest().readInt32BE(0);
}

/** A connection or query failure of the store, with the target but never the credentials. */
export function unavailable(message: string, cause: unknown, details?: Record<string, unknown>): AppError {
  return new AppError('unavailable', `${message} (${reasonOf(cause)})`, {
    retryable: true,
    cause,
    ...(details ? { details } : {}),
  });
}

/** An error's message; a refused connection to every address of a host has none, only a code. */
function reasonOf(cause: unknown): string {
  if (!(cause instanceof Error)) return String(cause);
  const code = (cause as { code?: unknown }).code;
  return cause.message || (typeof code === 'string' ? code : cause.name);
}

import type { Clock } from '../clock/clock.ts';
import { AppError } from '../errors/index.ts';
import type { AuditReader, AuditStore } from './event-types.ts';
import { createSqliteAuditLog } from './sqlite-audit-log.ts';
import { openAuditReader } from './sqlite-audit-reader.ts';

export interface AuditStoreSpec {
  /** `sqlite` (the data dir's `audit.sqlite`) or a PostgreSQL URL, optionally with `?schema=NAME`. */
  store: string;
  dataDir: string;
}

/** The PostgreSQL connection and schema a `postgres://` spec names. */
export function postgresTarget(store: string): { url: string; schema?: string } {
  let parsed: URL;
  try {
    parsed = new URL(store);
  } catch (error) {
    throw new AppError('invalid_argument', 'The audit store URL is not a URL.', { cause: error });
  }
  const schema = parsed.searchParams.get('schema') ?? undefined;
  parsed.searchParams.delete('schema');
  if (schema !== undefined && !/^[a-z_][a-z0-9_]{0,62}$/.test(schema)) {
    throw new AppError(
      'invalid_argument',
      `Audit store schema "${schema}" must be a lowercase SQL identifier.`,
    );
  }
  return { url: parsed.toString(), ...(schema ? { schema } : {}) };
}

function isPostgres(store: string): boolean {
  return /^postgres(ql)?:\/\//.test(store);
}

/** Opens the configured store for writing (the platform, `chat`, `sandbox run`, checkpoints). */
export async function openAuditStore(spec: AuditStoreSpec, clock: Clock): Promise<AuditStore> {
  if (!isPostgres(spec.store)) return createSqliteAuditLog({ dataDir: spec.dataDir, clock });
  const { createPostgresAuditLog } = await import('./postgres/index.ts');
  return createPostgresAuditLog({ ...postgresTarget(spec.store), clock });
}

/** Opens the configured store to read (`audit show|verify|export`, `replay`): it never writes events. */
export async function openAuditStoreReader(spec: AuditStoreSpec, clock: Clock): Promise<AuditReader> {
  if (!isPostgres(spec.store)) return openAuditReader({ dataDir: spec.dataDir });
  const { createPostgresAuditLog } = await import('./postgres/index.ts');
  // Reading never installs a store: a wrong URL is `not_found`, not a new empty log.
  return createPostgresAuditLog({ ...postgresTarget(spec.store), clock, create: false });
}

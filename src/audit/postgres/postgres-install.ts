import type pg from 'pg';
import { auditSchemaVersion } from '../sqlite-schema.ts';
import { lockKey } from './postgres-connection.ts';
import { postgresAuditSchemaDdl, postgresRuntimeGrants, quoteIdentifier } from './postgres-schema.ts';

export interface InstallOptions {
  schema: string;
  /** The role to create (NOLOGIN) if missing, grant to, and make the connecting user a member of. */
  runtimeRole: string | null;
}

/** Every install on the server takes this lock: roles are server-wide, two installs must not race. */
const installLockKey = BigInt.asIntN(64, BigInt(lockKey('supplier-agent audit install')));

/**
 * Creates (or completes) the store as the connecting user, who becomes the owner of its tables.
 * Skipped when the store is already at this version with the runtime role in place, so a runtime
 * that connects as a user without CREATE rights starts against a store installed beforehand.
 */
export async function installPostgresAuditSchema(
  client: pg.ClientBase,
  options: InstallOptions,
): Promise<void> {
  if (await isInstalled(client, options)) return;
  await client.query('BEGIN');
  try {
    await client.query('SELECT pg_advisory_xact_lock($1::int8)', [installLockKey.toString()]);
    await client.query(postgresAuditSchemaDdl(options.schema));
    if (options.runtimeRole) await client.query(runtimeRoleDdl(options.schema, options.runtimeRole));
    await client.query(
      `INSERT INTO ${quoteIdentifier(options.schema)}.audit_meta (key, value) VALUES ('schema_version', $1)
       ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value
       WHERE audit_meta.value::int < EXCLUDED.value::int`,
      [String(auditSchemaVersion)],
    );
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  }
}

/** Whether the schema holds an audit store (its events table), without changing anything. */
export async function postgresAuditStoreExists(client: pg.ClientBase, schema: string): Promise<boolean> {
  const found = await client.query<{ events: boolean }>('SELECT to_regclass($1) IS NOT NULL AS events', [
    `${quoteIdentifier(schema)}.audit_events`,
  ]);
  return found.rows[0]?.events === true;
}

/** The store is at this version or later, and the runtime role exists, can write, and can be SET. */
async function isInstalled(client: pg.ClientBase, options: InstallOptions): Promise<boolean> {
  const schema = quoteIdentifier(options.schema);
  const found = await client.query<{ meta: boolean }>('SELECT to_regclass($1) IS NOT NULL AS meta', [
    `${schema}.audit_meta`,
  ]);
  if (!found.rows[0]?.meta) return false;
  const version = await client.query<{ value: string }>(
    `SELECT value FROM ${schema}.audit_meta WHERE key = 'schema_version'`,
  );
  if (Number(version.rows[0]?.value ?? 0) < auditSchemaVersion) return false;
  if (!options.runtimeRole) return true;
  const role = await client.query<{ ready: boolean }>(
    `SELECT COALESCE((SELECT has_schema_privilege(r.oid, $2, 'USAGE')
                        AND has_table_privilege(r.oid, $3, 'INSERT')
                        AND pg_has_role(current_user, r.oid, 'MEMBER')
                      FROM pg_roles r WHERE r.rolname = $1), false) AS ready`,
    [options.runtimeRole, options.schema, `${schema}.audit_events`],
  );
  return role.rows[0]?.ready === true;
}

/** Creates the role NOLOGIN unless it exists, lets the connecting user SET ROLE to it, grants. */
function runtimeRoleDdl(schema: string, role: string): string {
  const quoted = quoteIdentifier(role);
  // The name is a checked plain identifier, so it is also a safe literal.
  return `
DO $role$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '${role}') THEN
    CREATE ROLE ${quoted} NOLOGIN;
  END IF;
  IF NOT pg_has_role(current_user, '${role}', 'MEMBER') THEN
    GRANT ${quoted} TO CURRENT_USER;
  END IF;
END
$role$;
${postgresRuntimeGrants(schema, role)}`;
}

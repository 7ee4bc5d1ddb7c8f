export {
  createPostgresAuditLog,
  defaultAuditSchema,
  defaultRuntimeRole,
  type PostgresAuditLog,
  type PostgresAuditLogOptions,
} from './postgres-audit-log.ts';
export { postgresAuditSchemaDdl, postgresGuardTriggers, postgresRuntimeGrants } from './postgres-schema.ts';

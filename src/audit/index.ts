export { canonicalJson } from './canonical-json.ts';
export {
  type AuditEvent,
  type AuditEventInput,
  type AuditEventLocation,
  type AuditEventType,
  type AuditLog,
  type AuditReader,
  type AuditSessionHead,
  auditEventTypes,
} from './event-types.ts';
export { genesisHash, hashEvent, type UnhashedAuditEvent } from './hash-chain.ts';
export { auditDatabaseFile } from './open-audit-database.ts';
export {
  credentialHeaderNames,
  credentialId,
  type HeaderInput,
  type RecordedHeaders,
  redactHeaders,
} from './redact.ts';
export { createSqliteAuditLog, type SqliteAuditLog, type SqliteAuditLogOptions } from './sqlite-audit-log.ts';
export { openAuditReader } from './sqlite-audit-reader.ts';
export { summarizePayload } from './summarize-payload.ts';
export {
  type VerifyFailure,
  type VerifyFailureReason,
  type VerifyResult,
  type VerifySessionOptions,
  verifyAll,
  verifySession,
  verifyStoredSession,
} from './verify.ts';

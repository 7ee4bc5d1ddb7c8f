import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { AppError } from '../errors/index.ts';
import { auditSchemaDdl, auditSchemaVersion } from './sqlite-schema.ts';

export type AuditDatabase = Database.Database;

/** File name of the audit store inside the data dir. */
export const auditDatabaseFile = 'audit.sqlite';

export interface OpenAuditDatabaseOptions {
  /** The data dir, or `':memory:'` for a throwaway store. */
  dataDir: string;
  /**
   * Open an existing store without ever writing to it (for `audit show` / `audit verify`); fails
   * with `not_found` when there is none. Default false: create the store if needed.
   */
  readOnly?: boolean;
}

/**
 * Opens the audit store in WAL mode with `synchronous = FULL`: every commit is fsynced to the WAL
 * before it returns, which is what lets `append` promise durability. Group commit amortizes that
 * fsync over every event appended in the same batch.
 */
export function openAuditDatabase(options: OpenAuditDatabaseOptions): AuditDatabase {
  if (options.readOnly) return openExisting(options.dataDir);
  let file = ':memory:';
  if (options.dataDir !== ':memory:') {
    fs.mkdirSync(options.dataDir, { recursive: true, mode: 0o700 });
    file = path.join(options.dataDir, auditDatabaseFile);
  }
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.pragma('busy_timeout = 5000');
  db.exec(auditSchemaDdl);
  // The DDL only adds what is missing, so an older store is now at this version.
  db.prepare(`INSERT OR REPLACE INTO audit_meta (key, value) VALUES ('schema_version', ?)`).run(
    String(auditSchemaVersion),
  );
  if (file !== ':memory:') fs.chmodSync(file, 0o600);
  return db;
}

function openExisting(dataDir: string): AuditDatabase {
  const file = path.join(dataDir, auditDatabaseFile);
  if (dataDir === ':memory:' || !fs.existsSync(file)) {
    throw new AppError('not_found', `No audit log in ${dataDir} (expected ${auditDatabaseFile}).`);
  }
  const db = new Database(file, { readonly: true, fileMustExist: true });
  db.pragma('busy_timeout = 5000');
  const table = db
    .prepare(`SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'audit_events'`)
    .get();
  if (!table) {
    db.close();
    throw new AppError('not_found', `${file} is not an audit log (no audit_events table).`);
  }
  return db;
}

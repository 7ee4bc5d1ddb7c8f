import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { schemaDdl, schemaVersion } from './schema.ts';

export type SqliteDatabase = Database.Database;

/** File name of the CSP API database inside the data dir. */
export const cspDatabaseFile = 'csp-api.sqlite';

/**
 * Opens (creating if needed) the CSP API database in `dataDir`, in WAL mode, with the schema applied.
 * Pass `':memory:'` as dataDir for a throwaway database.
 */
export function openCspDatabase(dataDir: string): SqliteDatabase {
  let file = ':memory:';
  if (dataDir !== ':memory:') {
    fs.mkdirSync(dataDir, { recursive: true, mode: 0o700 });
    file = path.join(dataDir, cspDatabaseFile);
  }
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  db.exec(schemaDdl);
  const row = db.prepare(`SELECT value FROM meta WHERE key = 'schema_version'`).get() as
    | { value: string }
    | undefined;
  if (!row)
    db.prepare(`INSERT INTO meta (key, value) VALUES ('schema_version', ?)`).run(String(schemaVersion));
  if (dataDir !== ':memory:') fs.chmodSync(file, 0o600);
  return db;
}

export function readMeta(db: SqliteDatabase, key: string): string | undefined {
  const row = db.prepare('SELECT value FROM meta WHERE key = ?').get(key) as { value: string } | undefined;
  return row?.value;
}

export function writeMeta(db: SqliteDatabase, key: string, value: string): void {
  db.prepare(
    'INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value',
  ).run(key, value);
}

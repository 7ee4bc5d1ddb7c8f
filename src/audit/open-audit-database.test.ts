import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { AppError } from '../errors/index.ts';
import { createTempDir } from '../testing/temp-dir.ts';
import { auditDatabaseFile, openAuditDatabase } from './open-audit-database.ts';

const dirs: { remove(): void }[] = [];

afterEach(() => {
  for (const dir of dirs.splice(0)) dir.remove();
});

function tempDir(): string {
  const dir = createTempDir('audit-open-');
  dirs.push(dir);
  return dir.path;
}

describe('openAuditDatabase', () => {
  it('opens in WAL mode with synchronous = FULL, the file readable by its owner only', () => {
    const dataDir = tempDir();
    const db = openAuditDatabase({ dataDir });
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('synchronous', { simple: true })).toBe(2);
    db.close();
    expect(fs.statSync(path.join(dataDir, auditDatabaseFile)).mode & 0o777).toBe(0o600);
  });

  it('read-only: refuses a data dir without a store, and never writes to one', () => {
    const dataDir = tempDir();
    expect(() => openAuditDatabase({ dataDir, readOnly: true })).toThrow(AppError);
    expect(fs.existsSync(path.join(dataDir, auditDatabaseFile))).toBe(false);
    openAuditDatabase({ dataDir }).close();
    const reader = openAuditDatabase({ dataDir, readOnly: true });
    expect(() => reader.exec(`INSERT INTO audit_meta VALUES ('k', 'v')`)).toThrow(/readonly/);
    reader.close();
  });

  it('read-only: refuses a file that is not an audit store', () => {
    const dataDir = tempDir();
    fs.writeFileSync(path.join(dataDir, auditDatabaseFile), '');
    expect(() => openAuditDatabase({ dataDir, readOnly: true })).toThrow(/not an audit log/);
  });
});

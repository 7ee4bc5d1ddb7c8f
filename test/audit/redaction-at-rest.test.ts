import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  credentialId,
  type RecordedHeaders,
  redactHeaders,
  type SqliteAuditLog,
} from '../../src/audit/index.ts';
import { type AuditStoreFixture, createAuditStoreFixture } from './fixtures/audit-store.ts';

let fixture: AuditStoreFixture;

afterEach(async () => {
  await fixture.cleanup();
});

/** Every byte the store has on disk: the database file, and its WAL and shared memory when present. */
function storedBytes(dataDir: string): Buffer {
  return Buffer.concat(fs.readdirSync(dataDir).map((name) => fs.readFileSync(path.join(dataDir, name))));
}

async function recordRequest(log: SqliteAuditLog, headers: RecordedHeaders): Promise<void> {
  await log.append('ses', {
    type: 'api-request',
    payload: { method: 'GET', path: '/api/purchase_orders', headers, body: null },
  });
}

describe('secrets at rest', () => {
  it('an Authorization header never reaches the stored bytes, before or after a checkpoint', async () => {
    fixture = createAuditStoreFixture();
    const secret = `tok-${randomBytes(16).toString('hex')}`;
    const log = fixture.open();
    const headers = redactHeaders(
      { Authorization: `Bearer ${secret}`, accept: 'application/json' },
      { authorization: 'csp-token' },
    );
    await recordRequest(log, headers);
    expect(storedBytes(fixture.dataDir).includes(secret)).toBe(false);
    const db = fixture.raw();
    db.pragma('wal_checkpoint(TRUNCATE)');
    db.close();
    await log.close();
    const bytes = storedBytes(fixture.dataDir);
    expect(bytes.includes(secret)).toBe(false);
    // Positive control: the scan does see what was stored in the header's place.
    expect(bytes.includes(credentialId('csp-token', secret))).toBe(true);
  });

  it('the same scan finds a secret that was stored unredacted (control: the scan can fail)', async () => {
    fixture = createAuditStoreFixture();
    const secret = `tok-${randomBytes(16).toString('hex')}`;
    const log = fixture.open();
    await recordRequest(log, { Authorization: `Bearer ${secret}` });
    await log.close();
    expect(storedBytes(fixture.dataDir).includes(secret)).toBe(true);
  });
});

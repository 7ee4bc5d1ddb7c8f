import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { type AuditEvent, auditDatabaseFile, createSqliteAuditLog } from '../../src/audit/index.ts';
import { auditCommand } from '../../src/cli/commands/audit.ts';
import { createManualClock } from '../../src/clock/clock.ts';
import { createTempDir } from '../../src/testing/temp-dir.ts';
import { captureIo } from '../support/capture-io.ts';
import { errorOf } from '../support/error-of.ts';

const dirs: { remove(): void }[] = [];

afterEach(() => {
  for (const dir of dirs.splice(0)) dir.remove();
});

/** A data dir with sessions `ses-a` (3 events) and `ses-b` (2 events). */
async function dataDirWithLog(): Promise<string> {
  const dir = createTempDir('audit-cli-');
  dirs.push(dir);
  const log = createSqliteAuditLog({
    dataDir: dir.path,
    clock: createManualClock(new Date('2025-03-01T10:00:00.000Z')),
  });
  await log.append('ses-a', { type: 'session-start', payload: { tenant: 'acme', skill: 'order-status' } });
  await log.append('ses-b', { type: 'session-start', payload: { tenant: 'globex' } });
  await log.append('ses-a', {
    type: 'api-request',
    payload: { method: 'GET', path: '/api/purchase_orders', headers: { accept: 'application/json' } },
  });
  await log.append('ses-a', { type: 'api-response', payload: { status: 200, body: '[]' } });
  await log.append('ses-b', { type: 'session-end', payload: { reason: 'done' } });
  await log.close();
  return dir.path;
}

async function run(dataDir: string, positionals: string[], values: Record<string, string | boolean> = {}) {
  const io = captureIo();
  const code = await auditCommand.run({ 'data-dir': dataDir, ...values }, positionals, io);
  return { code, out: io.out, err: io.err };
}

describe('supplier-agent audit show', () => {
  it('prints one line per event, in order: seq, ts, type and a summary', async () => {
    const dataDir = await dataDirWithLog();
    const { code, out } = await run(dataDir, ['show', 'ses-a']);
    expect(code).toBe(0);
    const lines = out.trimEnd().split('\n');
    expect(lines).toHaveLength(3);
    expect(lines[0]).toMatch(
      /^\s+1 {2}2025-03-01T10:00:00\.000Z {2}session-start\s+skill=order-status tenant=acme$/,
    );
    expect(lines[1]).toMatch(/^\s+2 .* api-request\s+method=GET path=\/api\/purchase_orders headers=\{1\}$/);
    expect(lines[2]).toMatch(/^\s+3 .* api-response\s+body="\[\]" status=200$/);
    expect(out).not.toContain('globex');
  });

  it('--json prints the events as a JSON array, hashes included', async () => {
    const dataDir = await dataDirWithLog();
    const { code, out } = await run(dataDir, ['show', 'ses-b'], { json: true });
    expect(code).toBe(0);
    const events = JSON.parse(out) as AuditEvent[];
    expect(events.map((event) => [event.seq, event.type])).toEqual([
      [1, 'session-start'],
      [2, 'session-end'],
    ]);
    expect(events[1]?.prevHash).toBe(events[0]?.hash);
  });

  it('an unknown session is a clear not_found error', async () => {
    const dataDir = await dataDirWithLog();
    const error = await errorOf(run(dataDir, ['show', 'ses-zzz']));
    expect(error.code).toBe('not_found');
    expect(error.message).toContain('ses-zzz');
  });
});

describe('supplier-agent audit verify', () => {
  it('exits 0 with a summary when intact (positive control), for all or one session', async () => {
    const dataDir = await dataDirWithLog();
    expect(await run(dataDir, ['verify'])).toEqual({
      code: 0,
      out: '2 sessions, 5 events, intact\n',
      err: '',
    });
    expect((await run(dataDir, ['verify'], { session: 'ses-b' })).out).toBe('1 session, 2 events, intact\n');
  });

  it('exits 1 naming the first bad event: session, seq and reason', async () => {
    const dataDir = await dataDirWithLog();
    const db = new Database(path.join(dataDir, auditDatabaseFile));
    db.exec('DROP TRIGGER audit_events_no_update');
    db.exec(
      `UPDATE audit_events SET payload = '{"status":500,"body":"[]"}' WHERE session_id = 'ses-a' AND seq = 3`,
    );
    db.close();
    const result = await run(dataDir, ['verify']);
    expect(result.code).toBe(1);
    expect(result.out).toContain('hash-mismatch');
    expect(result.out).toContain('session ses-a, seq 3');
    const json = await run(dataDir, ['verify'], { json: true });
    expect(json.code).toBe(1);
    expect(JSON.parse(json.out)).toMatchObject({
      ok: false,
      sessionId: 'ses-a',
      seq: 3,
      reason: 'hash-mismatch',
    });
    // The other session is still intact on its own.
    expect((await run(dataDir, ['verify'], { session: 'ses-b' })).code).toBe(0);
  });

  it('an unknown --session and a data dir without a log are clear not_found errors', async () => {
    const dataDir = await dataDirWithLog();
    expect((await errorOf(run(dataDir, ['verify'], { session: 'nope' }))).message).toContain('"nope"');
    const empty = createTempDir('audit-cli-empty-');
    dirs.push(empty);
    const missing = await errorOf(run(empty.path, ['verify']));
    expect(missing.code).toBe('not_found');
    expect(missing.message).toContain('No audit log');
    expect(fs.readdirSync(empty.path)).toEqual([]);
  });

  it('reading never changes the store', async () => {
    const dataDir = await dataDirWithLog();
    const file = path.join(dataDir, auditDatabaseFile);
    const before = fs.readFileSync(file);
    await run(dataDir, ['show', 'ses-a'], { json: true });
    await run(dataDir, ['verify']);
    expect(fs.readFileSync(file).equals(before)).toBe(true);
  });
});

describe('supplier-agent audit usage', () => {
  it.each([[[]], [['list']], [['show']], [['show', 'a', 'b']], [['verify', 'ses-a']]])(
    'rejects %j with a usage error',
    async (positionals) => {
      const dataDir = await dataDirWithLog();
      expect((await errorOf(run(dataDir, positionals))).code).toBe('usage');
    },
  );

  it('rejects --session on show', async () => {
    const dataDir = await dataDirWithLog();
    expect((await errorOf(run(dataDir, ['show', 'ses-a'], { session: 'ses-a' }))).code).toBe('usage');
  });
});

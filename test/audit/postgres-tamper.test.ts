import type pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { buildCheckpoint } from '../../src/audit/checkpoint.ts';
import { type VerifyResult, verifyAll, verifyStoredSession } from '../../src/audit/index.ts';
import type { PostgresAuditLog } from '../../src/audit/postgres/index.ts';
import {
  createPostgresStoreFixture,
  findTestPostgres,
  type PostgresStoreFixture,
} from './fixtures/postgres-store.ts';

const url = await findTestPostgres();
let fixture: PostgresStoreFixture;

afterEach(async () => {
  await fixture?.cleanup();
});

/** A store with three sessions, A (6 events), B (4), C (3), sealed by one checkpoint. */
async function storeWithSessions(): Promise<PostgresAuditLog> {
  fixture = createPostgresStoreFixture(url ?? 'postgres://postgres@127.0.0.1:5432/test');
  const store = await fixture.open();
  const appends = [];
  for (let index = 1; index <= 6; index += 1) {
    for (const [sessionId, count] of [
      ['A', 6],
      ['B', 4],
      ['C', 3],
    ] as const) {
      if (index <= count)
        appends.push(store.append(sessionId, { type: 'tool-call', payload: { sessionId, index } }));
    }
  }
  await Promise.all(appends);
  await store.appendCheckpoint(buildCheckpoint(await store.heads(), undefined, '2025-03-01T11:00:00.000Z'));
  return store;
}

function outcome(result: VerifyResult) {
  return result.ok ? { ok: true } : { reason: result.reason, sessionId: result.sessionId, seq: result.seq };
}

type Tamper = (db: pg.Client, table: (name: string) => string) => Promise<unknown>;

const cases: [name: string, tamper: Tamper, expected: object][] = [
  [
    'an edited payload',
    (db, t) =>
      db.query(`UPDATE ${t('audit_events')} SET payload = '{"index":99}' WHERE session_id = 'A' AND seq = 3`),
    { reason: 'hash-mismatch', sessionId: 'A', seq: 3 },
  ],
  [
    'a payload that is no longer JSON',
    (db, t) =>
      db.query(`UPDATE ${t('audit_events')} SET payload = '{"index":' WHERE session_id = 'C' AND seq = 2`),
    { reason: 'hash-mismatch', sessionId: 'C', seq: 2 },
  ],
  [
    'an edited hash',
    (db, t) =>
      db.query(
        `UPDATE ${t('audit_events')} SET hash = '${'e'.repeat(64)}' WHERE session_id = 'A' AND seq = 5`,
      ),
    { reason: 'hash-mismatch', sessionId: 'A', seq: 5 },
  ],
  [
    'a deleted event',
    (db, t) => db.query(`DELETE FROM ${t('audit_events')} WHERE session_id = 'A' AND seq = 3`),
    { reason: 'broken-link', sessionId: 'A', seq: 4 },
  ],
  [
    'a truncated tail',
    (db, t) => db.query(`DELETE FROM ${t('audit_events')} WHERE session_id = 'C' AND seq = 3`),
    { reason: 'head-mismatch', sessionId: 'C', seq: 3 },
  ],
  [
    'a truncated tail with its head rewritten to match',
    async (db, t) => {
      await db.query(`DELETE FROM ${t('audit_events')} WHERE session_id = 'C' AND seq = 3`);
      await db.query(
        `UPDATE ${t('audit_sessions')} s SET head_seq = 2, head_hash = e.hash FROM ${t('audit_events')} e
         WHERE s.session_id = 'C' AND e.session_id = 'C' AND e.seq = 2`,
      );
    },
    { reason: 'checkpoint-mismatch', sessionId: 'C', seq: 3 },
  ],
  [
    'a deleted session head',
    (db, t) => db.query(`DELETE FROM ${t('audit_sessions')} WHERE session_id = 'B'`),
    { reason: 'head-mismatch', sessionId: 'B', seq: 4 },
  ],
  [
    'a deleted session (events and head)',
    async (db, t) => {
      await db.query(`DELETE FROM ${t('audit_events')} WHERE session_id = 'B'`);
      await db.query(`DELETE FROM ${t('audit_sessions')} WHERE session_id = 'B'`);
    },
    { reason: 'session-deleted', sessionId: 'B' },
  ],
  [
    'a row copied from another session',
    (db, t) =>
      db.query(
        `INSERT INTO ${t('audit_events')} SELECT 'C', 4, ts, type, payload, prev_hash, hash
         FROM ${t('audit_events')} WHERE session_id = 'B' AND seq = 2`,
      ),
    { reason: 'session-mismatch', sessionId: 'C', seq: 4 },
  ],
];

describe.skipIf(!url && !process.env.CI)('verify on a tampered PostgreSQL store', () => {
  it('accepts the untouched store (positive control)', async () => {
    const store = await storeWithSessions();
    expect(await verifyAll(store)).toEqual({ ok: true, sessions: 3, events: 13, checkpoints: 1 });
    expect(await verifyStoredSession(store, 'A')).toEqual({ ok: true, sessions: 1, events: 6 });
  });

  it.each(cases)(
    'detects and names %s, made by an owner who dropped the triggers',
    async (_name, tamper, expected) => {
      const store = await storeWithSessions();
      await tamper(await fixture.attacker(), fixture.table);
      const result = await verifyAll(store);
      expect(outcome(result)).toMatchObject(expected);
      // A session's own chain shows the same fault, except what only checkpoints can see.
      if (!result.ok && result.checkpointSeq === undefined) {
        expect(outcome(await verifyStoredSession(store, result.sessionId))).toEqual(outcome(result));
      }
    },
  );

  it('detects an edit made with the triggers left in place but skipped (replication role)', async () => {
    const store = await storeWithSessions();
    const owner = await fixture.owner();
    const superuser = await owner.query<{ rolsuper: boolean }>(
      'SELECT rolsuper FROM pg_roles WHERE rolname = current_user',
    );
    // Only a superuser may skip triggers this way; the test server's user is one.
    expect(superuser.rows[0]?.rolsuper).toBe(true);
    await owner.query(`SET session_replication_role = replica`);
    await owner.query(
      `UPDATE ${fixture.table('audit_events')} SET ts = '2020-01-01T00:00:00.000Z' WHERE seq = 2`,
    );
    expect(outcome(await verifyAll(store))).toEqual({ reason: 'hash-mismatch', sessionId: 'A', seq: 2 });
  });
});

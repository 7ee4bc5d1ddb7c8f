import type Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { hashEvent, openAuditReader, type VerifyResult, verifyAll } from '../../src/audit/index.ts';
import { type AuditStoreFixture, createAuditStoreFixture, fillSessions } from './fixtures/audit-store.ts';

let fixture: AuditStoreFixture;

afterEach(async () => {
  await fixture.cleanup();
});

/** A store with three closed sessions: A (6 events), B (4), C (3). */
async function storeWithSessions(): Promise<AuditStoreFixture> {
  fixture = createAuditStoreFixture();
  const log = fixture.open();
  await fillSessions(log, { A: 6, B: 4, C: 3 });
  await log.close();
  return fixture;
}

async function verifyStore(): Promise<VerifyResult> {
  const reader = openAuditReader({ dataDir: fixture.dataDir });
  try {
    return await verifyAll(reader);
  } finally {
    await reader.close();
  }
}

function outcome(result: VerifyResult) {
  return result.ok ? { ok: true } : { reason: result.reason, sessionId: result.sessionId, seq: result.seq };
}

/** Moves rows to new seqs without tripping the primary key: via a negative seq first. */
function renumber(db: Database.Database, sessionId: string, moves: [from: number, to: number][]): void {
  const update = db.prepare('UPDATE audit_events SET seq = ? WHERE session_id = ? AND seq = ?');
  for (const [from] of moves) update.run(-from, sessionId, from);
  for (const [from, to] of moves) update.run(to, sessionId, -from);
}

const cases: [name: string, tamper: (db: Database.Database) => void, expected: object][] = [
  [
    'an edited payload',
    (db) =>
      db.exec(
        `UPDATE audit_events SET payload = json_set(payload, '$.index', 99) WHERE session_id = 'A' AND seq = 3`,
      ),
    { reason: 'hash-mismatch', sessionId: 'A', seq: 3 },
  ],
  [
    'an edited ts',
    (db) =>
      db.exec(`UPDATE audit_events SET ts = '2020-01-01T00:00:00.000Z' WHERE session_id = 'B' AND seq = 2`),
    { reason: 'hash-mismatch', sessionId: 'B', seq: 2 },
  ],
  [
    'an edited hash',
    (db) => db.exec(`UPDATE audit_events SET hash = '${'e'.repeat(64)}' WHERE session_id = 'A' AND seq = 5`),
    { reason: 'hash-mismatch', sessionId: 'A', seq: 5 },
  ],
  [
    'a payload that is no longer JSON',
    (db) => db.exec(`UPDATE audit_events SET payload = '{"index":' WHERE session_id = 'C' AND seq = 2`),
    { reason: 'hash-mismatch', sessionId: 'C', seq: 2 },
  ],
  [
    'an edited event before an unreadable one',
    (db) => {
      db.exec(`UPDATE audit_events SET payload = '{"index":' WHERE session_id = 'A' AND seq = 5`);
      db.exec(`UPDATE audit_events SET type = 'tool-result' WHERE session_id = 'A' AND seq = 2`);
    },
    { reason: 'hash-mismatch', sessionId: 'A', seq: 2 },
  ],
  [
    'a deleted event',
    (db) => db.exec(`DELETE FROM audit_events WHERE session_id = 'A' AND seq = 3`),
    { reason: 'broken-link', sessionId: 'A', seq: 4 },
  ],
  [
    'an inserted event',
    (db) => {
      renumber(db, 'A', [
        [6, 7],
        [5, 6],
        [4, 5],
        [3, 4],
      ]);
      const previous = db
        .prepare(`SELECT hash FROM audit_events WHERE session_id = 'A' AND seq = 2`)
        .get() as { hash: string };
      const forged = {
        sessionId: 'A',
        seq: 3,
        ts: '2025-03-01T10:00:00.500Z',
        type: 'tool-call' as const,
        payload: { forged: true },
        prevHash: previous.hash,
      };
      db.prepare('INSERT INTO audit_events VALUES (?, ?, ?, ?, ?, ?, ?)').run(
        'A',
        3,
        forged.ts,
        forged.type,
        JSON.stringify(forged.payload),
        forged.prevHash,
        hashEvent(forged),
      );
    },
    { reason: 'broken-link', sessionId: 'A', seq: 4 },
  ],
  [
    'reordered events (two rows with their seqs swapped)',
    (db) =>
      renumber(db, 'B', [
        [2, 3],
        [3, 2],
      ]),
    { reason: 'seq-order', sessionId: 'B', seq: 2 },
  ],
  [
    'a truncated tail',
    (db) => db.exec(`DELETE FROM audit_events WHERE session_id = 'C' AND seq = 3`),
    { reason: 'head-mismatch', sessionId: 'C', seq: 3 },
  ],
  [
    'a row copied from another session',
    (db) =>
      db.exec(
        `INSERT INTO audit_events SELECT 'C', 4, ts, type, payload, prev_hash, hash FROM audit_events WHERE session_id = 'B' AND seq = 2`,
      ),
    { reason: 'session-mismatch', sessionId: 'C', seq: 4 },
  ],
  [
    'a deleted session head',
    (db) => db.exec(`DELETE FROM audit_sessions WHERE session_id = 'B'`),
    { reason: 'head-mismatch', sessionId: 'B', seq: 4 },
  ],
];

describe('audit verify on a tampered store', () => {
  it('accepts the untouched store (positive control)', async () => {
    await storeWithSessions();
    expect(await verifyStore()).toEqual({ ok: true, sessions: 3, events: 13, checkpoints: 0 });
  });

  it('accepts a store that was reopened and appended to again', async () => {
    await storeWithSessions();
    const log = fixture.open();
    await fillSessions(log, { A: 2, D: 1 });
    await log.close();
    expect(await verifyStore()).toEqual({ ok: true, sessions: 4, events: 16, checkpoints: 0 });
  });

  it.each(cases)('detects and names %s', async (_name, tamper, expected) => {
    await storeWithSessions();
    const db = fixture.attacker();
    tamper(db);
    db.close();
    const result = await verifyStore();
    expect(outcome(result)).toEqual(expected);
    if (!result.ok) expect(result.message).toContain(`session ${result.sessionId}, seq ${result.seq}`);
  });

  it('names where a copied row came from', async () => {
    await storeWithSessions();
    const db = fixture.attacker();
    cases.find(([name]) => name.includes('copied'))?.[1](db);
    db.close();
    const result = await verifyStore();
    expect(result.ok ? '' : result.message).toContain('copy of session B seq 2');
  });
});

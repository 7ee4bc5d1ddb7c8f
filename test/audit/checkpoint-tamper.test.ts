import type Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { buildCheckpoint } from '../../src/audit/checkpoint.ts';
import {
  type CheckpointSigner,
  loadCheckpointSigner,
  loadCheckpointVerifyKey,
} from '../../src/audit/checkpoint-signer.ts';
import type { AuditCheckpoint, CheckpointLeaf } from '../../src/audit/checkpoint-types.ts';
import { createCheckpointer } from '../../src/audit/checkpointer.ts';
import {
  canonicalJson,
  hashEvent,
  openAuditReader,
  type VerifyResult,
  verifyAll,
  verifyStoredSession,
} from '../../src/audit/index.ts';
import type { VerifyAllOptions } from '../../src/audit/verify.ts';
import {
  type AuditStoreFixture,
  checkpointKeys,
  createAuditStoreFixture,
  fillSessions,
} from './fixtures/audit-store.ts';

let fixture: AuditStoreFixture;
const keyRegistry = checkpointKeys();

afterEach(async () => {
  await fixture.cleanup();
  keyRegistry.removeAll();
});

const keys = () => keyRegistry.make();

/**
 * A store sealed three times:
 * - checkpoint 1 over A (6 events), B (4), C (3);
 * - then A gets a 7th event and D two: checkpoint 2;
 * - then B gets a 5th: checkpoint 3.
 * 4 sessions, 17 events. Signed when a key is given.
 */
async function sealedStore(signingKeyFile?: string): Promise<AuditCheckpoint[]> {
  fixture = createAuditStoreFixture();
  const signer = signingKeyFile ? loadCheckpointSigner(signingKeyFile, fixture.dataDir) : undefined;
  const log = fixture.open();
  const checkpointer = createCheckpointer({
    store: log,
    clock: fixture.clock,
    ...(signer ? { signer } : {}),
  });
  await fillSessions(log, { A: 6, B: 4, C: 3 });
  await checkpointer.checkpoint();
  await fillSessions(log, { A: 1, D: 2 });
  await checkpointer.checkpoint();
  await fillSessions(log, { B: 1 });
  await checkpointer.checkpoint();
  const checkpoints = log.checkpoints();
  await log.close();
  expect(checkpoints.map((checkpoint) => checkpoint.seq)).toEqual([1, 2, 3]);
  return checkpoints;
}

async function verifyStore(options: VerifyAllOptions = {}): Promise<VerifyResult> {
  const reader = openAuditReader({ dataDir: fixture.dataDir });
  try {
    return await verifyAll(reader, options);
  } finally {
    await reader.close();
  }
}

function outcome(result: VerifyResult) {
  return result.ok
    ? { ok: true }
    : {
        reason: result.reason,
        sessionId: result.sessionId,
        seq: result.seq,
        checkpointSeq: result.checkpointSeq,
      };
}

/** What `audit checkpoint --out` exports: the checkpoint without its leaves. */
function exported(checkpoint: AuditCheckpoint): AuditCheckpoint {
  const { leaves: _leaves, ...header } = checkpoint;
  return header as AuditCheckpoint;
}

/** Deletes a session's last event and rewrites its head to match, so its own chain verifies. */
function truncateTail(db: Database.Database, sessionId: string): void {
  db.prepare(
    'DELETE FROM audit_events WHERE session_id = ? AND seq = (SELECT MAX(seq) FROM audit_events WHERE session_id = ?)',
  ).run(sessionId, sessionId);
  db.prepare(
    `UPDATE audit_sessions SET (head_seq, head_hash) =
       (SELECT seq, hash FROM audit_events e WHERE e.session_id = audit_sessions.session_id ORDER BY seq DESC LIMIT 1)
     WHERE session_id = ?`,
  ).run(sessionId);
}

function deleteSession(db: Database.Database, sessionId: string): void {
  db.prepare('DELETE FROM audit_events WHERE session_id = ?').run(sessionId);
  db.prepare('DELETE FROM audit_sessions WHERE session_id = ?').run(sessionId);
}

function insertCheckpoint(db: Database.Database, checkpoint: AuditCheckpoint): void {
  db.prepare('INSERT INTO audit_checkpoints (seq, ts, body, prev_hash, hash) VALUES (?, ?, ?, ?, ?)').run(
    checkpoint.seq,
    checkpoint.ts,
    canonicalJson(checkpoint),
    checkpoint.prevHash,
    checkpoint.hash,
  );
}

/** Re-seals leaves as buildCheckpoint would, chained after `previous`. */
function reseal(leaves: readonly CheckpointLeaf[], previous: AuditCheckpoint, ts: string): AuditCheckpoint {
  const heads = leaves.map((leaf) => ({ ...leaf, firstTs: ts, lastTs: ts }));
  return buildCheckpoint(heads, previous, ts);
}

function currentHeads(db: Database.Database) {
  return (
    db.prepare('SELECT session_id, head_seq, head_hash FROM audit_sessions ORDER BY session_id').all() as {
      session_id: string;
      head_seq: number;
      head_hash: string;
    }[]
  ).map((row) => ({
    sessionId: row.session_id,
    headSeq: row.head_seq,
    headHash: row.head_hash,
    firstTs: '',
    lastTs: '',
  }));
}

type Tamper = (db: Database.Database, checkpoints: AuditCheckpoint[]) => void;

const cases: [name: string, tamper: Tamper, expected: object, mentions: string][] = [
  [
    'a whole session deleted (events and head) after a checkpoint sealed it',
    (db) => deleteSession(db, 'B'),
    { reason: 'session-deleted', sessionId: 'B', seq: 4, checkpointSeq: 1 },
    'session B, checkpoint 1',
  ],
  [
    'a session deleted that only a later checkpoint sealed',
    (db) => deleteSession(db, 'D'),
    { reason: 'session-deleted', sessionId: 'D', seq: 2, checkpointSeq: 2 },
    'session D, checkpoint 2',
  ],
  [
    'a truncated tail with the head rewritten to match',
    (db) => truncateTail(db, 'C'),
    { reason: 'checkpoint-mismatch', sessionId: 'C', seq: 3, checkpointSeq: 1 },
    'the tail was truncated',
  ],
  [
    'a truncated tail that only the second checkpoint sealed',
    (db) => truncateTail(db, 'A'),
    { reason: 'checkpoint-mismatch', sessionId: 'A', seq: 7, checkpointSeq: 2 },
    'session A, checkpoint 2',
  ],
  [
    'a sealed last event replaced by a forged one, re-hashed, head rewritten',
    (db) => {
      const last = db.prepare(`SELECT * FROM audit_events WHERE session_id = 'C' AND seq = 3`).get() as {
        ts: string;
        prev_hash: string;
      };
      truncateTail(db, 'C');
      const forged = {
        sessionId: 'C',
        seq: 3,
        ts: last.ts,
        type: 'tool-call' as const,
        payload: { forged: true },
        prevHash: last.prev_hash,
      };
      const hash = hashEvent(forged);
      db.prepare('INSERT INTO audit_events VALUES (?, ?, ?, ?, ?, ?, ?)').run(
        'C',
        3,
        forged.ts,
        forged.type,
        JSON.stringify(forged.payload),
        forged.prevHash,
        hash,
      );
      db.prepare(`UPDATE audit_sessions SET head_seq = 3, head_hash = ? WHERE session_id = 'C'`).run(hash);
    },
    { reason: 'checkpoint-mismatch', sessionId: 'C', seq: 3, checkpointSeq: 1 },
    'not the one the checkpoint sealed',
  ],
  [
    "an edited checkpoint body (a leaf's headSeq)",
    (db) =>
      db.exec(`UPDATE audit_checkpoints SET body = json_set(body, '$.leaves[0].headSeq', 5) WHERE seq = 2`),
    { reason: 'checkpoint-hash-mismatch', sessionId: '', seq: 0, checkpointSeq: 2 },
    'checkpoint 2',
  ],
  [
    "an edited checkpoint body (a leaf's headHash)",
    (db) =>
      db.exec(
        `UPDATE audit_checkpoints SET body = json_set(body, '$.leaves[1].headHash', '${'0'.repeat(64)}') WHERE seq = 1`,
      ),
    { reason: 'checkpoint-hash-mismatch', sessionId: '', seq: 0, checkpointSeq: 1 },
    'Merkle root',
  ],
  [
    'an edited checkpoint header (its ts, the hash kept)',
    (db) =>
      db.exec(
        `UPDATE audit_checkpoints SET body = json_set(body, '$.ts', '2030-01-01T00:00:00.000Z') WHERE seq = 3`,
      ),
    { reason: 'checkpoint-hash-mismatch', sessionId: '', seq: 0, checkpointSeq: 3 },
    'checkpoint 3',
  ],
  [
    'an edited checkpoint count (events), the hash kept',
    (db) => db.exec(`UPDATE audit_checkpoints SET body = json_set(body, '$.events', 99) WHERE seq = 2`),
    { reason: 'checkpoint-hash-mismatch', sessionId: '', seq: 0, checkpointSeq: 2 },
    'checkpoint 2',
  ],
  [
    'an edited checkpoint re-sealed with its hash recomputed',
    (db, [first, second]) => {
      const leaves = (second as AuditCheckpoint).leaves.map((leaf) =>
        leaf.sessionId === 'A' ? { ...leaf, headSeq: 6, headHash: first?.leaves[0]?.headHash ?? '' } : leaf,
      );
      const forged = reseal(leaves, first as AuditCheckpoint, (second as AuditCheckpoint).ts);
      db.exec('DELETE FROM audit_checkpoints WHERE seq = 2');
      insertCheckpoint(db, forged);
    },
    { reason: 'checkpoint-broken-link', sessionId: '', seq: 0, checkpointSeq: 3 },
    'does not follow checkpoint 2',
  ],
  [
    'a deleted middle checkpoint',
    (db) => db.exec('DELETE FROM audit_checkpoints WHERE seq = 2'),
    { reason: 'checkpoint-broken-link', sessionId: '', seq: 0, checkpointSeq: 3 },
    'does not follow checkpoint 1',
  ],
  [
    'a deleted first checkpoint',
    (db) => db.exec('DELETE FROM audit_checkpoints WHERE seq = 1'),
    { reason: 'checkpoint-broken-link', sessionId: '', seq: 0, checkpointSeq: 2 },
    'checkpoint 2',
  ],
  [
    "a replayed checkpoint (the first one's leaves re-sealed as the newest)",
    (db, [first, , third]) => {
      const later = new Date(Date.parse((third as AuditCheckpoint).ts) + 60_000).toISOString();
      insertCheckpoint(db, reseal((first as AuditCheckpoint).leaves, third as AuditCheckpoint, later));
    },
    { reason: 'checkpoint-replayed', sessionId: '', seq: 0, checkpointSeq: 4 },
    'session A was at seq 7',
  ],
  [
    'a replayed checkpoint that keeps its old date',
    (db, [first, , third]) => {
      insertCheckpoint(
        db,
        reseal((first as AuditCheckpoint).leaves, third as AuditCheckpoint, (first as AuditCheckpoint).ts),
      );
    },
    { reason: 'checkpoint-replayed', sessionId: '', seq: 0, checkpointSeq: 4 },
    'dated before checkpoint 3',
  ],
  [
    'a checkpoint body that is no longer JSON',
    (db) => db.exec(`UPDATE audit_checkpoints SET body = '{"seq":' WHERE seq = 2`),
    { reason: 'checkpoint-hash-mismatch', sessionId: '', seq: 0, checkpointSeq: 2 },
    'checkpoint 2',
  ],
  [
    'a checkpoint body that is JSON null',
    (db) => db.exec(`UPDATE audit_checkpoints SET body = 'null' WHERE seq = 2`),
    { reason: 'checkpoint-hash-mismatch', sessionId: '', seq: 0, checkpointSeq: 2 },
    'checkpoint 2',
  ],
];

describe('checkpoints on a tampered store', () => {
  it('accept the untouched store (positive control)', async () => {
    const checkpoints = await sealedStore();
    expect(await verifyStore()).toEqual({ ok: true, sessions: 4, events: 17, checkpoints: 3 });
    expect(await verifyStore({ expectedCheckpoints: checkpoints.map(exported) })).toEqual({
      ok: true,
      sessions: 4,
      events: 17,
      checkpoints: 3,
    });
  });

  it.each(cases)('detect and name %s', async (_name, tamper, expected, mentions) => {
    const checkpoints = await sealedStore();
    const db = fixture.attacker();
    tamper(db, checkpoints);
    db.close();
    const result = await verifyStore();
    expect(outcome(result)).toEqual(expected);
    expect(result.ok ? '' : result.message).toContain(mentions);
  });

  it('the per-session check alone misses a truncation with its head rewritten: only the checkpoint sees it', async () => {
    await sealedStore();
    const db = fixture.attacker();
    truncateTail(db, 'C');
    db.close();
    const reader = openAuditReader({ dataDir: fixture.dataDir });
    try {
      expect(await verifyStoredSession(reader, 'C')).toEqual({ ok: true, sessions: 1, events: 2 });
    } finally {
      await reader.close();
    }
    expect(outcome(await verifyStore())).toMatchObject({ reason: 'checkpoint-mismatch', sessionId: 'C' });
  });
});

describe('signed checkpoints on a tampered store', () => {
  it('accept the untouched signed store with the key (positive control)', async () => {
    const key = keys();
    await sealedStore(key.privateKeyFile);
    const verifyKey = loadCheckpointVerifyKey(key.publicKeyFile);
    expect(await verifyStore({ verifyKey })).toEqual({ ok: true, sessions: 4, events: 17, checkpoints: 3 });
  });

  it('detect a forged chain re-signed with another key after a truncation', async () => {
    const key = keys();
    const forger = keys();
    await sealedStore(key.privateKeyFile);
    const forgerSigner: CheckpointSigner = loadCheckpointSigner(forger.privateKeyFile, fixture.dataDir);
    const db = fixture.attacker();
    truncateTail(db, 'C');
    // Every checkpoint replaced by one over the truncated heads, signed with the forger's key.
    db.exec('DELETE FROM audit_checkpoints');
    const forged = buildCheckpoint(currentHeads(db), undefined, '2025-03-01T12:00:00.000Z');
    insertCheckpoint(db, { ...forged, signature: forgerSigner.sign(forged.hash) });
    db.close();

    // Without a key the forgery is self-consistent: this is what the key is for.
    expect(await verifyStore()).toMatchObject({ ok: true, sessions: 4, events: 16, checkpoints: 1 });
    const result = await verifyStore({ verifyKey: loadCheckpointVerifyKey(key.publicKeyFile) });
    expect(outcome(result)).toEqual({
      reason: 'checkpoint-signature',
      sessionId: '',
      seq: 0,
      checkpointSeq: 1,
    });
    expect(result.ok ? '' : result.message).toContain(`key ${key.keyId.slice(0, 16)}`);
  });

  it('detect a genuine signature moved onto an edited checkpoint', async () => {
    const key = keys();
    const checkpoints = await sealedStore(key.privateKeyFile);
    const [first, , third] = checkpoints as [AuditCheckpoint, AuditCheckpoint, AuditCheckpoint];
    const db = fixture.attacker();
    // A replay of checkpoint 1, carrying checkpoint 1's real signature.
    const replayed = reseal(first.leaves, third, '2025-03-01T12:00:00.000Z');
    insertCheckpoint(db, { ...replayed, ...(first.signature ? { signature: first.signature } : {}) });
    db.close();
    const result = await verifyStore({ verifyKey: loadCheckpointVerifyKey(key.publicKeyFile) });
    expect(outcome(result)).toEqual({
      reason: 'checkpoint-signature',
      sessionId: '',
      seq: 0,
      checkpointSeq: 4,
    });
  });
});

describe('checkpoints cut back', () => {
  /**
   * The attacker deletes the latest checkpoints and everything they alone sealed (A's 7th event,
   * session D, B's 5th event), heads rewritten: what is left is consistent with checkpoint 1.
   */
  const cutBack: Tamper = (db) => {
    db.exec('DELETE FROM audit_checkpoints WHERE seq >= 2');
    truncateTail(db, 'A');
    truncateTail(db, 'B');
    deleteSession(db, 'D');
  };

  it('pass unnoticed without an exported checkpoint, and are detected with one', async () => {
    const checkpoints = await sealedStore();
    const latest = exported(checkpoints[2] as AuditCheckpoint);
    const db = fixture.attacker();
    cutBack(db, checkpoints);
    db.close();

    expect(await verifyStore()).toEqual({ ok: true, sessions: 3, events: 13, checkpoints: 1 });
    const result = await verifyStore({ expectedCheckpoints: [latest] });
    expect(outcome(result)).toEqual({
      reason: 'checkpoint-broken-link',
      sessionId: '',
      seq: 0,
      checkpointSeq: 3,
    });
    expect(result.ok ? '' : result.message).toContain('the log was cut back');
    // An exported checkpoint that survived the cut is no evidence either way (positive control).
    expect(
      await verifyStore({ expectedCheckpoints: [exported(checkpoints[0] as AuditCheckpoint)] }),
    ).toMatchObject({ ok: true });
  });

  it('are detected when the cut chain was regrown with different checkpoints', async () => {
    const checkpoints = await sealedStore();
    const [first, , third] = checkpoints as [AuditCheckpoint, AuditCheckpoint, AuditCheckpoint];
    const db = fixture.attacker();
    cutBack(db, checkpoints);
    // Two new checkpoints over the cut store, so there is again a checkpoint 3.
    const second = buildCheckpoint(currentHeads(db), first, '2025-03-01T12:00:00.000Z');
    const regrown = buildCheckpoint(currentHeads(db), second, '2025-03-01T12:00:01.000Z');
    insertCheckpoint(db, second);
    insertCheckpoint(db, regrown);
    db.close();

    expect(await verifyStore()).toMatchObject({ ok: true, checkpoints: 3 });
    const result = await verifyStore({ expectedCheckpoints: [exported(third)] });
    expect(outcome(result)).toEqual({
      reason: 'checkpoint-broken-link',
      sessionId: '',
      seq: 0,
      checkpointSeq: 3,
    });
    expect(result.ok ? '' : result.message).toContain('different checkpoint');
  });
});

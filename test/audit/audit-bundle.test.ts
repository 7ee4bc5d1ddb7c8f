import { afterEach, describe, expect, it } from 'vitest';
import { type AuditBundle, buildAuditBundle, verifyAuditBundle } from '../../src/audit/audit-bundle.ts';
import { buildCheckpoint, checkpointHash, leafHashes, leafText } from '../../src/audit/checkpoint.ts';
import { loadCheckpointSigner, loadCheckpointVerifyKey } from '../../src/audit/checkpoint-signer.ts';
import type { AuditCheckpoint } from '../../src/audit/checkpoint-types.ts';
import { createCheckpointer } from '../../src/audit/checkpointer.ts';
import { type AuditEvent, hashEvent, type SqliteAuditLog, type VerifyResult } from '../../src/audit/index.ts';
import { inclusionProof, leafHash, merkleRoot } from '../../src/audit/merkle.ts';
import { AppError } from '../../src/errors/index.ts';
import { thrown } from '../support/thrown.ts';
import { type AuditStoreFixture, checkpointKeys, createAuditStoreFixture } from './fixtures/audit-store.ts';

let fixture: AuditStoreFixture;
const keyRegistry = checkpointKeys();

afterEach(async () => {
  await fixture.cleanup();
  keyRegistry.removeAll();
});

const keys = () => keyRegistry.make();

/** The session exported, and four others whose ids must never appear in its bundle. */
const exportedSession = 'ses-northwind-7f3a';
const otherSessions = ['ses-acme-0c1d', 'ses-globex-91b2', 'ses-initech-44e0', 'ses-umbrella-d5e6'];

/** Five sessions in one store, sealed by one checkpoint (signed when a key is given). */
async function sealedStore(
  signingKeyFile?: string,
): Promise<{ log: SqliteAuditLog; checkpoint: AuditCheckpoint }> {
  fixture = createAuditStoreFixture();
  const signer = signingKeyFile ? loadCheckpointSigner(signingKeyFile, fixture.dataDir) : undefined;
  const log = fixture.open();
  const appends: Promise<unknown>[] = [];
  for (const [index, sessionId] of [
    ...otherSessions.slice(0, 2),
    exportedSession,
    ...otherSessions.slice(2),
  ].entries()) {
    appends.push(log.append(sessionId, { type: 'session-start', payload: { tenant: `tenant-${index}` } }));
    appends.push(log.append(sessionId, { type: 'user-message', payload: { text: `question ${index}` } }));
    appends.push(
      log.append(sessionId, { type: 'tool-call', payload: { name: 'purchase_orders_list', index } }),
    );
    appends.push(log.append(sessionId, { type: 'assistant-message', payload: { text: `answer ${index}` } }));
  }
  await Promise.all(appends);
  const checkpoint = await createCheckpointer({
    store: log,
    clock: fixture.clock,
    ...(signer ? { signer } : {}),
  }).checkpoint();
  return { log, checkpoint: checkpoint ?? expect.unreachable() };
}

/** The bundle as an auditor receives it: JSON text, parsed. */
function exportBundle(log: SqliteAuditLog, checkpoint: AuditCheckpoint): AuditBundle {
  const bundle = buildAuditBundle(log.events(exportedSession), checkpoint, '2025-03-02T09:00:00.000Z');
  return JSON.parse(JSON.stringify(bundle)) as AuditBundle;
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

function copy(bundle: AuditBundle): AuditBundle {
  return structuredClone(bundle);
}

type Tamper = (bundle: AuditBundle) => void;

const cases: [name: string, tamper: Tamper, expected: object][] = [
  [
    'an edited event payload',
    (bundle) => {
      (bundle.events[1] as AuditEvent).payload = { text: 'a different question' };
    },
    { reason: 'hash-mismatch', sessionId: exportedSession, seq: 2 },
  ],
  [
    'an edited event payload, its hash recomputed',
    (bundle) => {
      const event = bundle.events[1] as AuditEvent;
      event.payload = { text: 'a different question' };
      event.hash = hashEvent(event);
    },
    { reason: 'broken-link', sessionId: exportedSession, seq: 3 },
  ],
  [
    'the last event dropped',
    (bundle) => {
      bundle.events.pop();
    },
    { reason: 'checkpoint-mismatch', sessionId: exportedSession, seq: 3, checkpointSeq: 1 },
  ],
  [
    'a middle event dropped',
    (bundle) => {
      bundle.events.splice(1, 1);
    },
    { reason: 'broken-link', sessionId: exportedSession, seq: 3 },
  ],
  [
    'every event dropped',
    (bundle) => {
      bundle.events = [];
    },
    { reason: 'checkpoint-mismatch', sessionId: exportedSession, seq: 0, checkpointSeq: 1 },
  ],
  [
    'an event appended after the sealed head',
    (bundle) => {
      const last = bundle.events.at(-1) as AuditEvent;
      const extra = {
        sessionId: exportedSession,
        seq: last.seq + 1,
        ts: '2025-03-01T12:00:00.000Z',
        type: 'session-end' as const,
        payload: {},
        prevHash: last.hash,
      };
      bundle.events.push({ ...extra, hash: hashEvent(extra) });
    },
    { reason: 'checkpoint-mismatch', sessionId: exportedSession, seq: 5, checkpointSeq: 1 },
  ],
  [
    'the proof path reversed',
    (bundle) => {
      bundle.proof.path.reverse();
    },
    { reason: 'checkpoint-mismatch', sessionId: exportedSession, seq: 4, checkpointSeq: 1 },
  ],
  [
    'a proof step on the wrong side',
    (bundle) => {
      const step = bundle.proof.path[0];
      if (step) step.side = step.side === 'left' ? 'right' : 'left';
    },
    { reason: 'checkpoint-mismatch', sessionId: exportedSession, seq: 4, checkpointSeq: 1 },
  ],
  [
    'a proof step with an edited sibling hash',
    (bundle) => {
      const step = bundle.proof.path.at(-1);
      if (step) step.hash = `${step.hash[0] === '0' ? '1' : '0'}${step.hash.slice(1)}`;
    },
    { reason: 'checkpoint-mismatch', sessionId: exportedSession, seq: 4, checkpointSeq: 1 },
  ],
  [
    'a proof step dropped',
    (bundle) => {
      bundle.proof.path.pop();
    },
    { reason: 'checkpoint-mismatch', sessionId: exportedSession, seq: 4, checkpointSeq: 1 },
  ],
  [
    "the proven leaf's headSeq edited",
    (bundle) => {
      bundle.proof.leaf.headSeq = 3;
    },
    { reason: 'checkpoint-mismatch', sessionId: exportedSession, seq: 4, checkpointSeq: 1 },
  ],
  [
    "the checkpoint header's ts edited",
    (bundle) => {
      bundle.checkpoint.ts = '2030-01-01T00:00:00.000Z';
    },
    { reason: 'checkpoint-hash-mismatch', sessionId: exportedSession, seq: 4, checkpointSeq: 1 },
  ],
  [
    "the checkpoint header's session count edited",
    (bundle) => {
      bundle.checkpoint.sessions = 1;
    },
    { reason: 'checkpoint-hash-mismatch', sessionId: exportedSession, seq: 4, checkpointSeq: 1 },
  ],
  [
    "the checkpoint header's root edited",
    (bundle) => {
      bundle.checkpoint.root = '0'.repeat(64);
    },
    { reason: 'checkpoint-mismatch', sessionId: exportedSession, seq: 4, checkpointSeq: 1 },
  ],
  [
    "the checkpoint's hash edited",
    (bundle) => {
      bundle.checkpoint.hash = 'f'.repeat(64);
    },
    { reason: 'checkpoint-hash-mismatch', sessionId: exportedSession, seq: 4, checkpointSeq: 1 },
  ],
  [
    'the session id changed to another session',
    (bundle) => {
      bundle.sessionId = otherSessions[0] as string;
    },
    { reason: 'session-mismatch', sessionId: otherSessions[0], seq: 1 },
  ],
];

describe('audit bundle', () => {
  it('verifies offline on its own (positive control)', async () => {
    const { log, checkpoint } = await sealedStore();
    const bundle = exportBundle(log, checkpoint);
    expect(bundle).toMatchObject({
      format: 'supplier-agent-audit-bundle',
      version: 1,
      sessionId: exportedSession,
      checkpoint: { seq: 1, sessions: 5, events: 20, hash: checkpoint.hash, root: checkpoint.root },
      // Leaves are ordered by session id: acme, globex, initech, northwind, umbrella.
      proof: { index: 3, leaf: { sessionId: exportedSession, headSeq: 4 } },
    });
    expect(bundle.events.map((event) => event.seq)).toEqual([1, 2, 3, 4]);
    // A tree of five: the leaf at index 3 needs three siblings.
    expect(bundle.proof.path).toHaveLength(3);
    expect(verifyAuditBundle(bundle)).toEqual({ ok: true, sessions: 1, events: 4, checkpoints: 1 });
  });

  it.each(cases)('fails, named, on %s', async (_name, tamper, expected) => {
    const { log, checkpoint } = await sealedStore();
    const bundle = copy(exportBundle(log, checkpoint));
    expect(verifyAuditBundle(bundle).ok).toBe(true);
    tamper(bundle);
    const result = verifyAuditBundle(bundle);
    expect(outcome(result)).toMatchObject(expected);
    expect(result.ok ? '' : result.message).toContain(
      `session ${(expected as { sessionId: string }).sessionId}`,
    );
  });

  it("another session's proof does not prove this session", async () => {
    const { log, checkpoint } = await sealedStore();
    const bundle = exportBundle(log, checkpoint);
    const hashes = leafHashes(checkpoint.leaves);
    const foreign = copy(bundle);
    foreign.proof.path = inclusionProof(hashes, 0);
    expect(outcome(verifyAuditBundle(foreign))).toMatchObject({ reason: 'checkpoint-mismatch' });
    // Positive control: the proof for its own index passes.
    foreign.proof.path = inclusionProof(hashes, 3);
    expect(verifyAuditBundle(foreign).ok).toBe(true);
  });

  it('keeps the other sessions private: their ids, events and heads appear nowhere in it', async () => {
    const { log, checkpoint } = await sealedStore();
    const text = JSON.stringify(
      buildAuditBundle(log.events(exportedSession), checkpoint, '2025-03-02T09:00:00.000Z'),
    );
    expect(text).toContain(exportedSession);
    for (const sessionId of otherSessions) {
      expect(text).not.toContain(sessionId);
      const head = log.head(sessionId);
      expect(head).toBeDefined();
      expect(text).not.toContain(head?.headHash);
      for (const event of log.events(sessionId)) expect(text).not.toContain(event.hash);
    }
    expect(text).not.toContain('"leaves"');
    for (const index of [0, 1, 3, 4]) {
      expect(text).not.toContain(`tenant-${index}`);
      expect(text).not.toContain(`question ${index}`);
    }
  });

  it('verifies with the signing key, fails with another key or without a signature', async () => {
    const key = keys();
    const other = keys();
    const { log, checkpoint } = await sealedStore(key.privateKeyFile);
    const bundle = exportBundle(log, checkpoint);
    expect(bundle.checkpoint.signature?.keyId).toBe(key.keyId);
    expect(verifyAuditBundle(bundle, loadCheckpointVerifyKey(key.publicKeyFile))).toMatchObject({ ok: true });

    const wrong = verifyAuditBundle(bundle, loadCheckpointVerifyKey(other.publicKeyFile));
    expect(outcome(wrong)).toEqual({
      reason: 'checkpoint-signature',
      sessionId: exportedSession,
      seq: 4,
      checkpointSeq: 1,
    });

    const unsigned = copy(bundle);
    delete unsigned.checkpoint.signature;
    expect(verifyAuditBundle(unsigned).ok).toBe(true);
    const required = verifyAuditBundle(unsigned, loadCheckpointVerifyKey(key.publicKeyFile));
    expect(outcome(required)).toMatchObject({ reason: 'checkpoint-signature' });
    expect(required.ok ? '' : required.message).toContain('not signed');
  });

  it('a fully re-sealed forgery passes without a key and fails with it', async () => {
    const key = keys();
    const { log, checkpoint } = await sealedStore(key.privateKeyFile);
    const forged = copy(exportBundle(log, checkpoint));
    // Rewrite the answer, re-chain, and re-seal a one-leaf checkpoint over the forged head.
    const events = forged.events;
    (events[3] as AuditEvent).payload = { text: 'a forged answer' };
    (events[3] as AuditEvent).hash = hashEvent(events[3] as AuditEvent);
    const last = events[3] as AuditEvent;
    const leaf = { sessionId: exportedSession, headSeq: last.seq, headHash: last.hash };
    const resealed = buildCheckpoint(
      [{ ...leaf, firstTs: last.ts, lastTs: last.ts }],
      undefined,
      forged.checkpoint.ts,
    );
    expect(resealed.root).toBe(merkleRoot([leafHash(leafText(leaf))]));
    const { leaves: _leaves, ...header } = resealed;
    forged.checkpoint = {
      ...header,
      ...(forged.checkpoint.signature ? { signature: forged.checkpoint.signature } : {}),
    };
    forged.proof = { leaf, index: 0, path: [] };
    expect(checkpointHash(forged.checkpoint)).toBe(forged.checkpoint.hash);

    expect(verifyAuditBundle(forged)).toMatchObject({ ok: true });
    const result = verifyAuditBundle(forged, loadCheckpointVerifyKey(key.publicKeyFile));
    expect(outcome(result)).toMatchObject({ reason: 'checkpoint-signature', checkpointSeq: 1 });
  });

  it('is built only from a checkpoint that seals the session as exported', async () => {
    const { log, checkpoint } = await sealedStore();
    await log.append(exportedSession, { type: 'session-end', payload: {} });
    const error = thrown(() =>
      buildAuditBundle(log.events(exportedSession), checkpoint, '2025-03-02T09:00:00.000Z'),
    );
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe('conflict');
    // Positive control: a fresh checkpoint seals the new head, and the bundle verifies.
    const next = buildCheckpoint(log.heads(), checkpoint, fixture.clock.now().toISOString());
    const bundle = buildAuditBundle(log.events(exportedSession), next, '2025-03-02T09:00:00.000Z');
    expect(verifyAuditBundle(bundle)).toMatchObject({ ok: true, events: 5 });
  });

  it.each([
    ['not an object', 'hello'],
    ['another format', { format: 'something-else', version: 1 }],
    ['a later version', { format: 'supplier-agent-audit-bundle', version: 2 }],
    ['null', null],
  ])('refuses %s as invalid_argument', (_name, value) => {
    expect(() => verifyAuditBundle(value)).toThrow(AppError);
    try {
      verifyAuditBundle(value);
    } catch (error) {
      expect((error as AppError).code).toBe('invalid_argument');
    }
  });

  it.each<[string, Tamper]>([
    [
      'a proof step without a hash',
      (bundle) => {
        bundle.proof.path = [{ side: 'left' } as AuditBundle['proof']['path'][number]];
      },
    ],
    [
      'a checkpoint header without its fields',
      (bundle) => {
        bundle.checkpoint = { hash: bundle.checkpoint.hash } as AuditBundle['checkpoint'];
      },
    ],
    [
      'an event that is null',
      (bundle) => {
        bundle.events[1] = null as unknown as AuditEvent;
      },
    ],
  ])('names a malformed bundle (%s) instead of crashing', async (_name, tamper) => {
    const { log, checkpoint } = await sealedStore();
    const bundle = copy(exportBundle(log, checkpoint));
    tamper(bundle);
    let result: VerifyResult | undefined;
    let error: unknown;
    try {
      result = verifyAuditBundle(bundle);
    } catch (caught) {
      error = caught;
    }
    // Either a named failure or a clear invalid_argument, never a TypeError from deep inside.
    if (error !== undefined) {
      expect(error).toBeInstanceOf(AppError);
      expect((error as AppError).code).toBe('invalid_argument');
    } else expect(result?.ok).toBe(false);
  });
});

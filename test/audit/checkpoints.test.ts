import { generateKeyPairSync } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { buildCheckpoint, leafHashes } from '../../src/audit/checkpoint.ts';
import { loadCheckpointSigner, loadCheckpointVerifyKey } from '../../src/audit/checkpoint-signer.ts';
import { createCheckpointer } from '../../src/audit/checkpointer.ts';
import { genesisHash, openAuditReader, verifyAll } from '../../src/audit/index.ts';
import { merkleRoot } from '../../src/audit/merkle.ts';
import { AppError } from '../../src/errors/index.ts';
import { createTempDir } from '../../src/testing/temp-dir.ts';
import { errorOf } from '../support/error-of.ts';
import { thrown } from '../support/thrown.ts';
import {
  type AuditStoreFixture,
  type CheckpointKeyFixture,
  createAuditStoreFixture,
  createCheckpointKeyFixture,
  fillSessions,
} from './fixtures/audit-store.ts';

let fixture: AuditStoreFixture;
const cleanups: (() => void)[] = [];

afterEach(async () => {
  await fixture.cleanup();
  for (const cleanup of cleanups.splice(0)) cleanup();
});

/** A directory that is not the data dir of any store here. */
function elsewhere(): string {
  const dir = createTempDir('audit-elsewhere-');
  cleanups.push(dir.remove);
  return dir.path;
}

function keys(): CheckpointKeyFixture {
  const made = createCheckpointKeyFixture();
  cleanups.push(made.remove);
  return made;
}

/** A store with sessions A (3 events) and B (2), and a checkpointer over it (signing with this key). */
async function storeWithSessions(signingKeyFile?: string) {
  fixture = createAuditStoreFixture();
  const signer = signingKeyFile ? loadCheckpointSigner(signingKeyFile, fixture.dataDir) : undefined;
  const log = fixture.open();
  await fillSessions(log, { B: 2, A: 3 });
  const checkpointer = createCheckpointer({
    store: log,
    clock: fixture.clock,
    ...(signer ? { signer } : {}),
  });
  return { log, checkpointer };
}

async function verifyStore(options: Parameters<typeof verifyAll>[1] = {}) {
  const reader = openAuditReader({ dataDir: fixture.dataDir });
  try {
    return await verifyAll(reader, options);
  } finally {
    await reader.close();
  }
}

describe('checkpointer', () => {
  it('seals every session head under one Merkle root, chained to genesis', async () => {
    const { log, checkpointer } = await storeWithSessions();
    const heads = log.heads();
    const checkpoint = (await checkpointer.checkpoint()) ?? expect.unreachable();
    expect(checkpoint).toMatchObject({
      seq: 1,
      sessions: 2,
      events: 5,
      prevHash: genesisHash,
      leaves: [
        { sessionId: 'A', headSeq: 3, headHash: heads[0]?.headHash },
        { sessionId: 'B', headSeq: 2, headHash: heads[1]?.headHash },
      ],
    });
    expect(checkpoint.root).toBe(merkleRoot(leafHashes(checkpoint.leaves)));
    expect(checkpoint.signature).toBeUndefined();
    // Stamped by the store's clock, after the events it seals.
    expect(checkpoint.ts > (heads[0]?.lastTs ?? '')).toBe(true);
    expect(log.checkpoints()).toEqual([checkpoint]);
    expect(await verifyStore()).toEqual({ ok: true, sessions: 2, events: 5, checkpoints: 1 });
  });

  it('skips a checkpoint when no head moved, and chains the next one when one did', async () => {
    const { log, checkpointer } = await storeWithSessions();
    const first = await checkpointer.checkpoint();
    expect(await checkpointer.checkpoint()).toBeUndefined();
    expect(log.checkpoints()).toHaveLength(1);

    await fillSessions(log, { B: 1 });
    const second = await checkpointer.checkpoint();
    expect(second).toMatchObject({ seq: 2, prevHash: first?.hash, sessions: 2, events: 6 });
    expect(second?.leaves.find((leaf) => leaf.sessionId === 'B')?.headSeq).toBe(3);

    await fillSessions(log, { C: 1 });
    const third = await checkpointer.checkpoint();
    expect(third).toMatchObject({ seq: 3, prevHash: second?.hash, sessions: 3, events: 7 });
    expect(third?.leaves.map((leaf) => leaf.sessionId)).toEqual(['A', 'B', 'C']);
    expect(log.checkpoints().map((checkpoint) => checkpoint.seq)).toEqual([1, 2, 3]);
    expect(await verifyStore()).toEqual({ ok: true, sessions: 3, events: 7, checkpoints: 3 });
  });

  it('takes one checkpoint at a time: calls at once chain instead of colliding', async () => {
    const { log, checkpointer } = await storeWithSessions();
    const [first, second] = await Promise.all([checkpointer.checkpoint(), checkpointer.checkpoint()]);
    expect(first?.seq).toBe(1);
    expect(second).toBeUndefined();
    await fillSessions(log, { A: 1 });
    const [third, fourth] = await Promise.all([checkpointer.checkpoint(), checkpointer.checkpoint()]);
    expect(third?.seq).toBe(2);
    expect(fourth).toBeUndefined();
    expect(log.checkpoints()).toHaveLength(2);
  });

  it('runs periodically once started, and stop seals what came after the last tick', async () => {
    fixture = createAuditStoreFixture();
    const log = fixture.open();
    await fillSessions(log, { A: 1 });
    const checkpointer = createCheckpointer({ store: log, clock: fixture.clock, intervalMs: 10 });
    checkpointer.start();
    await waitFor(() => log.checkpoints().length === 1);
    await fillSessions(log, { A: 1 });
    await waitFor(() => log.checkpoints().length === 2);
    await fillSessions(log, { B: 1 });
    await checkpointer.stop();
    const sealed = log.checkpoints();
    expect(sealed.at(-1)?.leaves.map((leaf) => leaf.sessionId)).toEqual(['A', 'B']);
    // Stopped: no more ticks, even though there is something new to seal.
    const count = sealed.length;
    await fillSessions(log, { C: 1 });
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(log.checkpoints()).toHaveLength(count);
  });
});

describe('the SQLite store keeps the checkpoint chain', () => {
  it('refuses a checkpoint that does not extend the chain (conflict); the next one in line is accepted', async () => {
    const { log, checkpointer } = await storeWithSessions();
    const first = (await checkpointer.checkpoint()) ?? expect.unreachable();
    await fillSessions(log, { A: 1 });
    const ts = fixture.clock.now().toISOString();

    // A second "first" checkpoint (seq 1 again, from genesis).
    const again = await errorOf(log.appendCheckpoint(buildCheckpoint(log.heads(), undefined, ts)));
    expect(again.code).toBe('conflict');
    // The right seq but not linked to the stored one.
    const orphan = buildCheckpoint(log.heads(), { ...first, hash: 'f'.repeat(64) }, ts);
    expect(orphan.seq).toBe(2);
    expect((await errorOf(log.appendCheckpoint(orphan))).code).toBe('conflict');
    // Linked, but skipping a seq.
    const skipping = buildCheckpoint(log.heads(), { ...first, seq: 2 }, ts);
    expect((await errorOf(log.appendCheckpoint(skipping))).code).toBe('conflict');
    expect(log.checkpoints()).toEqual([first]);

    // Positive control: the checkpoint that follows the stored one is accepted.
    const next = buildCheckpoint(log.heads(), first, ts);
    await log.appendCheckpoint(next);
    expect(log.checkpoints()).toEqual([first, next]);
    expect(await verifyStore()).toMatchObject({ ok: true, checkpoints: 2 });
  });

  it('refuses UPDATE and DELETE of a stored checkpoint; only an attacker without the triggers can', async () => {
    const { log, checkpointer } = await storeWithSessions();
    await checkpointer.checkpoint();
    await log.close();
    const db = fixture.raw();
    expect(() => db.exec(`UPDATE audit_checkpoints SET ts = '2020-01-01T00:00:00.000Z'`)).toThrow(
      /append-only: UPDATE refused/,
    );
    expect(() => db.exec('DELETE FROM audit_checkpoints')).toThrow(/append-only: DELETE refused/);
    db.close();
    expect(fixture.raw().prepare('SELECT count(*) AS n FROM audit_checkpoints').get()).toEqual({ n: 1 });
    // Positive control: the same statement goes through once the triggers are dropped.
    fixture.attacker().exec('DELETE FROM audit_checkpoints');
    expect(fixture.raw().prepare('SELECT count(*) AS n FROM audit_checkpoints').get()).toEqual({ n: 0 });
  });
});

describe('signed checkpoints', () => {
  it('verify with the signing key, fail with another key', async () => {
    const key = keys();
    const other = keys();
    const { checkpointer } = await storeWithSessions(key.privateKeyFile);
    const checkpoint = await checkpointer.checkpoint();
    expect(checkpoint?.signature).toMatchObject({ alg: 'Ed25519', keyId: key.keyId });

    expect(await verifyStore({ verifyKey: loadCheckpointVerifyKey(key.publicKeyFile) })).toEqual({
      ok: true,
      sessions: 2,
      events: 5,
      checkpoints: 1,
    });
    // The private key file works too: its public half is used.
    expect(await verifyStore({ verifyKey: loadCheckpointVerifyKey(key.privateKeyFile) })).toMatchObject({
      ok: true,
    });
    const wrong = await verifyStore({ verifyKey: loadCheckpointVerifyKey(other.publicKeyFile) });
    expect(wrong).toMatchObject({
      ok: false,
      reason: 'checkpoint-signature',
      checkpointSeq: 1,
      sessionId: '',
    });
  });

  it('a signature made for another checkpoint does not verify', async () => {
    const key = keys();
    const signer = loadCheckpointSigner(key.privateKeyFile, elsewhere());
    const verifyKey = loadCheckpointVerifyKey(key.publicKeyFile);
    const hash = 'a'.repeat(64);
    const signature = signer.sign(hash);
    expect(verifyKey.verify(hash, signature)).toBe(true);
    expect(verifyKey.verify('b'.repeat(64), signature)).toBe(false);
    expect(verifyKey.verify(hash, { ...signature, keyId: 'c'.repeat(64) })).toBe(false);
    expect(verifyKey.verify(hash, { ...signature, value: 'not base64 at all' })).toBe(false);
  });

  it('unsigned checkpoints fail when a key is required, and pass when none is', async () => {
    const key = keys();
    const { checkpointer } = await storeWithSessions();
    await checkpointer.checkpoint();
    expect(await verifyStore()).toMatchObject({ ok: true, checkpoints: 1 });
    const result = await verifyStore({ verifyKey: loadCheckpointVerifyKey(key.publicKeyFile) });
    expect(result).toMatchObject({ ok: false, reason: 'checkpoint-signature', checkpointSeq: 1 });
    expect(result.ok ? '' : result.message).toContain('not signed');
  });

  it('one unsigned checkpoint among signed ones fails when a key is required', async () => {
    const key = keys();
    const signer = loadCheckpointSigner(key.privateKeyFile, elsewhere());
    const { log, checkpointer: unsigned } = await storeWithSessions();
    const signed = createCheckpointer({ store: log, clock: fixture.clock, signer });
    await signed.checkpoint();
    await fillSessions(log, { A: 1 });
    await unsigned.checkpoint();
    await fillSessions(log, { B: 1 });
    await signed.checkpoint();
    const result = await verifyStore({ verifyKey: loadCheckpointVerifyKey(key.publicKeyFile) });
    expect(result).toMatchObject({ ok: false, reason: 'checkpoint-signature', checkpointSeq: 2 });
  });
});

describe('the checkpoint signing key lives outside the data dir', () => {
  /** A data dir and a key file at `relative` to it (made by copying a real key there). */
  function keyAt(dataDir: string, relative: string): string {
    const key = keys();
    const file = path.resolve(dataDir, relative);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.copyFileSync(key.privateKeyFile, file);
    return file;
  }

  function dataDir(): string {
    const dir = createTempDir('audit-data-');
    cleanups.push(dir.remove);
    return dir.path;
  }

  it.each([['checkpoint.pem'], ['keys/checkpoint.pem'], ['./nested/../checkpoint.pem']])(
    'refuses a key at DATA_DIR/%s',
    (relative) => {
      const data = dataDir();
      const file = keyAt(data, relative);
      const error = thrown(() => loadCheckpointSigner(file, data));
      expect(error).toBeInstanceOf(AppError);
      expect((error as AppError).code).toBe('invalid_argument');
      expect((error as AppError).message).toContain('inside the data dir');
    },
  );

  it('refuses the data dir itself, and a relative path into it', () => {
    const data = dataDir();
    expect(() => loadCheckpointSigner(data, data)).toThrow(/inside the data dir/);
    const file = keyAt(data, 'checkpoint.pem');
    const relative = path.relative(process.cwd(), file);
    expect(() => loadCheckpointSigner(relative, path.relative(process.cwd(), data))).toThrow(
      /inside the data dir/,
    );
  });

  it('accepts a key outside it, even in a sibling whose name starts like the data dir (positive control)', () => {
    const data = dataDir();
    const key = keys();
    expect(loadCheckpointSigner(key.privateKeyFile, data).keyId).toBe(key.keyId);
    const sibling = `${data}-keys`;
    cleanups.push(() => fs.rmSync(sibling, { recursive: true, force: true }));
    const file = keyAt(sibling, 'checkpoint.pem');
    expect(loadCheckpointSigner(file, data).keyId).toMatch(/^[0-9a-f]{64}$/);
  });

  it('refuses a key inside the data dir whose name starts with two dots', () => {
    const data = dataDir();
    const file = keyAt(data, '..checkpoint.pem');
    expect(path.dirname(file)).toBe(data);
    expect(() => loadCheckpointSigner(file, data)).toThrow(/inside the data dir/);
  });

  it('refuses a key inside the data dir reached through a symlink', () => {
    const data = dataDir();
    const file = keyAt(data, 'checkpoint.pem');
    const links = createTempDir('audit-link-');
    cleanups.push(links.remove);
    const linkedData = path.join(links.path, 'data');
    fs.symlinkSync(data, linkedData);
    // The operator names the data dir through the link; the key by its real path.
    expect(() => loadCheckpointSigner(file, linkedData)).toThrow(/inside the data dir/);
  });

  it('refuses a key that is not Ed25519, or not a key, naming the file', () => {
    const data = dataDir();
    const outside = createTempDir('audit-key-bad-');
    cleanups.push(outside.remove);
    const notKey = path.join(outside.path, 'not-a-key.pem');
    fs.writeFileSync(notKey, 'hello\n');
    expect(() => loadCheckpointSigner(notKey, data)).toThrow(/not-a-key\.pem is not a PEM private key/);
    expect(() => loadCheckpointSigner(path.join(outside.path, 'missing.pem'), data)).toThrow(
      /Cannot read the checkpoint signing key/,
    );
    const ed448 = path.join(outside.path, 'ed448.pem');
    fs.writeFileSync(ed448, generateKeyPairSync('ed448').privateKey.export({ type: 'pkcs8', format: 'pem' }));
    expect(() => loadCheckpointSigner(ed448, data)).toThrow(
      /is a ed448 key; checkpoints are signed with Ed25519/,
    );
    // Positive control: a real Ed25519 key in the same place loads.
    expect(loadCheckpointSigner(keyAt(outside.path, 'good.pem'), data).keyId).toMatch(/^[0-9a-f]{64}$/);
  });
});

async function waitFor(condition: () => boolean, timeoutMs = 2000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('timed out waiting for a checkpoint');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

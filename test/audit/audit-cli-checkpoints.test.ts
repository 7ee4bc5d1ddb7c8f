import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import type { AuditBundle } from '../../src/audit/audit-bundle.ts';
import { checkpointHash } from '../../src/audit/checkpoint.ts';
import type { AuditCheckpoint } from '../../src/audit/checkpoint-types.ts';
import { auditDatabaseFile, createSqliteAuditLog } from '../../src/audit/index.ts';
import { parseCommandLine } from '../../src/cli/arguments.ts';
import { auditCommand } from '../../src/cli/commands/audit.ts';
import { createManualClock } from '../../src/clock/clock.ts';
import { createTempDir } from '../../src/testing/temp-dir.ts';
import { captureIo } from '../support/capture-io.ts';
import { errorOf } from '../support/error-of.ts';

const dirs: { remove(): void }[] = [];

afterEach(() => {
  for (const dir of dirs.splice(0)) dir.remove();
});

function tempDir(prefix: string): string {
  const dir = createTempDir(prefix);
  dirs.push(dir);
  return dir.path;
}

/** A data dir with sessions `ses-a` (3 events) and `ses-b` (2 events). */
async function dataDirWithLog(): Promise<string> {
  const dataDir = tempDir('audit-cli-cp-');
  const log = createSqliteAuditLog({
    dataDir,
    clock: createManualClock(new Date('2025-03-01T10:00:00.000Z')),
  });
  await log.append('ses-a', { type: 'session-start', payload: { tenant: 'acme' } });
  await log.append('ses-b', { type: 'session-start', payload: { tenant: 'globex' } });
  await log.append('ses-a', { type: 'user-message', payload: { text: 'Which invoices are unpaid?' } });
  await log.append('ses-a', { type: 'assistant-message', payload: { text: 'None.' } });
  await log.append('ses-b', { type: 'session-end', payload: { reason: 'done' } });
  await log.close();
  return dataDir;
}

async function appendEvent(dataDir: string, sessionId: string): Promise<void> {
  const log = createSqliteAuditLog({
    dataDir,
    clock: createManualClock(new Date('2025-03-01T11:00:00.000Z')),
  });
  await log.append(sessionId, { type: 'session-end', payload: { reason: 'later' } });
  await log.close();
}

type Values = Record<string, string | boolean | string[]>;

async function run(dataDir: string, positionals: string[], values: Values = {}, env: NodeJS.ProcessEnv = {}) {
  const io = captureIo(env);
  const code = await auditCommand.run({ 'data-dir': dataDir, ...values }, positionals, io);
  return { code, out: io.out, err: io.err };
}

/** Runs `audit keygen` into a fresh directory outside every data dir. */
async function keygen(): Promise<{ file: string; keyId: string }> {
  const file = path.join(tempDir('audit-cli-key-'), 'checkpoint.pem');
  const { code, out } = await run(tempDir('audit-cli-unused-'), ['keygen', file]);
  expect(code).toBe(0);
  const keyId = /key id:\s+([0-9a-f]{64})/.exec(out)?.[1];
  expect(keyId).toBeDefined();
  return { file, keyId: keyId as string };
}

describe('supplier-agent audit keygen', () => {
  it('writes FILE (0600) and FILE.pub, and prints the key id', async () => {
    const file = path.join(tempDir('audit-cli-key-'), 'nested', 'checkpoint.pem');
    const { code, out } = await run(tempDir('audit-cli-unused-'), ['keygen', file]);
    expect(code).toBe(0);
    expect(out).toContain(`private key: ${file}`);
    expect(out).toContain(`public key:  ${file}.pub`);
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    expect(fs.readFileSync(file, 'utf8')).toContain('BEGIN PRIVATE KEY');
    expect(fs.readFileSync(`${file}.pub`, 'utf8')).toContain('BEGIN PUBLIC KEY');
    // The public half is meant to be handed out, but no one else may replace it.
    expect(fs.statSync(`${file}.pub`).mode & 0o022).toBe(0);
  });

  it('refuses to overwrite an existing key (conflict), leaving it untouched', async () => {
    const { file } = await keygen();
    const before = [fs.readFileSync(file, 'utf8'), fs.readFileSync(`${file}.pub`, 'utf8')];
    const again = await errorOf(run(tempDir('audit-cli-unused-'), ['keygen', file]));
    expect(again.code).toBe('conflict');
    expect(again.message).toContain('not overwriting');
    expect([fs.readFileSync(file, 'utf8'), fs.readFileSync(`${file}.pub`, 'utf8')]).toEqual(before);

    // Only the public half left behind is enough to refuse, and nothing new is written.
    const lonely = path.join(tempDir('audit-cli-key-'), 'other.pem');
    fs.writeFileSync(`${lonely}.pub`, 'placeholder\n');
    expect((await errorOf(run(tempDir('audit-cli-unused-'), ['keygen', lonely]))).code).toBe('conflict');
    expect(fs.existsSync(lonely)).toBe(false);
    expect(fs.readFileSync(`${lonely}.pub`, 'utf8')).toBe('placeholder\n');
  });
});

describe('supplier-agent audit checkpoint', () => {
  it('seals the heads and prints the checkpoint header as JSON', async () => {
    const dataDir = await dataDirWithLog();
    const { code, out } = await run(dataDir, ['checkpoint']);
    expect(code).toBe(0);
    const header = JSON.parse(out) as AuditCheckpoint;
    expect(header).toMatchObject({ seq: 1, sessions: 2, events: 5 });
    expect(header).not.toHaveProperty('leaves');
    expect(header).not.toHaveProperty('signature');
    expect(checkpointHash(header)).toBe(header.hash);
    expect(await run(dataDir, ['verify'])).toMatchObject({
      code: 0,
      out: '2 sessions, 5 events, 1 checkpoint, intact\n',
    });

    // Nothing moved: no new checkpoint, the latest is printed again.
    expect(JSON.parse((await run(dataDir, ['checkpoint'])).out)).toEqual(header);
    await appendEvent(dataDir, 'ses-b');
    const next = JSON.parse((await run(dataDir, ['checkpoint'])).out) as AuditCheckpoint;
    expect(next).toMatchObject({ seq: 2, prevHash: header.hash, events: 6 });
  });

  it('--out writes the header to a file (0600) instead of standard output', async () => {
    const dataDir = await dataDirWithLog();
    const file = path.join(tempDir('audit-cli-out-'), 'checkpoint.json');
    const { code, out, err } = await run(dataDir, ['checkpoint'], { out: file });
    expect(code).toBe(0);
    expect(out).toBe('');
    expect(err).toBe(`wrote ${file}\n`);
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    expect(JSON.parse(fs.readFileSync(file, 'utf8'))).toMatchObject({ seq: 1, sessions: 2 });
  });

  it('SUPPLIER_AGENT_CHECKPOINT_KEY in the environment makes checkpoints signed', async () => {
    const dataDir = await dataDirWithLog();
    const key = await keygen();
    const env = { SUPPLIER_AGENT_CHECKPOINT_KEY: key.file };
    const header = JSON.parse((await run(dataDir, ['checkpoint'], {}, env)).out) as AuditCheckpoint;
    expect(header.signature).toMatchObject({ alg: 'Ed25519', keyId: key.keyId });
    const signed = await run(dataDir, ['verify'], { 'checkpoint-key': `${key.file}.pub` });
    expect(signed).toMatchObject({ code: 0, out: '2 sessions, 5 events, 1 checkpoint, intact\n' });
  });

  it('without the key, checkpoints are unsigned and fail verification against a key', async () => {
    const dataDir = await dataDirWithLog();
    const key = await keygen();
    const header = JSON.parse((await run(dataDir, ['checkpoint'])).out) as AuditCheckpoint;
    expect(header.signature).toBeUndefined();
    const result = await run(dataDir, ['verify'], { 'checkpoint-key': `${key.file}.pub` });
    expect(result.code).toBe(1);
    expect(result.out).toContain('TAMPERED (checkpoint-signature)');
    expect(result.out).toContain('not signed');
  });

  it('a SUPPLIER_AGENT_CHECKPOINT_KEY inside the data dir is refused, and nothing is sealed', async () => {
    const dataDir = await dataDirWithLog();
    const key = await keygen();
    const inside = path.join(dataDir, 'checkpoint.pem');
    fs.copyFileSync(key.file, inside);
    const error = await errorOf(run(dataDir, ['checkpoint'], {}, { SUPPLIER_AGENT_CHECKPOINT_KEY: inside }));
    expect(error.code).toBe('invalid_argument');
    expect(error.message).toContain('inside the data dir');
    expect((await run(dataDir, ['verify'])).out).toBe('2 sessions, 5 events, intact\n');
  });
});

describe('supplier-agent audit export and verify --bundle', () => {
  it('exports a bundle that verifies offline (exit 0), and exits 1 once tampered', async () => {
    const dataDir = await dataDirWithLog();
    const file = path.join(tempDir('audit-cli-bundle-'), 'ses-a.json');
    const exported = await run(dataDir, ['export', 'ses-a'], { out: file });
    expect(exported).toMatchObject({ code: 0, out: '', err: `wrote ${file}\n` });
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    const text = fs.readFileSync(file, 'utf8');
    const bundle = JSON.parse(text) as AuditBundle;
    expect(bundle).toMatchObject({ sessionId: 'ses-a', checkpoint: { seq: 1, sessions: 2 } });
    expect(bundle.events).toHaveLength(3);
    expect(text).not.toContain('ses-b');
    expect(text).not.toContain('globex');

    // The auditor needs nothing but the file: verify it with an empty data dir.
    const auditor = tempDir('audit-cli-auditor-');
    expect(await run(auditor, ['verify'], { bundle: file })).toEqual({
      code: 0,
      out: '1 session, 3 events, 1 checkpoint, intact\n',
      err: '',
    });

    (bundle.events[1] as { payload: unknown }).payload = { text: 'Which invoices are paid?' };
    fs.writeFileSync(file, JSON.stringify(bundle));
    const tampered = await run(auditor, ['verify'], { bundle: file });
    expect(tampered.code).toBe(1);
    expect(tampered.out).toBe(
      'TAMPERED (hash-mismatch): session ses-a, seq 2: the stored hash does not match the event content: it was edited\n',
    );
    const json = await run(auditor, ['verify'], { bundle: file, json: true });
    expect(json.code).toBe(1);
    expect(JSON.parse(json.out)).toMatchObject({
      ok: false,
      reason: 'hash-mismatch',
      sessionId: 'ses-a',
      seq: 2,
    });
  });

  it('export seals the latest events first, so the bundle covers the whole session', async () => {
    const dataDir = await dataDirWithLog();
    expect((await run(dataDir, ['checkpoint'])).code).toBe(0);
    await appendEvent(dataDir, 'ses-a');
    const { code, out } = await run(dataDir, ['export', 'ses-a']);
    expect(code).toBe(0);
    const bundle = JSON.parse(out) as AuditBundle;
    expect(bundle.events).toHaveLength(4);
    expect(bundle.checkpoint.seq).toBe(2);
    const file = path.join(tempDir('audit-cli-bundle-'), 'bundle.json');
    fs.writeFileSync(file, out);
    expect((await run(dataDir, ['verify'], { bundle: file })).code).toBe(0);
  });

  it('a signed bundle verifies with --checkpoint-key FILE.pub, and not with another key', async () => {
    const dataDir = await dataDirWithLog();
    const key = await keygen();
    const other = await keygen();
    const file = path.join(tempDir('audit-cli-bundle-'), 'ses-b.json');
    const env = { SUPPLIER_AGENT_CHECKPOINT_KEY: key.file };
    expect((await run(dataDir, ['export', 'ses-b'], { out: file }, env)).code).toBe(0);
    const auditor = tempDir('audit-cli-auditor-');
    expect(
      await run(auditor, ['verify'], { bundle: file, 'checkpoint-key': `${key.file}.pub` }),
    ).toMatchObject({
      code: 0,
      out: '1 session, 2 events, 1 checkpoint, intact\n',
    });
    const wrong = await run(auditor, ['verify'], { bundle: file, 'checkpoint-key': `${other.file}.pub` });
    expect(wrong.code).toBe(1);
    expect(wrong.out).toContain('TAMPERED (checkpoint-signature)');
  });

  it('export of an unknown session is not_found, and writes nothing', async () => {
    const dataDir = await dataDirWithLog();
    const file = path.join(tempDir('audit-cli-bundle-'), 'none.json');
    const error = await errorOf(run(dataDir, ['export', 'ses-zzz'], { out: file }));
    expect(error.code).toBe('not_found');
    expect(fs.existsSync(file)).toBe(false);
  });

  it('a file that is not a bundle is a clear error', async () => {
    const file = path.join(tempDir('audit-cli-bundle-'), 'not-a-bundle.json');
    fs.writeFileSync(file, '{"hello":"world"}');
    const auditor = tempDir('audit-cli-auditor-');
    expect((await errorOf(run(auditor, ['verify'], { bundle: file }))).code).toBe('invalid_argument');
    fs.writeFileSync(file, 'not json');
    expect((await errorOf(run(auditor, ['verify'], { bundle: file }))).code).toBe('invalid_argument');
  });
});

describe('supplier-agent audit verify --expect-checkpoint', () => {
  /** The store's checkpoints 1 and 2, exported to files with `audit checkpoint --out`. */
  async function storeWithTwoCheckpoints() {
    const dataDir = await dataDirWithLog();
    const out = tempDir('audit-cli-expect-');
    const first = path.join(out, 'checkpoint-1.json');
    const second = path.join(out, 'checkpoint-2.json');
    expect((await run(dataDir, ['checkpoint'], { out: first })).code).toBe(0);
    await appendEvent(dataDir, 'ses-a');
    expect((await run(dataDir, ['checkpoint'], { out: second })).code).toBe(0);
    return { dataDir, first, second };
  }

  function cutBack(dataDir: string): void {
    const db = new Database(path.join(dataDir, auditDatabaseFile));
    db.exec('DROP TRIGGER audit_checkpoints_no_delete');
    db.exec('DELETE FROM audit_checkpoints WHERE seq = 2');
    db.close();
  }

  it('exits 0 while the exported checkpoints are in the store (positive control)', async () => {
    const { dataDir, first, second } = await storeWithTwoCheckpoints();
    const result = await run(dataDir, ['verify'], { 'expect-checkpoint': [first, second] });
    expect(result).toMatchObject({ code: 0, out: '2 sessions, 6 events, 2 checkpoints, intact\n' });
  });

  it('exits 1 naming checkpoint-broken-link once the store was cut back', async () => {
    const { dataDir, first, second } = await storeWithTwoCheckpoints();
    cutBack(dataDir);
    // The store alone cannot tell.
    expect((await run(dataDir, ['verify'])).code).toBe(0);
    expect((await run(dataDir, ['verify'], { 'expect-checkpoint': [first] })).code).toBe(0);
    const result = await run(dataDir, ['verify'], { 'expect-checkpoint': [first, second] });
    expect(result.code).toBe(1);
    expect(result.out).toContain('TAMPERED (checkpoint-broken-link): checkpoint 2:');
    expect(result.out).toContain('the log was cut back');
  });

  it('parses repeated --expect-checkpoint flags from the command line', async () => {
    const { dataDir, first, second } = await storeWithTwoCheckpoints();
    const argv = [
      'verify',
      '--data-dir',
      dataDir,
      '--expect-checkpoint',
      first,
      '--expect-checkpoint',
      second,
    ];
    const runArgv = async (args: string[], io = captureIo()) => {
      const parsed = parseCommandLine(auditCommand, args);
      return auditCommand.run(parsed.values, parsed.positionals, io);
    };
    expect(await runArgv(argv)).toBe(0);
    cutBack(dataDir);
    const tampered = captureIo();
    expect(await runArgv(argv, tampered)).toBe(1);
    expect(tampered.out).toContain('checkpoint-broken-link');
    // Only the first flag: that checkpoint survived, so the store still verifies.
    expect(await runArgv(argv.slice(0, 5))).toBe(0);
  });

  it('a file that is not an exported checkpoint is invalid_argument', async () => {
    const { dataDir } = await storeWithTwoCheckpoints();
    const file = path.join(tempDir('audit-cli-expect-'), 'bogus.json');
    fs.writeFileSync(file, '{"seq":"one"}');
    expect((await errorOf(run(dataDir, ['verify'], { 'expect-checkpoint': [file] }))).code).toBe(
      'invalid_argument',
    );
  });
});

describe('supplier-agent audit usage (checkpoint actions)', () => {
  it.each([
    [['export']],
    [['keygen']],
    [['checkpoint', 'ses-a']],
    [['keygen', 'a', 'b']],
    [['export', 'a', 'b']],
  ])('rejects %j with a usage error', async (positionals) => {
    const dataDir = await dataDirWithLog();
    const error = await errorOf(run(dataDir, positionals));
    expect(error.code).toBe('usage');
  });

  it('names what is missing', async () => {
    const dataDir = await dataDirWithLog();
    expect((await errorOf(run(dataDir, ['export']))).message).toContain('needs a SESSION');
    expect((await errorOf(run(dataDir, ['keygen']))).message).toContain('needs a FILE');
  });

  it('rejects --session on export and checkpoint', async () => {
    const dataDir = await dataDirWithLog();
    expect((await errorOf(run(dataDir, ['export', 'ses-a'], { session: 'ses-a' }))).code).toBe('usage');
    expect((await errorOf(run(dataDir, ['checkpoint'], { session: 'ses-a' }))).code).toBe('usage');
  });
});

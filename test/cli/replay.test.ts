import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditDatabaseFile, openAuditReader } from '../../src/audit/index.ts';
import { auditCommand } from '../../src/cli/commands/audit.ts';
import { replayCommand } from '../../src/cli/commands/replay.ts';
import { createTempDir } from '../../src/testing/temp-dir.ts';
import {
  createPostgresStoreFixture,
  findTestPostgres,
  type PostgresStoreFixture,
} from '../audit/fixtures/postgres-store.ts';
import { captureIo } from '../support/capture-io.ts';

/** `supplier-agent replay` and `--audit-store` on copies of the golden format-2 log. */
const golden = path.resolve(import.meta.dirname, '../fixtures/audit/v2', auditDatabaseFile);
const dirs: Array<{ remove(): void }> = [];
afterAll(() => {
  for (const dir of dirs) dir.remove();
});

function goldenCopy(): string {
  const dir = createTempDir('cli-replay-');
  dirs.push(dir);
  fs.copyFileSync(golden, path.join(dir.path, auditDatabaseFile));
  return dir.path;
}

async function replay(dataDir: string, positionals: string[], values: Record<string, string | boolean> = {}) {
  const io = captureIo({ SUPPLIER_AGENT_POOL_SIZE: '0' });
  const code = await replayCommand.run({ 'data-dir': dataDir, ...values }, positionals, io);
  return { code, out: io.out, err: io.err };
}

describe('supplier-agent replay', () => {
  it('prints the timeline of a two-turn session: asks, routing, tools, API, policy and answers', async () => {
    const { code, out } = await replay(goldenCopy(), ['golden-two-turns']);
    expect(code).toBe(0);
    expect(out).toMatch(
      /^Session golden-two-turns: tenant northwind, user maria\.chen, \d+ events, chain intact/,
    );
    expect(out).toContain('Turn 1 (completed, order-confirmation)');
    expect(out).toContain('Turn 2 (completed, order-status)');
    expect(out).toMatch(/ask +maria\.chen asked: "Please acknowledge PO NWC-PO-11010"/);
    expect(out).toMatch(/routing +skill order-confirmation \(router\)/);
    expect(out).toMatch(/api-request +PUT \/api\/purchase_orders\/NWC-PO-11010\/acknowledge/);
    expect(out).toMatch(/policy +allowed by skill:order-confirmation:PUT/);
    expect(out).toMatch(/answer +answered: /);
  });

  it('--json gives the timeline with whole payloads and the integrity', async () => {
    const { code, out } = await replay(goldenCopy(), ['golden-two-turns'], { json: true });
    expect(code).toBe(0);
    const parsed = JSON.parse(out);
    expect(parsed.integrity).toMatchObject({ ok: true });
    expect(parsed.timeline.turns).toHaveLength(2);
    const request = parsed.timeline.turns[0].entries.find(
      (entry: { type: string }) => entry.type === 'model-request',
    );
    expect(request.payload.request.system.length).toBeGreaterThan(200);
  });

  it('--rerun re-runs the session in fresh cells and exits 0 with no divergence', async () => {
    const { code, out } = await replay(goldenCopy(), ['golden-two-turns'], { rerun: true });
    expect(out).toMatch(/re-run: 2 turns, \d+ events compared, no divergence/);
    expect(code).toBe(0);
  }, 60_000);

  it('marks a tampered session, exits 1, and refuses to re-run it (positive control above)', async () => {
    const dataDir = goldenCopy();
    const db = new Database(path.join(dataDir, auditDatabaseFile));
    db.exec('DROP TRIGGER audit_events_no_update');
    db.exec(
      `UPDATE audit_events SET payload = json_set(payload, '$.text', 'edited') WHERE session_id = 'golden-two-turns' AND type = 'user-message'`,
    );
    db.close();
    const shown = await replay(dataDir, ['golden-two-turns']);
    expect(shown.code).toBe(1);
    expect(shown.out).toContain('TAMPERED (hash-mismatch)');
    await expect(replay(dataDir, ['golden-two-turns'], { rerun: true })).rejects.toMatchObject({
      code: 'conflict',
    });
  });

  it('an unknown session is not_found; a missing SESSION is a usage error', async () => {
    await expect(replay(goldenCopy(), ['nope'])).rejects.toMatchObject({ code: 'not_found' });
    await expect(replay(goldenCopy(), [])).rejects.toMatchObject({ code: 'usage' });
  });
});

describe('--audit-store postgres://', () => {
  let url: string | undefined;
  let fixture: PostgresStoreFixture | undefined;
  beforeAll(async () => {
    url = await findTestPostgres();
    if (!url && process.env.CI) throw new Error('PostgreSQL is not reachable on 127.0.0.1:5432');
  });
  afterAll(async () => {
    await fixture?.cleanup();
  });

  it('verifies, shows and re-runs a session stored in PostgreSQL like one in SQLite', async (context) => {
    if (!url) return context.skip();
    fixture = createPostgresStoreFixture(url);
    const store = await fixture.open();
    const reader = openAuditReader({ dataDir: goldenCopy() });
    for (const event of reader.events('golden-two-turns')) {
      await store.append('golden-two-turns', { type: event.type, payload: event.payload });
    }
    await reader.close();
    const storeOption = { 'audit-store': `${url}?schema=${fixture.schema}` };
    const empty = createTempDir('cli-replay-pg-');
    dirs.push(empty);
    const io = captureIo({ SUPPLIER_AGENT_POOL_SIZE: '0' });
    expect(await auditCommand.run({ 'data-dir': empty.path, ...storeOption }, ['verify'], io)).toBe(0);
    expect(io.out).toMatch(/^1 session, \d+ events, intact/);
    const rerun = await replay(empty.path, ['golden-two-turns'], { ...storeOption, rerun: true });
    expect(rerun.out).toContain('no divergence');
    expect(rerun.code).toBe(0);
    expect(fs.readdirSync(empty.path).filter((name) => name.startsWith('audit'))).toEqual([]);
  }, 60_000);
});

import type pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { buildCheckpoint } from '../../src/audit/checkpoint.ts';
import { type AuditEvent, genesisHash, hashEvent } from '../../src/audit/index.ts';
import { defaultRuntimeRole, type PostgresAuditLog } from '../../src/audit/postgres/index.ts';
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

/** A store holding session A (3 events) and one checkpoint. */
async function storeWithSession(): Promise<PostgresAuditLog> {
  fixture = createPostgresStoreFixture(url ?? 'postgres://postgres@127.0.0.1:5432/test');
  const store = await fixture.open();
  for (let index = 1; index <= 3; index += 1)
    await store.append('A', { type: 'progress', payload: { index } });
  await store.appendCheckpoint(buildCheckpoint(await store.heads(), undefined, '2025-03-01T11:00:00.000Z'));
  return store;
}

/** The row that would come next in session A's chain (or one that breaks it, with `changes`). */
async function nextRow(store: PostgresAuditLog, changes: Partial<AuditEvent> = {}): Promise<unknown[]> {
  const last = (await store.events('A')).at(-1);
  const unhashed = {
    sessionId: 'A',
    seq: (last?.seq ?? 0) + 1,
    ts: '2025-03-01T12:00:00.000Z',
    type: 'progress' as const,
    payload: { forged: false },
    prevHash: last?.hash ?? genesisHash,
    ...changes,
  };
  const event = { ...unhashed, hash: hashEvent(unhashed) };
  return [
    event.sessionId,
    event.seq,
    event.ts,
    event.type,
    JSON.stringify(event.payload),
    event.prevHash,
    event.hash,
  ];
}

const insertEvent = (table: string) => `INSERT INTO ${table} VALUES ($1, $2, $3, $4, $5, $6, $7)`;

async function sqlError(
  client: pg.Client,
  sql: string,
  values: unknown[] = [],
): Promise<{ code?: string; message?: string }> {
  return client.query(sql, values).then(
    () => ({}),
    (error: { code?: string; message?: string }) => ({ code: error.code, message: error.message }),
  );
}

describe.skipIf(!url && !process.env.CI)('the PostgreSQL audit store guards', () => {
  it('the runtime role may not UPDATE, DELETE or TRUNCATE anything, nor move heads, nor drop the guards', async () => {
    await storeWithSession();
    const runtime = await fixture.runtime();
    const events = fixture.table('audit_events');
    const sessions = fixture.table('audit_sessions');
    const checkpoints = fixture.table('audit_checkpoints');
    const denied = [
      `UPDATE ${events} SET payload = '{}' WHERE seq = 2`,
      `DELETE FROM ${events} WHERE seq = 3`,
      `TRUNCATE ${events}`,
      `UPDATE ${sessions} SET head_seq = 2`,
      `DELETE FROM ${sessions}`,
      `INSERT INTO ${sessions} VALUES ('B', 1, 'x', 't', 't')`,
      `TRUNCATE ${sessions}`,
      `UPDATE ${checkpoints} SET body = '{}'`,
      `DELETE FROM ${checkpoints}`,
      `TRUNCATE ${checkpoints}`,
      `UPDATE ${fixture.table('audit_meta')} SET value = '1'`,
      `DROP TRIGGER audit_events_no_update ON ${events}`,
      `ALTER TABLE ${events} DISABLE TRIGGER ALL`,
    ];
    for (const sql of denied) {
      const error = await sqlError(runtime, sql);
      expect({ sql, code: error.code }).toEqual({ sql, code: '42501' });
      expect(error.message).toMatch(/permission denied|must be owner/);
    }
    // Positive control: the same connection may read, and insert what extends the chain.
    const store = await fixture.open();
    await runtime.query(insertEvent(events), await nextRow(store));
    const read = await runtime.query(`SELECT count(*)::int AS n FROM ${events}`);
    expect(read.rows[0]).toEqual({ n: 4 });
    expect((await store.head('A'))?.headSeq).toBe(4);
    const next = buildCheckpoint(
      await store.heads(),
      (await store.checkpoints()).at(-1),
      '2025-03-01T12:01:00.000Z',
    );
    await store.appendCheckpoint(next);
    expect(await store.checkpoints()).toHaveLength(2);
  });

  it('the runtime role is created NOLOGIN, and the store appends as that role', async () => {
    const store = await storeWithSession();
    const owner = await fixture.owner();
    const role = await owner.query('SELECT rolcanlogin, rolsuper FROM pg_roles WHERE rolname = $1', [
      defaultRuntimeRole,
    ]);
    expect(role.rows).toEqual([{ rolcanlogin: false, rolsuper: false }]);
    // Positive control first: the store appends. Then the role loses INSERT, and so does the store.
    await expect(store.append('A', { type: 'progress', payload: {} })).resolves.toMatchObject({ seq: 4 });
    await owner.query(`REVOKE INSERT ON ${fixture.table('audit_events')} FROM ${defaultRuntimeRole}`);
    const refused = await store
      .append('A', { type: 'progress', payload: {} })
      .catch((error: unknown) => error);
    expect(refused).toMatchObject({ code: 'unavailable' });
    expect((refused as Error).message).toContain('permission denied');
    expect((await store.head('A'))?.headSeq).toBe(4);
  });

  it('the owner is refused UPDATE, DELETE and TRUNCATE by the triggers, which the attacker drops', async () => {
    await storeWithSession();
    const owner = await fixture.owner();
    const events = fixture.table('audit_events');
    const sessions = fixture.table('audit_sessions');
    const checkpoints = fixture.table('audit_checkpoints');
    const refused: [sql: string, message: string][] = [
      [`UPDATE ${events} SET payload = '{}' WHERE seq = 2`, 'audit_events is append-only: UPDATE refused'],
      [`DELETE FROM ${events} WHERE seq = 3`, 'audit_events is append-only: DELETE refused'],
      [`TRUNCATE ${events} CASCADE`, 'audit_events is append-only: TRUNCATE refused'],
      [`UPDATE ${sessions} SET head_seq = 4`, 'written by the audit_events trigger only: UPDATE refused'],
      [`INSERT INTO ${sessions} VALUES ('B', 1, 'x', 't', 't')`, 'trigger only: INSERT refused'],
      [`DELETE FROM ${sessions}`, 'audit_sessions is append-only: DELETE refused'],
      [`UPDATE ${checkpoints} SET body = '{}'`, 'audit_checkpoints is append-only: UPDATE refused'],
      [`DELETE FROM ${checkpoints}`, 'audit_checkpoints is append-only: DELETE refused'],
    ];
    for (const [sql, message] of refused) {
      expect(await sqlError(owner, sql)).toEqual({
        code: 'P0001',
        message: expect.stringContaining(message),
      });
    }
    expect((await owner.query(`SELECT count(*)::int AS n FROM ${events}`)).rows[0]).toEqual({ n: 3 });
    // Positive control: the same statements go through once the triggers are gone.
    const attacker = await fixture.attacker();
    for (const [sql] of refused) expect(await sqlError(attacker, sql)).toEqual({});
  });

  it('refuses an INSERT that does not extend its chain, from the owner as from the runtime role', async () => {
    const store = await storeWithSession();
    const events = fixture.table('audit_events');
    const forged = await nextRow(store);
    const breaking = [
      await nextRow(store, { seq: 5 }),
      await nextRow(store, { seq: 3 }),
      await nextRow(store, { prevHash: genesisHash }),
      await nextRow(store, { sessionId: 'B', seq: 2 }),
      await nextRow(store, { sessionId: 'B', seq: 1, prevHash: 'a'.repeat(64) }),
    ];
    for (const client of [await fixture.owner(), await fixture.runtime()]) {
      for (const row of breaking) {
        const error = await sqlError(client, insertEvent(events), row);
        expect(error.message).toMatch(/does not extend its session chain|duplicate key/);
      }
    }
    expect(await store.sessionIds()).toEqual(['A']);
    // Positive control: the row that does extend the chain is accepted, and moves the head.
    await (await fixture.owner()).query(insertEvent(events), forged);
    expect(await store.head('A')).toMatchObject({ headSeq: 4, headHash: forged[6] });
  });

  it('refuses a checkpoint INSERT that does not extend the checkpoint chain', async () => {
    const store = await storeWithSession();
    const owner = await fixture.owner();
    const [first] = await store.checkpoints();
    const insert = `INSERT INTO ${fixture.table('audit_checkpoints')} VALUES ($1, $2, $3, $4, $5)`;
    const row = (seq: number, prevHash: string) => [
      seq,
      '2025-03-01T12:00:00.000Z',
      '{}',
      prevHash,
      'c'.repeat(64),
    ];
    for (const values of [row(1, genesisHash), row(3, first?.hash ?? ''), row(2, genesisHash)]) {
      expect(await sqlError(owner, insert, values)).toMatchObject({
        message: expect.stringMatching(/does not extend the checkpoint chain|duplicate key/),
      });
    }
    expect(await sqlError(owner, insert, row(2, first?.hash ?? ''))).toEqual({});
  });
});

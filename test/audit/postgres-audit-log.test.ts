import { afterEach, describe, expect, it } from 'vitest';
import { buildCheckpoint } from '../../src/audit/checkpoint.ts';
import {
  type AuditEventInput,
  type AuditEventType,
  createSqliteAuditLog,
  genesisHash,
  hashEvent,
  verifyAll,
} from '../../src/audit/index.ts';
import { createPostgresAuditLog } from '../../src/audit/postgres/index.ts';
import { AppError } from '../../src/errors/index.ts';
import {
  createPostgresStoreFixture,
  findTestPostgres,
  type PostgresStoreFixture,
  steppingClock,
} from './fixtures/postgres-store.ts';

const url = await findTestPostgres();
let fixture: PostgresStoreFixture | undefined;

afterEach(async () => {
  await fixture?.cleanup();
  fixture = undefined;
});

function newFixture(): PostgresStoreFixture {
  fixture = createPostgresStoreFixture(url ?? 'postgres://postgres@127.0.0.1:5432/test');
  return fixture;
}

/** Events whose canonical JSON and ordering are easy to get wrong: unicode, escapes, numbers, ids. */
const inputs: [sessionId: string, input: AuditEventInput][] = [
  ['b-session', { type: 'session-start', payload: { tenant: 'northwind', user: 'maria.chen' } }],
  ['a-session', { type: 'user-message', payload: { text: 'Status of PO "NWC-PO-11001"?\n\tThanks — é 😀' } }],
  [
    'b-session',
    { type: 'tool-call', payload: { argv: ['csp', '--', '-x'], nested: { z: 1, a: [true, null] } } },
  ],
  ['Z-upper', { type: 'progress', payload: { big: 1e21, small: 5e-7, negative: -0, nul: 'a\u0000b' } }],
  ['é-accent', { type: 'api-request', payload: { path: '/api/invoices?filter[status]=paid', body: '' } }],
  ['b-session', { type: 'tool-result', payload: { output: '\\ backslash \u2028 line separator' } }],
  ['a-session', { type: 'turn-end', payload: { status: 'completed' } }],
];

describe.skipIf(!url && !process.env.CI)('the PostgreSQL audit store', () => {
  it('stores exactly what SQLite stores for the same appends and clock: events, hashes, heads, order', async () => {
    const postgres = await newFixture().open({ clock: steppingClock() });
    const sqlite = createSqliteAuditLog({ dataDir: ':memory:', clock: steppingClock() });
    try {
      // Appended in one burst: one batch, several events of one session in one INSERT.
      const fromPostgres = await Promise.all(inputs.map(([id, input]) => postgres.append(id, input)));
      const fromSqlite = await Promise.all(inputs.map(([id, input]) => sqlite.append(id, input)));
      expect(fromPostgres).toEqual(fromSqlite);
      expect(await postgres.sessionIds()).toEqual(sqlite.sessionIds());
      expect(await postgres.sessionIds()).toEqual(['Z-upper', 'a-session', 'b-session', 'é-accent']);
      for (const sessionId of sqlite.sessionIds()) {
        expect(await postgres.events(sessionId)).toEqual(sqlite.events(sessionId));
        expect(await postgres.head(sessionId)).toEqual(sqlite.head(sessionId));
      }
      expect(await postgres.heads()).toEqual(sqlite.heads());
      expect(await postgres.events('b-session', { beforeSeq: 3 })).toEqual(
        sqlite.events('b-session', { beforeSeq: 3 }),
      );
      const stored = (await postgres.events('b-session'))[1];
      expect(stored && hashEvent(stored)).toBe(stored?.hash);
      expect(await postgres.locateHash(stored?.hash ?? '')).toEqual([{ sessionId: 'b-session', seq: 2 }]);
      expect(await postgres.events('unknown')).toEqual([]);
      expect(await postgres.head('unknown')).toBeUndefined();
    } finally {
      await sqlite.close();
    }
  });

  it('is durable: a store opened again reads every event, and appends continue the chains', async () => {
    const first = await newFixture().open();
    await Promise.all(inputs.map(([id, input]) => first.append(id, input)));
    const before = await first.events('b-session');
    await first.close();
    const reopened = await fixture!.open();
    expect(await reopened.events('b-session')).toEqual(before);
    const next = await reopened.append('b-session', { type: 'session-end', payload: {} });
    expect(next).toMatchObject({ seq: 4, prevHash: before.at(-1)?.hash });
    expect(await verifyAll(reopened)).toMatchObject({ ok: true, sessions: 4, events: 8 });
  });

  it('two stores on the same schema (two writers) extend the same chains without forking them', async () => {
    newFixture();
    const [first, second] = await Promise.all([fixture!.open(), fixture!.open({ batchWindowMs: 1 })]);
    const sessions = ['s1', 's2', 's3'];
    const bursts = [];
    for (let index = 0; index < 240; index += 1) {
      const store = index % 2 === 0 ? first : second;
      bursts.push(store.append(sessions[index % 3] as string, { type: 'progress', payload: { index } }));
    }
    const writer = async (store: typeof first, sessionId: string) => {
      for (let index = 0; index < 30; index += 1)
        await store.append(sessionId, { type: 'tool-call', payload: { index } });
    };
    await Promise.all([...bursts, writer(first, 's1'), writer(second, 's1'), writer(second, 's4')]);
    for (const sessionId of sessions) {
      const events = await first.events(sessionId);
      expect(events.map((event) => event.seq)).toEqual(
        Array.from({ length: events.length }, (_, i) => i + 1),
      );
      expect(events[0]?.prevHash).toBe(genesisHash);
    }
    expect(await second.events('s1')).toHaveLength(80 + 60);
    expect(await verifyAll(second)).toMatchObject({ ok: true, sessions: 4, events: 240 + 90 });
  });

  it('refuses bad input with an AppError and records nothing for it', async () => {
    const store = await newFixture().open();
    const good = store.append('ses', { type: 'progress', payload: { ok: true } });
    const bad = [
      store.append('', { type: 'progress', payload: {} }),
      store.append('x'.repeat(201), { type: 'progress', payload: {} }),
      store.append('with\u0000nul', { type: 'progress', payload: {} }),
      store.append('lone\ud800surrogate', { type: 'progress', payload: {} }),
      store.append('ses', { type: 'made-up' as AuditEventType, payload: {} }),
      store.append('ses', { type: 'progress', payload: { n: Number.NaN } }),
      store.append('ses', { type: 'progress', payload: [] as unknown as Record<string, unknown> }),
    ];
    for (const outcome of await Promise.allSettled(bad)) {
      expect(outcome.status).toBe('rejected');
      expect((outcome as PromiseRejectedResult).reason).toMatchObject({ code: 'invalid_argument' });
    }
    await expect(good).resolves.toMatchObject({ seq: 1 });
    expect(await store.sessionIds()).toEqual(['ses']);
  });

  it('records the payload as it was at append time', async () => {
    const store = await newFixture().open();
    const payload = { status: 'before' };
    const pending = store.append('ses', { type: 'tool-result', payload });
    payload.status = 'after';
    expect((await pending).payload.status).toBe('before');
    expect((await store.events('ses'))[0]?.payload.status).toBe('before');
  });

  it('commits pending appends on close, then refuses appends and reads', async () => {
    const store = await newFixture().open({ batchWindowMs: 10_000 });
    const pending = store.append('ses', { type: 'session-end', payload: {} });
    await store.close();
    await expect(pending).resolves.toMatchObject({ seq: 1 });
    await expect(store.append('ses', { type: 'progress', payload: {} })).rejects.toThrow('closed');
    await expect(store.events('ses')).rejects.toMatchObject({ code: 'unavailable' });
    const reopened = await fixture!.open();
    expect(await reopened.events('ses')).toHaveLength(1);
  });

  it('stores checkpoints as they were given and refuses one that does not extend the chain', async () => {
    const store = await newFixture().open();
    await Promise.all(inputs.map(([id, input]) => store.append(id, input)));
    const first = buildCheckpoint(await store.heads(), undefined, '2025-03-01T11:00:00.000Z');
    await store.appendCheckpoint(first);
    expect(await store.checkpoints()).toEqual([first]);
    await store.append('a-session', { type: 'progress', payload: {} });
    const second = buildCheckpoint(await store.heads(), first, '2025-03-01T11:01:00.000Z');
    const replayed = buildCheckpoint(await store.heads(), undefined, '2025-03-01T11:01:00.000Z');
    const skipping = { ...second, seq: 3 };
    for (const refused of [replayed, skipping, { ...second, prevHash: 'f'.repeat(64) }]) {
      const error = await store.appendCheckpoint(refused).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(AppError);
      expect(error).toMatchObject({ code: 'conflict' });
    }
    await store.appendCheckpoint(second);
    expect(await store.checkpoints()).toEqual([first, second]);
    expect(await verifyAll(store)).toMatchObject({ ok: true, checkpoints: 2 });
  });

  it('installs once when several processes start on a fresh schema at the same time', async () => {
    newFixture();
    const stores = await Promise.all([fixture!.open(), fixture!.open(), fixture!.open()]);
    await Promise.all(
      stores.map((store, index) => store.append(`s${index}`, { type: 'progress', payload: {} })),
    );
    expect(await stores[0]?.sessionIds()).toEqual(['s0', 's1', 's2']);
  });

  it('opened with create: false, reads an existing store and creates nothing when there is none', async () => {
    newFixture();
    const missing = await fixture!.open({ create: false }).catch((error: unknown) => error);
    expect(missing).toMatchObject({ code: 'not_found' });
    const owner = await fixture!.owner();
    const schemas = await owner.query('SELECT 1 FROM pg_namespace WHERE nspname = $1', [fixture!.schema]);
    expect(schemas.rows).toEqual([]);
    // Positive control: once a writer created it, the same open reads it.
    const writer = await fixture!.open();
    await writer.append('ses', { type: 'progress', payload: {} });
    const reader = await fixture!.open({ create: false });
    expect(await reader.events('ses')).toHaveLength(1);
  });

  it('fails with unavailable, naming the server without its password, when PostgreSQL is unreachable', async () => {
    const error = await createPostgresAuditLog({
      url: 'postgres://auditor:s3cret-pw@127.0.0.1:1/test',
      clock: steppingClock(),
      connectTimeoutMs: 2000,
    }).catch((caught: unknown) => caught);
    expect(error).toMatchObject({ code: 'unavailable' });
    expect((error as Error).message).toContain('127.0.0.1:1/test');
    expect((error as Error).message).not.toContain('s3cret-pw');
  });

  it('refuses a schema or role name that is not a plain identifier', async () => {
    const target = { url: url ?? '', clock: steppingClock() };
    await expect(createPostgresAuditLog({ ...target, schema: 'audit; DROP' })).rejects.toMatchObject({
      code: 'invalid_argument',
    });
    await expect(createPostgresAuditLog({ ...target, runtimeRole: 'Runtime"' })).rejects.toMatchObject({
      code: 'invalid_argument',
    });
  });
});

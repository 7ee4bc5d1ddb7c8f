import { afterEach, describe, expect, it } from 'vitest';
import {
  type AuditEventType,
  genesisHash,
  hashEvent,
  verifyAll,
  verifySession,
} from '../../src/audit/index.ts';
import { AppError } from '../../src/errors/index.ts';
import { type AuditStoreFixture, createAuditStoreFixture } from './fixtures/audit-store.ts';

let fixture: AuditStoreFixture;

afterEach(async () => {
  await fixture.cleanup();
});

describe('createSqliteAuditLog', () => {
  it('keeps each session contiguous and in append order under hundreds of concurrent appends', async () => {
    fixture = createAuditStoreFixture();
    const log = fixture.open();
    const sessions = ['s1', 's2', 's3', 's4', 's5', 's6'];
    const appends = [];
    for (let index = 1; index <= 100; index += 1) {
      for (const sessionId of sessions)
        appends.push(log.append(sessionId, { type: 'api-request', payload: { index } }));
    }
    const results = await Promise.all(appends);
    for (const sessionId of sessions) {
      const events = log.events(sessionId);
      expect(events.map((event) => event.seq)).toEqual(Array.from({ length: 100 }, (_, index) => index + 1));
      expect(events.map((event) => event.payload.index)).toEqual(
        Array.from({ length: 100 }, (_, index) => index + 1),
      );
      expect(events[0]?.prevHash).toBe(genesisHash);
      expect(verifySession(events, { expectedHead: log.head(sessionId) ?? null }).ok).toBe(true);
    }
    expect(results.filter((event) => event.sessionId === 's3').map((event) => event.seq)).toEqual(
      log.events('s3').map((event) => event.seq),
    );
    expect(await verifyAll(log)).toEqual({ ok: true, sessions: 6, events: 600, checkpoints: 0 });
  });

  it('stays consistent with writers that each await their own appends, and with a batch window', async () => {
    fixture = createAuditStoreFixture();
    const log = fixture.open(2);
    const writer = async (sessionId: string) => {
      for (let index = 1; index <= 40; index += 1) {
        const event = await log.append(sessionId, { type: 'tool-call', payload: { index } });
        expect(event.seq).toBe(index);
      }
    };
    await Promise.all(['w1', 'w2', 'w3', 'w4', 'w5'].map(writer));
    expect(await verifyAll(log)).toEqual({ ok: true, sessions: 5, events: 200, checkpoints: 0 });
  });

  it('two logs on the same file extend the same chains without forking them', async () => {
    fixture = createAuditStoreFixture();
    const first = fixture.open();
    const second = fixture.open();
    const appends = [];
    for (let index = 0; index < 50; index += 1) {
      const log = index % 2 === 0 ? first : second;
      appends.push(log.append('shared', { type: 'progress', payload: { index } }));
    }
    await Promise.all(appends);
    expect(first.events('shared')).toHaveLength(50);
    expect(await verifyAll(first)).toEqual({ ok: true, sessions: 1, events: 50, checkpoints: 0 });
  });

  it('returns the event exactly as stored, hash included', async () => {
    fixture = createAuditStoreFixture();
    const log = fixture.open();
    const event = await log.append('ses', {
      type: 'session-start',
      payload: { tenant: 'acme', nested: { b: 1, a: [true] } },
    });
    expect(event).toEqual(log.events('ses')[0]);
    expect(event.hash).toBe(hashEvent(event));
    expect(event.ts).toBe('2025-03-01T10:00:00.001Z');
  });

  it('records the payload as it was at append time', async () => {
    fixture = createAuditStoreFixture();
    const log = fixture.open();
    const payload = { status: 'before' };
    const pending = log.append('ses', { type: 'tool-result', payload });
    payload.status = 'after';
    expect((await pending).payload.status).toBe('before');
    expect(log.events('ses')[0]?.payload.status).toBe('before');
  });

  it('refuses bad input with an AppError and records nothing for it', async () => {
    fixture = createAuditStoreFixture();
    const log = fixture.open();
    const good = log.append('ses', { type: 'progress', payload: { ok: true } });
    const bad = [
      log.append('', { type: 'progress', payload: {} }),
      log.append('ses', { type: 'made-up' as AuditEventType, payload: {} }),
      log.append('ses', { type: 'progress', payload: { n: Number.NaN } }),
      log.append('ses', { type: 'progress', payload: [] as unknown as Record<string, unknown> }),
    ];
    for (const outcome of await Promise.allSettled(bad)) {
      expect(outcome.status).toBe('rejected');
      expect((outcome as PromiseRejectedResult).reason).toBeInstanceOf(AppError);
    }
    await good;
    expect(log.events('ses')).toHaveLength(1);
  });

  it('commits pending appends on close, and refuses appends afterwards', async () => {
    fixture = createAuditStoreFixture();
    const log = fixture.open(10_000);
    const pending = log.append('ses', { type: 'session-end', payload: {} });
    await log.close();
    await expect(pending).resolves.toMatchObject({ seq: 1 });
    await expect(log.append('ses', { type: 'progress', payload: {} })).rejects.toThrow('closed');
  });
});

describe('durability', () => {
  it('everything appended and resolved is there after closing and reopening', async () => {
    fixture = createAuditStoreFixture();
    const log = fixture.open();
    const appended = await Promise.all(
      Array.from({ length: 120 }, (_, index) =>
        log.append(`s${index % 3}`, { type: 'progress', payload: { index } }),
      ),
    );
    await log.close();
    const reopened = fixture.open();
    for (const sessionId of ['s0', 's1', 's2']) {
      expect(reopened.events(sessionId)).toEqual(appended.filter((event) => event.sessionId === sessionId));
    }
    const next = await reopened.append('s0', { type: 'progress', payload: {} });
    expect(next.seq).toBe(41);
    expect(await verifyAll(reopened)).toEqual({ ok: true, sessions: 3, events: 121, checkpoints: 0 });
  });
});

describe('append-only guards (SQLite triggers)', () => {
  async function storeWithOneSession(): Promise<void> {
    fixture = createAuditStoreFixture();
    const log = fixture.open();
    for (let index = 1; index <= 3; index += 1)
      await log.append('ses', { type: 'progress', payload: { index } });
  }

  it('refuse UPDATE and DELETE of events', async () => {
    await storeWithOneSession();
    const db = fixture.raw();
    expect(() => db.exec(`UPDATE audit_events SET payload = '{}' WHERE seq = 2`)).toThrow(
      /append-only: UPDATE refused/,
    );
    expect(() => db.exec('DELETE FROM audit_events WHERE seq = 3')).toThrow(/append-only: DELETE refused/);
    expect(() => db.exec('DELETE FROM audit_sessions')).toThrow(/append-only: DELETE refused/);
    expect(() => db.exec('UPDATE audit_sessions SET head_seq = 2')).toThrow(/only move forward/);
    expect(await verifyAll(fixture.open())).toEqual({ ok: true, sessions: 1, events: 3, checkpoints: 0 });
  });

  it('refuse an insert that does not extend the chain, and accept one that does (positive control)', async () => {
    await storeWithOneSession();
    const db = fixture.raw();
    const head = db.prepare(`SELECT head_hash FROM audit_sessions WHERE session_id = 'ses'`).get() as {
      head_hash: string;
    };
    const insert = db.prepare('INSERT INTO audit_events VALUES (?, ?, ?, ?, ?, ?, ?)');
    const event = {
      sessionId: 'ses',
      seq: 4,
      ts: '2025-03-01T11:00:00.000Z',
      type: 'progress' as const,
      payload: {},
      prevHash: head.head_hash,
    };
    const row = (seq: number, prevHash: string) => [
      'ses',
      seq,
      event.ts,
      event.type,
      '{}',
      prevHash,
      hashEvent({ ...event, seq, prevHash }),
    ];
    expect(() => insert.run(...row(5, head.head_hash))).toThrow(/does not extend/);
    expect(() => insert.run(...row(4, genesisHash))).toThrow(/does not extend/);
    expect(() => insert.run(...row(2, head.head_hash))).toThrow();
    insert.run(...row(4, head.head_hash));
    const log = fixture.open();
    expect(log.head('ses')?.headSeq).toBe(4);
    expect(await verifyAll(log)).toEqual({ ok: true, sessions: 1, events: 4, checkpoints: 0 });
  });
});

import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { systemClock } from '../clock/clock.ts';
import { createTempDir } from '../testing/temp-dir.ts';
import { emailDatabaseFile, openThreadStore } from './thread-store.ts';

const dirs: Array<{ remove(): void }> = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) dir.remove();
});

describe('the thread store', () => {
  it('maps message ids to sessions across a restart, nearest known id first', () => {
    const dir = createTempDir('email-threads-');
    dirs.push(dir);
    const store = openThreadStore({ dataDir: dir.path, clock: systemClock });
    store.remember({
      messageId: '<a@x>',
      sessionId: 's1',
      tenantId: 'northwind',
      userId: 'maria.chen',
      direction: 'in',
    });
    store.remember({
      messageId: '<b@y>',
      sessionId: 's1',
      tenantId: 'northwind',
      userId: 'maria.chen',
      direction: 'out',
    });
    // The first mapping of an id stands.
    store.remember({
      messageId: '<a@x>',
      sessionId: 's2',
      tenantId: 'bluepeak',
      userId: 'sam.rivera',
      direction: 'in',
    });
    store.close();
    const reopened = openThreadStore({ dataDir: dir.path, clock: systemClock });
    expect(reopened.lookup(['<unknown@z>', '<b@y>', '<a@x>'])).toEqual({
      messageId: '<b@y>',
      sessionId: 's1',
      tenantId: 'northwind',
      userId: 'maria.chen',
      direction: 'out',
    });
    expect(reopened.lookup(['<a@x>'])?.sessionId).toBe('s1');
    expect(reopened.lookup(['<unknown@z>'])).toBeUndefined();
    expect(reopened.lookup([])).toBeUndefined();
    reopened.close();
    expect(fs.statSync(path.join(dir.path, emailDatabaseFile)).mode & 0o777).toBe(0o600);
  });

  it('keeps refusals for operators, newest first', () => {
    const dir = createTempDir('email-refusals-');
    dirs.push(dir);
    const store = openThreadStore({ dataDir: dir.path, clock: systemClock });
    const refusal = {
      channel: 'smtp' as const,
      detail: 'DMARC fail',
      mailFrom: 'x@example.com',
      headerFrom: 'maria.chen@northwind-components.example',
      messageId: '<m1@x>',
      remoteAddress: '192.0.2.7',
      bytes: 120,
      sha256: 'ab'.repeat(32),
    };
    store.recordRefusal({ ...refusal, reason: 'authentication-failed' });
    store.recordRefusal({ ...refusal, reason: 'unknown-sender', messageId: null, mailFrom: null });
    expect(store.refusals().map((entry) => [entry.reason, entry.messageId, entry.mailFrom])).toEqual([
      ['unknown-sender', null, null],
      ['authentication-failed', '<m1@x>', 'x@example.com'],
    ]);
    expect(store.refusals(1)).toHaveLength(1);
    store.close();
  });
});

import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditEvent } from '../../src/audit/event-types.ts';
import { auditDatabaseFile, createSqliteAuditLog, type SqliteAuditLog } from '../../src/audit/index.ts';
import { systemClock } from '../../src/clock/clock.ts';
import { createGateway, type Gateway } from '../../src/gateway/index.ts';
import { createOfflineModel } from '../../src/models/offline/offline-model.ts';
import { createSessionManager } from '../../src/sessions/session-manager.ts';
import { createTempDir } from '../../src/testing/temp-dir.ts';
import { withThinkingTime } from './support/delayed-model.ts';
import { startWebRig, type WebRig, webDir } from './support/web-rig.ts';

const chromiumPath = '/usr/bin/chromium';
// Without Debian's Chromium the browser suite is skipped on a workstation; in CI it must run.
const browserMissing = !fs.existsSync(chromiumPath) && !process.env.CI;

const hostile = '<img src=x onerror="window.pwned=1">What is the status of PO <b>NWC-PO-11001</b>?';

/** Kinds of the rows on screen, in order. */
const kindsOf = (page: Page, scope = '.entry') =>
  page.locator(scope).evaluateAll((items) => items.map((item) => item.getAttribute('data-kind') ?? ''));

/** True when `wanted` appears in `list` in this order (other items may come between). */
function inOrder(list: string[], wanted: string[]): boolean {
  let position = 0;
  for (const item of list) if (item === wanted[position]) position += 1;
  return position === wanted.length;
}

describe.skipIf(browserMissing)('the session timeline page in Chromium', () => {
  let rig: WebRig;
  let browser: Browser;
  let context: BrowserContext;
  let chat: Page;
  let timeline: Page;
  let sessionId = '';
  const pageErrors: string[] = [];

  const watch = (page: Page) => {
    page.setDefaultTimeout(10_000);
    page.on('pageerror', (error) => pageErrors.push(error.message));
    page.on('console', (message) => {
      if (message.type() === 'error') pageErrors.push(message.text());
    });
    return page;
  };
  /** A tab of a fresh browser profile: no sign-in stored. */
  const freshPage = async () => watch(await (await browser.newContext()).newPage());
  const tokenOf = (tenantId: string, userId: string, extra: { operator?: boolean } = {}) =>
    rig.issuer.mint({ tenantId, userId, scopes: ['csp.orders.read', 'csp.invoices.read'], ...extra });
  /** Opens the page on `url` with a pasted token through the access form. */
  const openWithToken = async (page: Page, url: string, token: string) => {
    await page.goto(url);
    await page.getByLabel('Bearer token (JWT)').fill(token);
    await page.getByRole('button', { name: 'Show timeline' }).click();
  };

  beforeAll(async () => {
    // Model calls take 150 ms, as a real model's would: long enough to interrupt a catalog enrichment.
    rig = await startWebRig({ model: withThinkingTime(createOfflineModel(), 150) });
    browser = await chromium.launch({
      executablePath: chromiumPath,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
    });
    context = await browser.newContext();
    chat = watch(await context.newPage());
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await rig?.close();
  });

  it('opens from the chat for the current session: the ask, routing, model calls, tools, answer, intact chain', async () => {
    await chat.goto(`${rig.url}/`);
    const link = chat.getByRole('link', { name: 'Timeline (opens in a new tab)' });
    await chat.getByLabel('Demo supplier user').selectOption('northwind/maria.chen');
    await chat.getByRole('button', { name: 'Use this user' }).click();
    expect(await link.isHidden()).toBe(true);
    await chat.getByLabel('Message').fill(hostile);
    await chat.getByLabel('Message').press('Enter');
    await chat.locator('.turn-status[data-status="completed"]').waitFor({ timeout: 15_000 });
    sessionId = (await chat.locator('#session-id').textContent())?.replace(/^Session /, '') ?? '';
    expect(sessionId).not.toBe('');

    const [opened] = await Promise.all([context.waitForEvent('page'), link.click()]);
    timeline = watch(opened);
    expect(new URL(timeline.url()).searchParams.get('session')).toBe(sessionId);
    await timeline.locator('#summary').waitFor();
    const events = rig.agent.events(sessionId);
    expect(await timeline.locator('#summary-session').textContent()).toBe(sessionId);
    expect(await timeline.locator('#summary-tenant').textContent()).toBe('northwind');
    expect(await timeline.locator('#summary-user').textContent()).toBe('maria.chen');
    expect(await timeline.locator('#summary-events').textContent()).toBe(String(events.length));
    expect(await timeline.locator('#summary-turns').textContent()).toBe('1');
    expect(await timeline.locator('#integrity').textContent()).toBe(
      `✓ Chain intact · ${events.length} events verified`,
    );
    expect(await timeline.locator('#tampered').isHidden()).toBe(true);
    expect(await timeline.locator('#identity-summary').textContent()).toContain('Maria Chen');
    expect(await timeline.locator('#access-form').isHidden()).toBe(true);

    const turn = timeline.locator('.tl-turn[data-turn="1"]');
    expect(await turn.locator('.turn-message').textContent()).toBe(hostile);
    expect(await turn.locator('.turn-ask-who').textContent()).toBe('maria.chen asked');
    expect(await turn.locator('.turn-skill dd').textContent()).toBe('order-status');
    expect(await turn.locator('.status-badge').textContent()).toBe('completed');
    expect(await turn.locator('.turn-ended dd').textContent()).toMatch(
      /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC \(\d+(\.\d)? m?s\)$/,
    );

    // One row per event, in the log's order; the session start opens the page.
    expect(await timeline.locator('.entry').count()).toBe(events.length);
    const seqs = await timeline
      .locator('.entry')
      .evaluateAll((items) => items.map((item) => Number(item.getAttribute('data-seq'))));
    expect(seqs).toEqual(events.map((event) => event.seq));
    expect(await kindsOf(timeline, '.tl-opening .entry')).toEqual(['session']);
    const kinds = await kindsOf(timeline, '.tl-turn[data-turn="1"] .entry');
    expect(
      inOrder(kinds, [
        'ask',
        'model-call',
        'model-answer',
        'routing',
        'cell',
        'model-call',
        'model-answer',
        'tool',
        'api-request',
        'policy',
        'api-response',
        'tool-result',
        'answer',
        'turn-end',
      ]),
    ).toBe(true);
    const row = (kind: string) => turn.locator(`.entry[data-kind="${kind}"]`);
    expect(await row('ask').locator('.entry-summary').textContent()).toContain('<img src=x onerror=');
    expect(await row('ask').locator('.kind-badge').textContent()).toBe('ask');
    expect(await row('ask').locator('.entry-actor').textContent()).toBe('supplier');
    expect(await row('routing').locator('.entry-summary').textContent()).toMatch(
      /^skill order-status \(router\): ".+"$/,
    );
    expect(await row('model-call').first().locator('.entry-summary').textContent()).toMatch(/routing call/);
    expect(await row('tool').locator('.entry-summary').textContent()).toBe(
      'purchase_orders_show {"id":"NWC-PO-11001"}',
    );
    expect(await row('policy').locator('.entry-summary').textContent()).toMatch(/^allowed by /);
    expect(await row('api-request').locator('.entry-summary').textContent()).toBe(
      'GET /api/purchase_orders/NWC-PO-11001',
    );
    const answer = events.find((event) => event.type === 'assistant-message');
    expect(await row('answer').locator('.entry-summary').textContent()).toContain('NWC-PO-11001');
    expect(answer?.payload.text).toContain('[demo model]');
    const time = row('answer').locator('time');
    expect(await time.getAttribute('datetime')).toBe(answer?.ts);
    expect(await time.textContent()).toBe(answer?.ts.slice(11, 23));
    // Nothing is flagged in a clean turn.
    expect(await timeline.locator('.entry[data-attention], .entry[data-tampered]').count()).toBe(0);

    // The untrusted message is text everywhere: no element was made of it, no handler ran.
    expect(await timeline.locator('.timeline img, .timeline b').count()).toBe(0);
    expect(await timeline.evaluate(() => (globalThis as { pwned?: number }).pwned)).toBeUndefined();
    expect(pageErrors).toEqual([]);
  }, 40_000);

  it('opens a row on its whole payload, by mouse or keyboard; a long payload is cut until "Show whole"', async () => {
    const events = rig.agent.events(sessionId);
    const turn = timeline.locator('.tl-turn[data-turn="1"]');
    const payloadOf = (type: AuditEvent['type'], index = 0) =>
      events.filter((event) => event.type === type)[index]?.payload;

    // The user's message, hostile markup and all, is JSON text in a <pre>.
    const ask = turn.locator('.entry[data-kind="ask"]');
    const askToggle = ask.locator('.entry-toggle');
    expect(await askToggle.getAttribute('aria-expanded')).toBe('false');
    expect(await ask.locator('.entry-detail').isHidden()).toBe(true);
    await askToggle.click();
    expect(await askToggle.getAttribute('aria-expanded')).toBe('true');
    expect(JSON.parse((await ask.locator('.payload').textContent()) ?? '')).toEqual(
      payloadOf('user-message'),
    );
    expect(await ask.locator('.entry-meta').textContent()).toMatch(/^#2 · user-message · \d{4}-/);
    expect(await ask.locator('.show-whole').count()).toBe(0);
    expect(await timeline.locator('.timeline img').count()).toBe(0);

    // Keyboard: the row is a button; Enter opens it, Space closes it.
    const tool = turn.locator('.entry[data-kind="tool"]');
    const toolToggle = tool.locator('.entry-toggle');
    await toolToggle.focus();
    await timeline.keyboard.press('Enter');
    expect(await toolToggle.getAttribute('aria-expanded')).toBe('true');
    const shown = JSON.parse((await tool.locator('.payload').textContent()) ?? '');
    expect(shown).toEqual(payloadOf('tool-call'));
    expect(shown.tool).toBe('purchase_orders_show');
    await timeline.keyboard.press('Space');
    expect(await toolToggle.getAttribute('aria-expanded')).toBe('false');
    expect(await tool.locator('.entry-detail').isHidden()).toBe(true);

    // The turn's first model request carries the skill's procedure and tools: many KB, cut at first.
    const request = turn.locator('.entry[data-kind="model-call"]').nth(1);
    const whole = payloadOf('model-request', 1);
    const wholeText = JSON.stringify(whole, null, 2);
    expect(wholeText.length).toBeGreaterThan(5000);
    await request.locator('.entry-toggle').click();
    const pre = request.locator('.payload');
    expect(await pre.getAttribute('data-collapsed')).toBe('true');
    const cut = (await pre.textContent()) ?? '';
    expect(cut.length).toBeLessThan(2600);
    expect(cut.endsWith('\n…')).toBe(true);
    expect(wholeText.startsWith(cut.slice(0, -2))).toBe(true);
    const more = request.getByRole('button', { name: /^Show whole \(\d+\.\d KB, \d+ lines\)$/ });
    await more.click();
    expect(await pre.getAttribute('data-collapsed')).toBe('false');
    expect(JSON.parse((await pre.textContent()) ?? '')).toEqual(whole);
    await request.getByRole('button', { name: 'Show less' }).click();
    expect(await pre.textContent()).toBe(cut);
    expect(pageErrors).toEqual([]);
  }, 30_000);

  it('filters by kind, keeps open rows across a refresh, and flags an interrupted turn', async () => {
    // A second turn, interrupted through the API while the catalog enrichment runs; the demo
    // sign-in's token carries the seeded user's scopes (catalogs among them).
    const minted = await fetch(`${rig.url}/dev/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ tenantId: 'northwind', userId: 'maria.chen' }),
    });
    const { token } = (await minted.json()) as { token: string };
    const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
    const turn = fetch(`${rig.url}/v1/sessions/${sessionId}/messages`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ message: 'Enrich the draft catalog' }),
    });
    const firstCount = rig.agent.events(sessionId).length;
    const deadline = Date.now() + 10_000;
    while (
      !rig.agent
        .events(sessionId)
        .slice(firstCount)
        .some((event) => event.type === 'tool-result')
    ) {
      const ended = rig.agent
        .events(sessionId)
        .slice(firstCount)
        .find((event) => event.type === 'turn-end');
      if (ended || Date.now() > deadline)
        throw new Error(`the second turn ran no tool: ${JSON.stringify(ended)}`);
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    const interrupt = await fetch(`${rig.url}/v1/sessions/${sessionId}/interrupt`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ reason: 'auditor test stop' }),
    });
    expect(interrupt.status).toBe(202);
    expect(((await (await turn).json()) as { turn: { status: string } }).turn.status).toBe('interrupted');
    const events = rig.agent.events(sessionId);

    await timeline.getByRole('button', { name: 'Refresh' }).click();
    await timeline.locator('.tl-turn[data-turn="2"]').waitFor();
    expect(await timeline.locator('#summary-events').textContent()).toBe(String(events.length));
    // The row opened earlier is still open.
    expect(
      await timeline
        .locator('.tl-turn[data-turn="1"] .entry[data-kind="ask"] .entry-toggle')
        .getAttribute('aria-expanded'),
    ).toBe('true');
    const second = timeline.locator('.tl-turn[data-turn="2"]');
    expect(await second.locator('.status-badge').textContent()).toBe('interrupted');
    expect(await second.locator('.turn-skill dd').textContent()).toBe('catalog-enrichment');
    expect(await second.locator('.turn-reason').textContent()).toBe('Reason: auditor test stop');
    const stop = second.locator('.entry[data-kind="interrupt"]');
    expect(await stop.getAttribute('data-attention')).toBe('interrupted');
    expect(await stop.locator('.entry-summary').textContent()).toMatch(/^INTERRUPTED: auditor test stop/);

    const chip = (name: string) => timeline.locator(`.chip[data-filter="${name}"]`);
    const visibleKinds = () =>
      timeline
        .locator('.entry:not([hidden])')
        .evaluateAll((items) => items.map((item) => item.getAttribute('data-kind') ?? ''));
    const count = (...types: AuditEvent['type'][]) =>
      events.filter((event) => types.includes(event.type)).length;
    expect(await chip('all').getAttribute('aria-pressed')).toBe('true');
    expect(await chip('tools').locator('.chip-count').textContent()).toBe(
      String(count('tool-call', 'tool-result', 'progress')),
    );

    await chip('tools').click();
    expect(await chip('tools').getAttribute('aria-pressed')).toBe('true');
    expect(await chip('all').getAttribute('aria-pressed')).toBe('false');
    const tools = await visibleKinds();
    expect(tools).toHaveLength(count('tool-call', 'tool-result', 'progress'));
    expect(new Set(tools)).toEqual(new Set(['tool', 'tool-result', 'progress']));
    expect(await timeline.locator('#filter-note').textContent()).toBe(
      `Showing ${tools.length} of ${events.length} events`,
    );
    // Turn headers stay: the reader still sees what each turn was about.
    expect(await timeline.locator('.turn-message').first().isVisible()).toBe(true);

    await chip('interrupts').click();
    expect(await visibleKinds()).toContain('interrupt');
    await chip('tools').click();
    expect(await visibleKinds()).toEqual(['interrupt']);
    // The first turn has no interrupt: it says so rather than looking empty.
    expect(await timeline.locator('.tl-turn[data-turn="1"] .turn-empty').isVisible()).toBe(true);
    expect(await timeline.locator('.tl-turn[data-turn="2"] .turn-empty').isHidden()).toBe(true);
    expect(await timeline.locator('.tl-opening').isHidden()).toBe(true);

    // The chips are buttons: reachable and pressed from the keyboard.
    await chip('all').focus();
    await timeline.keyboard.press('Enter');
    expect(await timeline.locator('.entry:not([hidden])').count()).toBe(events.length);
    expect(await timeline.locator('.tl-opening').isVisible()).toBe(true);
    expect(await timeline.locator('#filter-note').textContent()).toBe(`Showing all ${events.length} events`);
    expect(pageErrors).toEqual([]);
  }, 40_000);

  it("answers another tenant's token with not found, while the owner and an operator read it", async () => {
    const page = await freshPage();
    const url = `${rig.url}/timeline.html?session=${encodeURIComponent(sessionId)}`;
    // No sign-in in this profile: the page asks for a token, the session already filled in.
    await page.goto(url);
    expect(await page.locator('#identity-summary').textContent()).toBe('Not signed in');
    expect(await page.getByLabel('Session id').inputValue()).toBe(sessionId);
    expect(await page.locator('#summary').isHidden()).toBe(true);

    await openWithToken(page, url, await tokenOf('bluepeak', 'ada.okafor'));
    const error = page.getByRole('alert').filter({ hasText: 'was not found' });
    await error.waitFor();
    expect(await error.textContent()).toBe(
      `Session ${sessionId} was not found: it does not exist, or it belongs to another tenant. Only the session's own tenant and operators may read its timeline.`,
    );
    expect(await page.locator('#summary').isHidden()).toBe(true);
    expect(await page.locator('.entry').count()).toBe(0);
    expect(await page.locator('#access-form').isVisible()).toBe(true);

    // A token the gateway refuses is a 401, said as such.
    const owner = await tokenOf('northwind', 'tom.baker');
    const [header, payload, signature] = owner.split('.');
    await openWithToken(
      page,
      url,
      `${header}.${payload}.${signature?.startsWith('A') ? 'B' : 'A'}${signature?.slice(1)}`,
    );
    await page.getByRole('alert').filter({ hasText: 'Your token was refused' }).waitFor();
    expect(await page.locator('.entry').count()).toBe(0);

    // Positive controls: another user of the owner's tenant, and another tenant's operator.
    const events = rig.agent.events(sessionId);
    await openWithToken(page, url, owner);
    await page.locator('#summary').waitFor();
    expect(await page.locator('.entry').count()).toBe(events.length);
    expect(await page.getByRole('alert').filter({ hasText: /./ }).count()).toBe(0);
    expect(await page.locator('#identity-summary').textContent()).toBe(
      'Signed in with a token · tom.baker (northwind)',
    );

    await openWithToken(page, url, await tokenOf('bluepeak', 'ada.okafor', { operator: true }));
    await page.locator('#summary').waitFor();
    expect(await page.locator('.entry').count()).toBe(events.length);
    expect(await page.locator('#summary-tenant').textContent()).toBe('northwind');
    await page.context().close();
    // The browser logs the refused requests themselves; nothing else may have gone wrong.
    expect(pageErrors.filter((text) => !/\b40[14]\b/.test(text))).toEqual([]);
    pageErrors.length = 0;
  }, 30_000);

  it('shows a red TAMPERED banner naming the first bad event once a payload is edited (intact before)', async () => {
    // A copy of the session in its own store, behind its own gateway, where an attacker edits a row.
    const dir = createTempDir('timeline-tamper-');
    let store: SqliteAuditLog | undefined;
    let gateway: Gateway | undefined;
    try {
      store = createSqliteAuditLog({ dataDir: dir.path, clock: systemClock });
      for (const event of rig.agent.events(sessionId)) {
        await store.append(sessionId, { type: event.type, payload: event.payload });
      }
      const sessions = createSessionManager({
        runtime: { ...rig.agent.runtime(createOfflineModel()), audit: store },
        clock: systemClock,
      });
      gateway = createGateway({ sessions, verifier: rig.verifier, staticDir: webDir });
      const base = await gateway.listen(0, '127.0.0.1');
      const page = await freshPage();
      await openWithToken(
        page,
        `${base}/timeline.html?session=${encodeURIComponent(sessionId)}`,
        await tokenOf('northwind', 'maria.chen'),
      );
      await page.locator('#summary').waitFor();
      expect(await page.locator('#integrity').textContent()).toMatch(/^✓ Chain intact/);
      expect(await page.locator('#tampered').isHidden()).toBe(true);

      const attacker = new Database(path.join(dir.path, auditDatabaseFile));
      attacker.exec('DROP TRIGGER IF EXISTS audit_events_no_update');
      const edited = JSON.stringify({ text: 'Nothing to see here', userId: 'maria.chen' });
      attacker
        .prepare('UPDATE audit_events SET payload = ? WHERE session_id = ? AND seq = 2')
        .run(edited, sessionId);
      attacker.close();

      await page.getByRole('button', { name: 'Refresh' }).click();
      const banner = page.locator('#tampered');
      await banner.waitFor();
      expect(await banner.getAttribute('role')).toBe('alert');
      expect(await banner.locator('.tampered-title').textContent()).toBe('TAMPERED');
      expect(await banner.locator('.tampered-message').textContent()).toMatch(/\S/);
      expect(await banner.locator('.tampered-reason').textContent()).toBe(
        'Verification failed at event #2: hash-mismatch. Do not trust this record as shown.',
      );
      expect(await page.locator('#integrity').textContent()).toBe('✗ Chain broken');
      const bad = page.locator('.entry[data-tampered="true"]');
      expect(await bad.count()).toBe(1);
      expect(await bad.getAttribute('data-seq')).toBe('2');
      expect(await bad.locator('.entry-summary').textContent()).toBe(
        'maria.chen asked: "Nothing to see here"',
      );
      expect(await bad.locator('.entry-tampered').textContent()).toMatch(
        /^First bad event \(hash-mismatch\): /,
      );
      await page.context().close();
      await sessions.close('test over');
    } finally {
      await gateway?.close();
      await store?.close();
      dir.remove();
    }
    expect(pageErrors).toEqual([]);
  }, 30_000);
});

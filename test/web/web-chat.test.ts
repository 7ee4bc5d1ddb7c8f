import fs from 'node:fs';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOfflineModel } from '../../src/models/offline/offline-model.ts';
import { withThinkingTime } from './support/delayed-model.ts';
import { startWebRig, type WebRig } from './support/web-rig.ts';

const chromiumPath = '/usr/bin/chromium';
// Without Debian's Chromium the browser suite is skipped on a workstation; in CI it must run.
const browserMissing = !fs.existsSync(chromiumPath) && !process.env.CI;

// biome-ignore lint/suspicious/noExplicitAny: tests read arbitrary JSON shapes
const jsonOf = (response: Response): Promise<any> => response.json();

let rig: WebRig;
beforeAll(async () => {
  // Each model call takes 300 ms, as a real model's would: a catalog enrichment runs for seconds.
  rig = await startWebRig({ model: withThinkingTime(createOfflineModel(), 300) });
}, 60_000);
afterAll(async () => {
  await rig?.close();
});

describe('the demo sign-in routes', () => {
  it('lists the seeded users and mints a token the gateway accepts for the chosen one', async () => {
    const users = await jsonOf(await fetch(`${rig.url}/dev/users`));
    expect(users.users).toContainEqual({
      tenantId: 'northwind',
      tenantName: 'Northwind Components Ltd',
      userId: 'maria.chen',
      name: 'Maria Chen',
      role: 'admin',
    });
    expect(JSON.stringify(users)).not.toContain('scopes');

    const minted = await fetch(`${rig.url}/dev/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ tenantId: 'northwind', userId: 'tom.baker' }),
    });
    expect(minted.status).toBe(200);
    expect(minted.headers.get('cache-control')).toBe('no-store');
    const { token } = await jsonOf(minted);
    await expect(rig.verifier.verify(token)).resolves.toMatchObject({
      tenantId: 'northwind',
      userId: 'tom.baker',
      operator: false,
    });
    const session = await fetch(`${rig.url}/v1/sessions/no-such-session`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(session.status).toBe(404);
  });

  it('mints nothing for a user who is not offered, nor for a malformed request (positive control above)', async () => {
    const post = (body: unknown) =>
      fetch(`${rig.url}/dev/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    const foreign = await post({ tenantId: 'northwind', userId: 'sam.rivera' });
    expect(foreign.status).toBe(404);
    expect((await jsonOf(foreign)).error.code).toBe('not_found');
    const operator = await post({ tenantId: 'northwind', userId: 'maria.chen', operator: true });
    expect(operator.status).toBe(422);
    expect((await jsonOf(operator)).error.details.fields).toEqual({ operator: ['is not a known field'] });
    const missing = await post({ tenantId: 'northwind' });
    expect(missing.status).toBe(422);
    expect(Object.keys((await jsonOf(missing)).error.details.fields)).toEqual(['userId']);
  });

  it('does not exist in production (the same gateway in development mode serves it)', async () => {
    const production = await rig.productionGateway();
    const users = await production.app.inject({ method: 'GET', url: '/dev/users' });
    expect(users.statusCode).toBe(404);
    const token = await production.app.inject({
      method: 'POST',
      url: '/dev/token',
      payload: { tenantId: 'northwind', userId: 'maria.chen' },
    });
    expect(token.statusCode).toBe(404);
    const page = await production.app.inject({ method: 'GET', url: '/' });
    expect(page.statusCode).toBe(200);
  });
});

describe.skipIf(browserMissing)('the web chat in Chromium', () => {
  let browser: Browser;
  let page: Page;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    browser = await chromium.launch({
      executablePath: chromiumPath,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
    });
    page = await browser.newPage();
    // A missing element fails its test well within the test's own timeout.
    page.setDefaultTimeout(10_000);
    page.on('pageerror', (error) => pageErrors.push(error.message));
    page.on('console', (message) => {
      if (message.type() === 'error') pageErrors.push(message.text());
    });
  }, 30_000);
  afterAll(async () => {
    await browser?.close();
  });

  const lastTurn = () => page.locator('.turn').last();

  it('signs in as a demo user, streams an answer with its skill and tool calls', async () => {
    await page.goto(`${rig.url}/`);
    const picker = page.getByLabel('Demo supplier user');
    await picker.waitFor();
    expect(await picker.locator('optgroup').first().getAttribute('label')).toBe(
      'Northwind Components Ltd (northwind)',
    );
    expect(await picker.locator('option[value="northwind/maria.chen"]').textContent()).toBe(
      'Maria Chen · admin',
    );
    await picker.selectOption('northwind/maria.chen');
    await page.getByRole('button', { name: 'Use this user' }).click();
    await page.getByText('Signed in as Maria Chen (admin)').waitFor();

    // Shift+Enter is a new line, not a send.
    const box = page.getByLabel('Message');
    await box.fill('What is the status');
    await box.press('Shift+Enter');
    expect(await box.inputValue()).toBe('What is the status\n');
    expect(await page.locator('.turn').count()).toBe(0);

    await box.fill('What is the status of PO NWC-PO-11001?');
    await box.press('Enter');
    const turn = lastTurn();
    await turn.locator('.turn-status[data-status="completed"]').waitFor({ timeout: 15_000 });
    expect(await turn.locator('.bubble.user .text').textContent()).toBe(
      'What is the status of PO NWC-PO-11001?',
    );
    expect(await turn.locator('.skill-line').textContent()).toBe('Skill: order-status');
    const answer = await turn.locator('.answer').textContent();
    expect(answer).toContain('NWC-PO-11001');
    expect(answer).toContain('[demo model]');
    const tool = turn.locator('.tool-line', { hasText: 'purchase_orders_show' }).first();
    expect(await tool.getAttribute('data-state')).toBe('ok');
    expect(await tool.locator('.tool-input').textContent()).toContain('NWC-PO-11001');
    expect(await tool.locator('.tool-state').textContent()).toMatch(/^ok · \d+(\.\d)? m?s$/);
    expect(await turn.locator('.progress').textContent()).toMatch(/^\d+ tool calls? · \d+ API requests?$/);
    expect(await turn.locator('.turn-status').textContent()).toMatch(/^Completed in \d+\.\d s$/);
    expect(await page.locator('#session-id').textContent()).toMatch(/^Session \S+$/);
    expect(await page.getByRole('button', { name: 'Stop' }).isDisabled()).toBe(true);
    expect(await page.getByRole('button', { name: 'Send' }).isEnabled()).toBe(true);
  }, 30_000);

  it('stops a long catalog enrichment with Stop, in the same session, and the audit log records it', async () => {
    const sessionId = (await page.locator('#session-id').textContent())?.replace(/^Session /, '') ?? '';
    const stop = page.getByRole('button', { name: 'Stop' });
    await page.getByLabel('Message').fill('Enrich the draft catalog');
    await page.getByRole('button', { name: 'Send' }).click();
    const turn = lastTurn();
    // Running: the first tool call is on screen and Stop is enabled.
    await turn.locator('.tool-line').first().waitFor({ timeout: 10_000 });
    expect(await turn.locator('.skill-line').textContent()).toBe('Skill: catalog-enrichment');
    expect(await stop.isEnabled()).toBe(true);
    expect(await page.getByRole('button', { name: 'Send' }).isDisabled()).toBe(true);
    await stop.click();
    await turn.locator('.turn-status[data-status="interrupted"]').waitFor({ timeout: 10_000 });
    expect(await turn.locator('.turn-status').textContent()).toBe('Interrupted: stopped by the user');
    expect(await stop.isDisabled()).toBe(true);
    expect(await page.locator('#session-id').textContent()).toBe(`Session ${sessionId}`);

    const events = rig.agent.events(sessionId);
    expect(
      events.filter((event) => event.type === 'user-message').map((event) => event.payload.text),
    ).toEqual(['What is the status of PO NWC-PO-11001?', 'Enrich the draft catalog']);
    const interrupted = events.find((event) => event.type === 'session-interrupted');
    expect(interrupted?.payload.reason).toBe('stopped by the user');
    const ends = events.filter((event) => event.type === 'turn-end').map((event) => event.payload);
    expect(ends).toHaveLength(2);
    expect(ends[0]).toMatchObject({ status: 'completed', skill: 'order-status' });
    expect(ends[1]).toMatchObject({ status: 'interrupted', skill: 'catalog-enrichment' });
    expect(events.at(-1)?.type).toBe('turn-end');
  }, 30_000);

  it('starts a new conversation with its own session', async () => {
    const before = await page.locator('#session-id').textContent();
    await page.getByRole('button', { name: 'New conversation' }).click();
    expect(await page.locator('.turn').count()).toBe(0);
    expect(await page.locator('#session-id').textContent()).toBe('New conversation');
    await page.getByLabel('Message').fill('Show me the invoices of PO NWC-PO-11001');
    await page.getByLabel('Message').press('Enter');
    await lastTurn().locator('.turn-status:not([data-status="running"])').waitFor({ timeout: 15_000 });
    const after = await page.locator('#session-id').textContent();
    expect(after).toMatch(/^Session \S+$/);
    expect(after).not.toBe(before);

    // A reload keeps the sign-in and the conversation (rebuilt from the session's state).
    await page.reload();
    await page.locator('.turn .turn-status[data-status="completed"]').waitFor();
    expect(await page.locator('#session-id').textContent()).toBe(after);
    expect(await page.locator('.turn').count()).toBe(1);
    expect(await page.locator('.turn .bubble.user .text').textContent()).toBe(
      'Show me the invoices of PO NWC-PO-11001',
    );
    expect(await page.locator('#identity-summary').textContent()).toContain('Maria Chen');
  }, 30_000);

  it('signs in with a pasted token, which starts a new conversation, and shows untrusted text as text', async () => {
    const tokenBox = page.getByLabel('Or paste a bearer token (JWT)');
    await tokenBox.fill('not a token');
    await page.getByRole('button', { name: 'Use token' }).click();
    expect(await page.getByRole('alert').textContent()).toContain('does not look like a JWT');
    expect(await page.locator('#identity-summary').textContent()).toContain('Maria Chen');

    const token = await rig.issuer.mint({
      tenantId: 'bluepeak',
      userId: 'ada.okafor',
      scopes: ['csp.invoices.read'],
    });
    await tokenBox.fill(`Bearer ${token}`);
    await page.getByRole('button', { name: 'Use token' }).click();
    await page.getByText('Signed in as Pasted token · ada.okafor').waitFor();
    expect(await page.getByRole('alert').isHidden()).toBe(true);
    expect(await page.locator('.turn').count()).toBe(0);
    expect(await page.locator('#session-id').textContent()).toBe('New conversation');

    const hostile = '<img src=x onerror="window.pwned=1">What is the status of invoice <b>BPO-INV-1</b>?';
    await page.getByLabel('Message').fill(hostile);
    await page.getByLabel('Message').press('Enter');
    const turn = lastTurn();
    await turn.locator('.turn-status:not([data-status="running"])').waitFor({ timeout: 15_000 });
    expect(await turn.locator('.bubble.user .text').textContent()).toBe(hostile);
    expect(await page.locator('.transcript img, .transcript b').count()).toBe(0);
    expect(await page.evaluate(() => (globalThis as { pwned?: number }).pwned)).toBeUndefined();
    const sessionId = (await page.locator('#session-id').textContent())?.replace(/^Session /, '') ?? '';
    expect(rig.agent.events(sessionId)[0]?.payload).toMatchObject({
      tenantId: 'bluepeak',
      userId: 'ada.okafor',
    });

    // A token the gateway refuses: the turn fails with the gateway's reason, the message is kept.
    const [header, payload, signature] = token.split('.');
    const forged = `${header}.${payload}.${signature?.startsWith('A') ? 'B' : 'A'}${signature?.slice(1)}`;
    await tokenBox.fill(forged);
    await page.getByRole('button', { name: 'Use token' }).click();
    await page.getByLabel('Message').fill('Any news on my invoices?');
    await page.getByLabel('Message').press('Enter');
    await lastTurn().locator('.turn-status[data-status="failed"]').waitFor();
    expect(await lastTurn().locator('.turn-status').textContent()).toMatch(/^Failed: .+ \(\w+\)$/);
    expect(await page.getByRole('alert').textContent()).toBe('Your token was refused: sign in again.');
    expect(await page.getByLabel('Message').inputValue()).toBe('Any news on my invoices?');
    // The browser logs the refused request itself; nothing else may have gone wrong.
    expect(pageErrors.filter((error) => !error.includes('401'))).toEqual([]);
  }, 30_000);
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditEvent } from '../../src/audit/event-types.ts';
import { verifySession } from '../../src/audit/index.ts';
import { type CspApiHarness, startCspApi } from '../../src/testing/csp-api-harness.ts';
import { type BrokerKit, cellRequest, startBroker } from './broker-kit.ts';

let api: CspApiHarness;
let kit: BrokerKit;
const streamed: AuditEvent[] = [];
beforeAll(async () => {
  api = await startCspApi();
  kit = await startBroker({ api, onEvent: (event) => streamed.push(event) });
});
afterAll(async () => {
  await kit?.close();
  await api?.close();
});

const postEvent = (body: unknown, headers: Record<string, string> = {}) =>
  cellRequest(kit.socketPath, {
    method: 'POST',
    path: '/v1/events',
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });

describe('broker event sink', () => {
  it('records a tool-call, answers 202 with its seq, and hands it to onEvent', async () => {
    const payload = {
      tool: 'purchase_orders_list',
      argv: ['purchase-orders', 'list'],
      input: { status: 'issued' },
    };
    const reply = await postEvent({ type: 'tool-call', payload });
    expect(reply.status).toBe(202);
    const stored = kit.events().at(-1)!;
    expect(reply.body).toEqual({ seq: stored.seq });
    expect(stored).toMatchObject({ type: 'tool-call', payload });
    expect(streamed.at(-1)).toEqual(stored);
  });

  it('records tool-result and progress too', async () => {
    const result = await postEvent({
      type: 'tool-result',
      payload: { exitCode: 0, stdout: '[]', stderr: '' },
    });
    const progress = await postEvent({ type: 'progress', payload: { text: 'looking up orders' } });
    expect([result.status, progress.status]).toEqual([202, 202]);
    expect(progress.body.seq).toBe(result.body.seq + 1);
  });

  it("marks every event as the cell's claim, whatever source the cell writes", async () => {
    const forged = await postEvent({ type: 'tool-result', payload: { exitCode: 0, source: 'host' } });
    expect(forged.status).toBe(202);
    const stored = kit.events().find((event) => event.seq === forged.body.seq);
    expect(stored?.payload).toMatchObject({ exitCode: 0, source: 'cell' });
  });

  for (const type of ['policy-decision', 'api-response', 'model-response', 'session-end', 'no-such-type']) {
    it(`refuses a cell-forged ${type} event with 400 and records nothing`, async () => {
      const before = kit.events().length;
      const reply = await postEvent({ type, payload: { effect: 'allow' } });
      expect(reply.status).toBe(400);
      expect(reply.body.code).toBe('invalid_argument');
      expect(reply.body.errors.type).toBeDefined();
      expect(kit.events()).toHaveLength(before);
    });
  }

  it('refuses malformed bodies with a stable code naming the problem', async () => {
    expect((await postEvent('{not json')).body.code).toBe('invalid_json');
    const noPayload = await postEvent({ type: 'progress' });
    expect(noPayload.status).toBe(400);
    expect(noPayload.body.errors.payload).toBeDefined();
    const extra = await postEvent({ type: 'progress', payload: {}, seq: 1, sessionId: 'other' });
    expect(extra.status).toBe(400);
    expect(Object.keys(extra.body.errors).sort()).toEqual(['seq', 'sessionId']);
    expect((await cellRequest(kit.socketPath, { method: 'GET', path: '/v1/events' })).status).toBe(405);
  });

  it('records under its own session whatever session id the cell names', async () => {
    const reply = await postEvent(
      { type: 'progress', payload: { sessionId: 'session-of-someone-else' } },
      { 'x-session-id': 'session-of-someone-else' },
    );
    expect(reply.status).toBe(202);
    expect(kit.audit.events('session-of-someone-else')).toEqual([]);
    expect(kit.events().at(-1)!.sessionId).toBe(kit.sessionId);
  });

  it('every appended event reaches onEvent and the chain verifies', async () => {
    await cellRequest(kit.socketPath, { path: '/api/purchase_orders?limit=1' });
    expect(streamed.map((event) => event.seq)).toEqual(kit.events().map((event) => event.seq));
    expect(verifySession(kit.events()).ok).toBe(true);
  });
});

describe('broker session route', () => {
  it('tells the cell its session and skill, and nothing about its tenant', async () => {
    const reply = await cellRequest(kit.socketPath, {
      path: '/v1/session',
      headers: { 'x-tenant-id': 'harbor', authorization: 'Bearer x' },
    });
    expect(reply.status).toBe(200);
    expect(reply.body).toEqual({ sessionId: kit.sessionId, skill: { name: 'order-status' } });
    expect(reply.text).not.toContain('northwind');
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type GatewayRig, scripted, startGatewayRig } from './support/gateway-rig.ts';
import { waitUntil } from './support/wait-until.ts';

let rig: GatewayRig;
let maria: string;
let sam: string;

beforeAll(async () => {
  rig = await startGatewayRig();
  maria = await rig.token('northwind', 'maria.chen');
  sam = await rig.token('bluepeak', 'sam.rivera');
}, 60_000);
afterAll(async () => {
  await rig?.close();
});

const eventTypes = (events: Array<{ type: string }>) => events.map((event) => event.type);

describe('sessions over HTTP (JSON)', () => {
  it('creates a session with its first turn, runs the next one, and shows state and audit', async () => {
    rig.useModel(
      scripted([
        { skill: 'order-status', text: 'An order question.' },
        { text: 'Looking.', toolCalls: [{ name: 'purchase_orders_show', input: { id: 'NWC-PO-11001' } }] },
        { text: 'PO NWC-PO-11001 is on its way.' },
        { text: 'You are welcome.' },
      ]),
    );
    const first = await rig.request('POST', '/v1/sessions', {
      token: maria,
      body: { message: 'Where is PO NWC-PO-11001?' },
    });
    expect(first.status).toBe(201);
    expect(first.headers.get('cache-control')).toBe('no-store');
    expect(first.body).toEqual({
      sessionId: expect.any(String),
      turn: { status: 'completed', skill: 'order-status', reply: 'PO NWC-PO-11001 is on its way.' },
    });
    const { sessionId } = first.body;

    const second = await rig.request('POST', `/v1/sessions/${sessionId}/messages`, {
      token: maria,
      body: { message: 'Thanks!', skill: 'order-status' },
      headers: { accept: 'application/json' },
    });
    expect(second.status).toBe(200);
    expect(second.body).toEqual({
      sessionId,
      turn: { status: 'completed', skill: 'order-status', reply: 'You are welcome.' },
    });

    const view = await rig.request('GET', `/v1/sessions/${sessionId}`, { token: maria });
    expect(view.status).toBe(200);
    expect(view.body).toMatchObject({
      sessionId,
      tenantId: 'northwind',
      userId: 'maria.chen',
      status: 'idle',
      turns: [
        { status: 'completed', skill: 'order-status', message: 'Where is PO NWC-PO-11001?' },
        { status: 'completed', skill: 'order-status', message: 'Thanks!', reply: 'You are welcome.' },
      ],
    });

    const audit = await rig.request('GET', `/v1/sessions/${sessionId}/audit`, { token: maria });
    expect(audit.status).toBe(200);
    expect(audit.body.sessionId).toBe(sessionId);
    const types = eventTypes(audit.body.events);
    expect(types[0]).toBe('session-start');
    expect(types.filter((type) => type === 'turn-end')).toHaveLength(2);
    expect(types).toContain('tool-call');
    expect(types.at(-1)).toBe('turn-end');
  }, 60_000);

  it('refuses an unknown skill naming the field', async () => {
    const response = await rig.request('POST', '/v1/sessions', {
      token: maria,
      body: { message: 'hi', skill: 'no-such-skill' },
    });
    expect(response.status).toBe(400);
    expect(response.body.error.code).toBe('invalid_argument');
    expect(response.body.error.details.fields.skill[0]).toContain('order-status');
  });

  it('interrupts a running turn (202), which ends interrupted and is recorded', async () => {
    rig.useModel(scripted([{ text: 'never said', delayMs: 60_000 }]));
    const turn = rig.request('POST', '/v1/sessions', {
      token: maria,
      body: { message: 'List my orders', skill: 'order-status' },
    });
    const sessionId = await waitUntil(
      () => {
        const stats = rig.sessions.stats();
        return stats.running > 0 && findRunningSession();
      },
      { what: 'the turn to run' },
    );
    await waitUntil(
      async () => {
        const audit = await rig.request('GET', `/v1/sessions/${sessionId}/audit`, { token: maria });
        return eventTypes(audit.body.events ?? []).includes('model-request');
      },
      { what: 'the model call' },
    );
    const view = await rig.request('GET', `/v1/sessions/${sessionId}`, { token: maria });
    expect(view.body.status).toBe('running');

    const interrupt = await rig.request('POST', `/v1/sessions/${sessionId}/interrupt`, {
      token: maria,
      body: { reason: 'stop, please' },
    });
    expect(interrupt.status).toBe(202);
    expect(interrupt.body).toEqual({ sessionId, interrupted: true });
    const ended = await turn;
    expect(ended.status).toBe(201);
    expect(ended.body.turn).toMatchObject({ status: 'interrupted', reason: 'stop, please' });
    const audit = await rig.request('GET', `/v1/sessions/${sessionId}/audit`, { token: maria });
    const types = eventTypes(audit.body.events);
    expect(types).toContain('session-interrupted');
    expect(types.at(-1)).toBe('turn-end');

    // Nothing left to interrupt: still 202, and it says so. No body at all is fine too.
    const idle = await rig.request('POST', `/v1/sessions/${sessionId}/interrupt`, { token: maria });
    expect(idle.status).toBe(202);
    expect(idle.body).toEqual({ sessionId, interrupted: false });
  }, 60_000);

  it('refuses a second turn while one runs (409), and takes it once the first ended', async () => {
    rig.useModel(scripted([{ text: 'Hello.' }, { text: 'slow', delayMs: 60_000 }, { text: 'Next.' }]));
    const created = await rig.request('POST', '/v1/sessions', {
      token: maria,
      body: { message: 'hi', skill: 'order-status' },
    });
    const { sessionId } = created.body;
    const slow = rig.request('POST', `/v1/sessions/${sessionId}/messages`, {
      token: maria,
      body: { message: 'take your time', skill: 'order-status' },
    });
    // The slow turn is waiting for the model (so it took its script entry).
    await waitUntil(() => countOf(sessionId, 'model-request') === 2, { what: 'the slow model call' });
    const concurrent = await Promise.all(
      [1, 2, 3].map(() =>
        rig.request('POST', `/v1/sessions/${sessionId}/messages`, {
          token: maria,
          body: { message: 'me too', skill: 'order-status' },
        }),
      ),
    );
    for (const response of concurrent) {
      expect(response.status).toBe(409);
      expect(response.body.error.code).toBe('conflict');
    }
    const streamed = await rig.request('POST', `/v1/sessions/${sessionId}/messages`, {
      token: maria,
      body: { message: 'me too', skill: 'order-status' },
      headers: { accept: 'text/event-stream' },
    });
    expect(streamed.status).toBe(409);
    expect(streamed.headers.get('content-type')).toContain('application/json');

    await rig.request('POST', `/v1/sessions/${sessionId}/interrupt`, { token: maria });
    expect((await slow).body.turn.status).toBe('interrupted');
    const next = await rig.request('POST', `/v1/sessions/${sessionId}/messages`, {
      token: maria,
      body: { message: 'now?', skill: 'order-status' },
    });
    expect(next.status).toBe(200);
    expect(next.body.turn).toMatchObject({ status: 'completed', reply: 'Next.' });
  }, 60_000);
});

describe("another tenant's session", () => {
  it('is 404 on every route, exactly as an unknown id (positive control: the owner)', async () => {
    rig.useModel(scripted([{ text: 'Hello.' }, { text: 'Again.' }]));
    const created = await rig.request('POST', '/v1/sessions', {
      token: maria,
      body: { message: 'hi', skill: 'order-status' },
    });
    expect(created.status).toBe(201);
    const { sessionId } = created.body;
    const unknownId = '5f0c1c7e-0000-4000-8000-000000000000';
    const routes = (id: string) =>
      [
        ['POST', `/v1/sessions/${id}/messages`, { message: 'hi', skill: 'order-status' }],
        ['POST', `/v1/sessions/${id}/interrupt`, { reason: 'mine now' }],
        ['GET', `/v1/sessions/${id}`, undefined],
        ['GET', `/v1/sessions/${id}/audit`, undefined],
      ] as const;
    const stream = { accept: 'text/event-stream' };
    for (const [method, path, body] of routes(sessionId)) {
      for (const headers of [{}, stream]) {
        const foreign = await rig.request(method, path, { token: sam, headers, ...(body ? { body } : {}) });
        const unknownPath = path.replace(sessionId, unknownId);
        const unknown = await rig.request(method, unknownPath, {
          token: maria,
          headers,
          ...(body ? { body } : {}),
        });
        expect(foreign.status, `${method} ${path}`).toBe(404);
        expect(unknown.status).toBe(404);
        expect(foreign.body).toEqual({ error: { code: 'not_found', message: `No session ${sessionId}.` } });
        expect(unknown.body).toEqual({ error: { code: 'not_found', message: `No session ${unknownId}.` } });
        expect([...foreign.headers.keys()].sort()).toEqual([...unknown.headers.keys()].sort());
      }
    }
    // Nothing of theirs happened: one turn, no interrupt.
    const audit = rig.agent.events(sessionId);
    expect(eventTypes(audit).filter((type) => type === 'user-message')).toHaveLength(1);
    expect(eventTypes(audit)).not.toContain('session-interrupted');

    // Positive control: the owner gets every one of them.
    const expected = [200, 202, 200, 200];
    for (const [index, [method, path, body]] of routes(sessionId).entries()) {
      const own = await rig.request(method, path, { token: maria, ...(body ? { body } : {}) });
      expect(own.status, `${method} ${path}`).toBe(expected[index]);
    }
  }, 60_000);

  it("lets an operator read any tenant's session and audit, and nobody else", async () => {
    rig.useModel(scripted([{ text: 'Hello.' }]));
    const created = await rig.request('POST', '/v1/sessions', {
      token: maria,
      body: { message: 'hi', skill: 'order-status' },
    });
    const { sessionId } = created.body;
    const operator = await rig.token('bluepeak', 'sam.rivera', { operator: true });
    const audit = await rig.request('GET', `/v1/sessions/${sessionId}/audit`, { token: operator });
    expect(audit.status).toBe(200);
    expect(audit.body.events[0].payload).toMatchObject({ tenantId: 'northwind' });
    const foreign = await rig.request('GET', `/v1/sessions/${sessionId}/audit`, { token: sam });
    expect(foreign.status).toBe(404);
  }, 60_000);
});

describe('routes without a token', () => {
  it('answers /healthz and /metrics', async () => {
    const health = await rig.request('GET', '/healthz');
    expect(health.status).toBe(200);
    expect(health.body).toEqual({ status: 'ok' });
    const metrics = await rig.request('GET', '/metrics');
    expect(metrics.status).toBe(200);
    expect(metrics.headers.get('content-type')).toContain('text/plain; version=0.0.4');
    for (const name of [
      'supplier_agent_turns_running',
      'supplier_agent_turns_total{status="completed"}',
      'supplier_agent_turns_total{status="interrupted"}',
      'supplier_agent_turns_refused_total{reason="conflict"}',
      'supplier_agent_tool_calls_total',
      'supplier_agent_egress_denied_total',
      'supplier_agent_interrupts_total',
      'supplier_agent_turn_duration_seconds_bucket{le="+Inf"}',
      'supplier_agent_turn_duration_seconds_count',
      'process_resident_memory_bytes',
    ]) {
      expect(metrics.text).toContain(name);
    }
    const value = (name: string) =>
      Number(new RegExp(`^${escapeRegExp(name)} (\\S+)$`, 'm').exec(metrics.text)?.[1]);
    // What the tests above did, seen in the counters.
    expect(value('supplier_agent_turns_total{status="completed"}')).toBeGreaterThanOrEqual(5);
    expect(value('supplier_agent_turns_total{status="interrupted"}')).toBeGreaterThanOrEqual(2);
    expect(value('supplier_agent_turns_refused_total{reason="conflict"}')).toBeGreaterThanOrEqual(4);
    expect(value('supplier_agent_tool_calls_total')).toBeGreaterThanOrEqual(1);
    expect(value('supplier_agent_interrupts_total')).toBeGreaterThanOrEqual(2);
    expect(value('supplier_agent_unauthenticated_total')).toBe(0);
  });

  it('has no identity documents unless given, and no pages unless given', async () => {
    expect((await rig.request('GET', '/.well-known/jwks.json')).status).toBe(404);
    const page = await rig.request('GET', '/');
    expect(page.status).toBe(404);
    expect(page.body).toEqual({ error: { code: 'not_found', message: 'No such route.' } });
  });
});

function findRunningSession(): string | undefined {
  // The audit store knows every session; the running one is the newest without a turn-end.
  for (const sessionId of rig.agent.audit.sessionIds().reverse()) {
    const events = rig.agent.events(sessionId);
    if (events.length > 0 && events.at(-1)?.type !== 'turn-end') return sessionId;
  }
  return undefined;
}

function countOf(sessionId: string, type: string): number {
  return rig.agent.events(sessionId).filter((event) => event.type === type).length;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

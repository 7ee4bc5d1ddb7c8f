import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openEventStream } from './support/event-stream-reader.ts';
import { type GatewayRig, scripted, startGatewayRig } from './support/gateway-rig.ts';
import { waitUntil } from './support/wait-until.ts';

let rig: GatewayRig;
let maria: string;
let sam: string;
let operator: string;

beforeAll(async () => {
  rig = await startGatewayRig();
  maria = await rig.token('northwind', 'maria.chen');
  sam = await rig.token('bluepeak', 'sam.rivera');
  operator = await rig.token('harbor', 'jonas.weber', { operator: true });
}, 60_000);
afterAll(async () => {
  await rig?.close();
});

function stream(body: unknown, token: string) {
  return openEventStream(`${rig.url}/v1/sessions`, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${token}`,
      'content-type': 'application/json',
      accept: 'text/event-stream',
    },
    body: JSON.stringify(body),
  });
}

const countOf = (sessionId: string, type: string) =>
  rig.agent.events(sessionId).filter((event) => event.type === type).length;

describe('operator suspension of a tenant', () => {
  it('is for operator tokens only (403), with the operator as positive control', async () => {
    for (const token of [maria, sam]) {
      for (const action of ['suspend', 'resume']) {
        const response = await rig.request('POST', `/v1/tenants/northwind/${action}`, {
          token,
          body: action === 'suspend' ? { reason: 'I would like to' } : {},
        });
        expect(response.status).toBe(403);
        expect(response.body.error.code).toBe('insufficient_scope');
      }
    }
    expect(rig.sessions.stats().suspendedTenants).toEqual([]);
    const missingReason = await rig.request('POST', '/v1/tenants/northwind/suspend', {
      token: operator,
      body: {},
    });
    expect(missingReason.status).toBe(422);
    expect(missingReason.body.error.details.fields).toEqual({ reason: ['is required and must be a string'] });
    const badTenant = await rig.request('POST', '/v1/tenants/North%20Wind/suspend', {
      token: operator,
      body: { reason: 'x' },
    });
    expect(badTenant.status).toBe(422);
    expect(Object.keys(badTenant.body.error.details.fields)).toEqual(['tenant']);

    const suspended = await rig.request('POST', '/v1/tenants/northwind/suspend', {
      token: operator,
      body: { reason: 'drill' },
    });
    expect(suspended.status).toBe(200);
    expect(suspended.body).toEqual({
      tenantId: 'northwind',
      suspended: true,
      reason: 'drill',
      interrupted: 0,
    });
    const resumed = await rig.request('POST', '/v1/tenants/northwind/resume', { token: operator });
    expect(resumed.status).toBe(200);
    expect(resumed.body).toEqual({ tenantId: 'northwind', suspended: false });
  });

  it("interrupts the tenant's running turns and refuses new ones until resumed; others go on", async () => {
    rig.useModel(
      scripted([
        { text: 'never said', delayMs: 60_000 },
        { text: 'Bluepeak is served.', delayMs: 1500 },
        { text: 'Northwind is back.' },
      ]),
    );
    const northwind = await stream({ message: 'Take your time', skill: 'order-status' }, maria);
    const northwindId = (await northwind.waitFor((event) => event.event === 'session')).data.sessionId;
    await waitUntil(() => countOf(northwindId, 'model-request') === 1, { what: "northwind's model call" });
    const bluepeak = await stream({ message: 'Are you there?', skill: 'order-status' }, sam);
    const bluepeakId = (await bluepeak.waitFor((event) => event.event === 'session')).data.sessionId;
    await waitUntil(() => countOf(bluepeakId, 'model-request') === 1, { what: "bluepeak's model call" });

    const suspended = await rig.request('POST', '/v1/tenants/northwind/suspend', {
      token: operator,
      body: { reason: 'fraud review' },
    });
    expect(suspended.status).toBe(200);
    expect(suspended.body).toMatchObject({ tenantId: 'northwind', suspended: true, interrupted: 1 });
    await northwind.ended;
    expect(northwind.events.map((event) => event.event).slice(-2)).toEqual([
      'session-interrupted',
      'turn-end',
    ]);
    expect(northwind.events.at(-1)?.data).toMatchObject({
      status: 'interrupted',
      reason: 'tenant suspended: fraud review',
    });
    expect(rig.agent.events(northwindId).at(-1)).toMatchObject({
      type: 'turn-end',
      payload: { status: 'interrupted' },
    });

    // New turns of the suspended tenant are refused, as JSON or stream, new session or not.
    const refusedNew = await rig.request('POST', '/v1/sessions', {
      token: maria,
      body: { message: 'hello?', skill: 'order-status' },
    });
    expect(refusedNew.status).toBe(403);
    expect(refusedNew.body.error.code).toBe('tenant_suspended');
    const refusedNext = await stream({ message: 'hello?', skill: 'order-status' }, maria);
    expect(refusedNext.status).toBe(403);
    expect(refusedNext.body.error.code).toBe('tenant_suspended');
    const metrics = await rig.request('GET', '/metrics');
    expect(metrics.text).toContain('supplier_agent_tenant_suspended{tenant="northwind"} 1');
    expect(metrics.text).toMatch(/^supplier_agent_turns_refused_total\{reason="suspended"\} [1-9]/m);

    // The other tenant was not touched.
    await bluepeak.ended;
    expect(bluepeak.events.at(-1)?.data).toMatchObject({ status: 'completed', reply: 'Bluepeak is served.' });

    // Positive control: once resumed, the same request runs.
    const resumed = await rig.request('POST', '/v1/tenants/northwind/resume', { token: operator });
    expect(resumed.status).toBe(200);
    const again = await rig.request('POST', `/v1/sessions/${northwindId}/messages`, {
      token: maria,
      body: { message: 'hello?', skill: 'order-status' },
    });
    expect(again.status).toBe(200);
    expect(again.body.turn).toMatchObject({ status: 'completed', reply: 'Northwind is back.' });
    expect((await rig.request('GET', '/metrics')).text).not.toContain('supplier_agent_tenant_suspended{');
  }, 60_000);
});

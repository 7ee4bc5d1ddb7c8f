import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CspApiHarness, startCspApi } from '../../src/testing/csp-api-harness.ts';
import { runCsp } from '../../src/tools/csp/run-csp.ts';
import {
  type BrokerKit,
  cellRequest,
  type Doc,
  policyFor,
  startBroker,
  storedAuditBytes,
} from './broker-kit.ts';

let api: CspApiHarness;
let kit: BrokerKit;
beforeAll(async () => {
  api = await startCspApi();
  kit = await startBroker({ api });
});
afterAll(async () => {
  await kit?.close();
  await api?.close();
});

const get = (path: string, headers: Record<string, string> = {}) =>
  cellRequest(kit.socketPath, { method: 'GET', path, headers });

describe('broker egress proxy: the happy path', () => {
  it("returns the tenant's orders and records request, decision and response", async () => {
    const before = kit.events().length;
    const reply = await get('/api/purchase_orders?status=issued', { accept: 'application/json' });
    expect(reply.status).toBe(200);
    expect(reply.headers['content-type']).toMatch(/application\/json/);
    const orders = reply.body as Doc[];
    expect(orders.length).toBeGreaterThan(0);
    expect(orders.every((order) => order['po-number'].startsWith('NWC-PO-'))).toBe(true);
    expect(orders.every((order) => order.status === 'issued')).toBe(true);

    const events = kit.events().slice(before);
    expect(events.map((event) => event.type)).toEqual(['api-request', 'policy-decision', 'api-response']);
    const [request, decision, response] = events as [Doc, Doc, Doc];
    expect(request.payload).toMatchObject({
      method: 'GET',
      path: '/api/purchase_orders',
      query: 'status=issued',
    });
    expect(request.payload.headers.accept).toBe('application/json');
    expect(request.payload.droppedHeaders).toContain('host');
    expect(decision.payload).toMatchObject({
      effect: 'allow',
      skill: 'order-status',
      operation: { method: 'GET', path: '/api/purchase_orders' },
      target: { method: 'GET', path: '/api/purchase_orders', query: 'status=issued' },
    });
    expect(decision.payload.policies.length).toBeGreaterThan(0);
    expect(response.payload.status).toBe(200);
    expect(response.payload.body).toEqual(orders);
    expect(response.payload.request.headers.authorization).toBe((await kit.credentials.token()).id);
  });

  it('keeps the injected token out of the stored audit bytes', async () => {
    const token = (await kit.credentials.token()).value;
    const reply = await get('/api/purchase_orders?limit=1');
    expect(reply.status).toBe(200);
    const stored = storedAuditBytes(kit.auditDir);
    // Positive control: the store does hold this session's events (so the search is meaningful).
    expect(stored.includes(Buffer.from(kit.sessionId))).toBe(true);
    expect(stored.includes(Buffer.from(token))).toBe(false);
    expect(stored.includes(Buffer.from(token.split('.')[2] ?? token))).toBe(false);
  });
});

describe('broker egress proxy: the skill bounds the operations', () => {
  it('denies an operation outside the skill with 403 egress_denied and a deny record, then allows it once the skill has it', async () => {
    const before = kit.events().length;
    const denied = await get('/api/invoices?limit=1');
    expect(denied.status).toBe(403);
    expect(denied.body).toMatchObject({ code: 'egress_denied', reason: 'not-in-skill' });
    expect(denied.body.errors.base[0]).toMatch(/invoices/);
    const events = kit.events().slice(before);
    expect(events.map((event) => event.type)).toEqual(['api-request', 'policy-decision']);
    expect(events[1]!.payload).toMatchObject({
      effect: 'deny',
      reason: 'not-in-skill',
      operation: { method: 'GET', path: '/api/invoices' },
    });

    kit.broker.setSkill(
      { name: 'invoice-status' },
      policyFor(api, 'northwind', 'invoice-status', ['invoices_list', 'purchase_orders_list']),
    );
    try {
      const allowed = await get('/api/invoices?limit=1');
      expect(allowed.status).toBe(200);
      expect(allowed.body[0]['invoice-number']).toBeDefined();
      expect((await get('/v1/session')).body).toEqual({
        sessionId: kit.sessionId,
        skill: { name: 'invoice-status' },
      });
    } finally {
      kit.broker.setSkill(
        { name: 'order-status' },
        policyFor(api, 'northwind', 'order-status', ['purchase_orders_list', 'purchase_orders_show']),
      );
    }
    // And denied again after switching back.
    expect((await get('/api/invoices?limit=1')).status).toBe(403);
  });

  it("passes the CSP API's 404 through for another tenant's ids on an allowed operation", async () => {
    const own = await get('/api/purchase_orders/NWC-PO-11001');
    expect(own.status).toBe(200);
    expect(own.body['po-number']).toBe('NWC-PO-11001');
    const harborOrder = (
      await api.request('GET', '/api/purchase_orders/HLS-PO-13001', { token: await api.token('harbor') })
    ).body;
    expect(harborOrder['po-number']).toBe('HLS-PO-13001');

    for (const id of ['HLS-PO-13001', String(harborOrder.id)]) {
      const reply = await get(`/api/purchase_orders/${id}`);
      expect(reply.status).toBe(404);
      expect(reply.body.code).toBe('not_found');
    }
    const last = kit.events().at(-1)!;
    expect(last.type).toBe('api-response');
    expect(last.payload.status).toBe(404);
  });
});

describe('broker egress proxy: ambiguous targets', () => {
  const tricks: Array<{
    name: string;
    method?: string;
    path: string;
    headers?: Record<string, string>;
    reason: string;
  }> = [
    {
      name: 'encoded slash traversal',
      path: '/api/purchase_orders/..%2finvoices',
      reason: 'malformed-target',
    },
    { name: 'dot-dot traversal', path: '/api/purchase_orders/../invoices', reason: 'malformed-target' },
    { name: 'encoded dots', path: '/api/purchase_orders/%2e%2e/invoices', reason: 'malformed-target' },
    { name: 'double slash', path: '/api//purchase_orders', reason: 'malformed-target' },
    { name: 'matrix parameter', path: '/api/purchase_orders;x=1', reason: 'malformed-target' },
    { name: 'double encoding', path: '/api/purchase_orders/NWC%252DPO-11001', reason: 'malformed-target' },
    {
      name: 'method override header',
      path: '/api/purchase_orders/NWC-PO-11001',
      headers: { 'x-http-method-override': 'PUT' },
      reason: 'method-not-allowed',
    },
    { name: 'method override query', path: '/api/purchase_orders?_method=PUT', reason: 'method-not-allowed' },
    {
      name: 'absolute-form target',
      path: 'http://127.0.0.1:1/api/purchase_orders',
      reason: 'malformed-target',
    },
    {
      name: 'buyer simulation route',
      method: 'PUT',
      path: '/sim/invoices/1/pay',
      reason: 'forbidden-by-policy',
    },
    { name: 'token endpoint', method: 'POST', path: '/oauth2/token', reason: 'forbidden-by-policy' },
    { name: 'health check', path: '/healthz', reason: 'forbidden-by-policy' },
    { name: 'unknown broker route', path: '/v1/secrets', reason: 'unknown-operation' },
  ];

  it('has a positive control: the plain form of each API target is allowed', async () => {
    expect((await get('/api/purchase_orders?limit=1')).status).toBe(200);
    expect((await get('/api/purchase_orders/NWC-PO-11001')).status).toBe(200);
  });

  for (const trick of tricks) {
    it(`denies and audits: ${trick.name} (${trick.path})`, async () => {
      const before = kit.events().length;
      const reply = await cellRequest(kit.socketPath, {
        method: trick.method ?? 'GET',
        path: trick.path,
        headers: trick.headers ?? {},
      });
      expect(reply.status).toBe(403);
      expect(reply.body).toMatchObject({ code: 'egress_denied', reason: trick.reason });
      const events = kit.events().slice(before);
      expect(events.map((event) => event.type)).toEqual(['api-request', 'policy-decision']);
      expect(events[0]!.payload.method).toBe(trick.method ?? 'GET');
      expect(events[1]!.payload).toMatchObject({ effect: 'deny', reason: trick.reason });
    });
  }

  it('the simulation route itself exists: a buyer token reaches it directly (control for the /sim denial)', async () => {
    const reply = await api.request('PUT', '/sim/invoices/999999/pay', { token: await api.buyerToken() });
    expect(reply.status).toBe(404);
  });
});

describe('broker egress proxy: identity comes from the broker, not the cell', () => {
  it("ignores harbor's own valid token, X-Tenant-Id and cookies sent by the cell, and records them as dropped", async () => {
    const harborToken = await api.token('harbor');
    // Control: that token really is harbor's and works directly.
    const direct = await api.request('GET', '/api/purchase_orders?limit=5', { token: harborToken });
    expect(direct.body[0]['po-number']).toMatch(/^HLS-PO-/);

    const before = kit.events().length;
    const reply = await get('/api/purchase_orders?limit=5', {
      authorization: `Bearer ${harborToken}`,
      'x-tenant-id': 'harbor',
      'x-supplier-id': '3',
      'x-user-id': 'harbor-admin',
      cookie: `session=${harborToken}`,
      'x-forwarded-for': '10.0.0.9',
      forwarded: 'for=10.0.0.9;host=harbor.example',
      'proxy-authorization': `Bearer ${harborToken}`,
    });
    expect(reply.status).toBe(200);
    const orders = reply.body as Doc[];
    expect(orders.length).toBeGreaterThan(0);
    expect(orders.every((order) => order['po-number'].startsWith('NWC-PO-'))).toBe(true);

    const [request, , response] = kit.events().slice(before) as [Doc, Doc, Doc];
    expect(request.payload.droppedHeaders).toEqual(
      expect.arrayContaining([
        'authorization',
        'cookie',
        'x-tenant-id',
        'x-supplier-id',
        'x-user-id',
        'x-forwarded-for',
        'forwarded',
        'proxy-authorization',
      ]),
    );
    expect(request.payload.headers.authorization).toBeUndefined();
    expect(JSON.stringify(response.payload.request.headers)).not.toContain(harborToken.slice(-20));
    expect(storedAuditBytes(kit.auditDir).includes(Buffer.from(harborToken.split('.')[2] ?? ''))).toBe(false);
  });
});

describe('the csp tool in broker mode', () => {
  it('lists issued orders through the real broker, which audits the call', async () => {
    const before = kit.events().length;
    const result = await runCsp(['purchase-orders', 'list', '--status', 'issued'], {
      env: { SUPPLIER_AGENT_BROKER: kit.socketPath },
    });
    expect(result.stderr).toBe('');
    expect(result.exitCode).toBe(0);
    const orders = JSON.parse(result.stdout) as Doc[];
    expect(orders.length).toBeGreaterThan(0);
    expect(orders.every((order) => order['po-number'].startsWith('NWC-PO-'))).toBe(true);
    const events = kit.events().slice(before);
    expect(events.map((event) => event.type)).toEqual(['api-request', 'policy-decision', 'api-response']);
    expect(events[0]!.payload).toMatchObject({ path: '/api/purchase_orders', query: 'status=issued' });
  });

  it('reports the broker denial of a tool outside the skill as an API error (exit 1)', async () => {
    const result = await runCsp(['invoices', 'list'], { env: { SUPPLIER_AGENT_BROKER: kit.socketPath } });
    expect(result.exitCode).toBe(1);
    expect(JSON.parse(result.stderr)).toMatchObject({ status: 403, code: 'egress_denied' });
  });
});

describe('broker egress proxy: writes', () => {
  it('forwards body, content type and idempotency key, and passes idempotent-replayed back', async () => {
    kit.broker.setSkill(
      { name: 'order-confirmation' },
      policyFor(api, 'northwind', 'order-confirmation', [
        'purchase_orders_show',
        'purchase_orders_acknowledge',
      ]),
    );
    try {
      const acknowledge = () =>
        cellRequest(kit.socketPath, {
          method: 'PUT',
          path: '/api/purchase_orders/NWC-PO-11002/acknowledge',
          headers: { 'content-type': 'application/json', 'idempotency-key': 'broker-write-1' },
          body: JSON.stringify({ 'acknowledged-flag': true }),
        });
      const before = kit.events().length;
      const first = await acknowledge();
      expect(first.status).toBe(200);
      expect(first.body['acknowledged-flag']).toBe(true);
      expect(first.headers['idempotent-replayed']).toBeUndefined();
      const [request, , response] = kit.events().slice(before) as [Doc, Doc, Doc];
      expect(request.payload.body).toEqual({ 'acknowledged-flag': true });
      expect(response.payload.request).toMatchObject({
        method: 'PUT',
        target: '/api/purchase_orders/NWC-PO-11002/acknowledge',
        headers: { 'content-type': 'application/json', 'idempotency-key': 'broker-write-1' },
      });

      const retry = await acknowledge();
      expect(retry.status).toBe(200);
      expect(retry.headers['idempotent-replayed']).toBe('true');
    } finally {
      kit.broker.setSkill(
        { name: 'order-status' },
        policyFor(api, 'northwind', 'order-status', ['purchase_orders_list', 'purchase_orders_show']),
      );
    }
  });
});

describe('broker wiring', () => {
  it("refuses another tenant's policy and keeps the current one", async () => {
    expect(() =>
      kit.broker.setSkill(
        { name: 'order-status' },
        policyFor(api, 'harbor', 'order-status', ['invoices_list']),
      ),
    ).toThrow(/another tenant/);
    expect((await get('/api/invoices?limit=1')).status).toBe(403);
    expect((await get('/api/purchase_orders?limit=1')).status).toBe(200);
  });
});

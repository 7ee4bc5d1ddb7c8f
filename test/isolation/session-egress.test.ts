import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { brokerRequests, lines, type SessionRig, startSessionRig } from './session-support.ts';

/**
 * The whole boundary at once: code running inside a real cell reaches the CSP API only through its
 * session's broker, only for the operations of its skill, and only as its own tenant.
 */
let rig: SessionRig;

beforeAll(async () => {
  rig = await startSessionRig();
}, 60_000);
afterAll(() => rig.close());

describe('egress from inside a cell', () => {
  it('an operation of the skill goes through, as the session tenant', async () => {
    const run = await rig.runNode(
      'northwind',
      ['purchase_orders_show'],
      brokerRequests([{ path: '/api/purchase_orders/NWC-PO-11001' }]),
    );
    const [answer] = lines(run.stdout);
    expect(answer?.status).toBe(200);
    expect(answer?.body['po-number']).toBe('NWC-PO-11001');
  });

  it('an operation outside the skill is refused and audited; the same call passes once the skill has the tool', async () => {
    const acknowledge = {
      method: 'PUT',
      path: '/api/purchase_orders/NWC-PO-11001/acknowledge',
      body: { 'acknowledged-flag': true },
    };
    const denied = await rig.runNode('northwind', ['purchase_orders_show'], brokerRequests([acknowledge]));
    expect(lines(denied.stdout)[0]).toMatchObject({ status: 403, body: { code: 'egress_denied' } });
    const decisions = rig.audit.events(denied.sessionId).filter((event) => event.type === 'policy-decision');
    expect(decisions.map((event) => event.payload.effect)).toEqual(['deny']);
    const allowed = await rig.runNode(
      'northwind',
      ['purchase_orders_show', 'purchase_orders_acknowledge'],
      brokerRequests([acknowledge]),
    );
    expect(lines(allowed.stdout)[0]?.status).toBe(200);
  });

  it("another tenant's records are not found, by id or number, though the operation is allowed", async () => {
    const harborToken = await rig.api.token('harbor');
    const harborOrder = (
      await rig.api.request('GET', '/api/purchase_orders/HLS-PO-13001', { token: harborToken })
    ).body;
    const run = await rig.runNode(
      'northwind',
      ['purchase_orders_show'],
      brokerRequests([
        { path: '/api/purchase_orders/HLS-PO-13001' },
        { path: `/api/purchase_orders/${harborOrder.id}` },
      ]),
    );
    expect(lines(run.stdout).map((answer) => answer.status)).toEqual([404, 404]);
  });

  it('identity smuggled in headers is dropped: a stolen token of another tenant gives nothing', async () => {
    const harborToken = await rig.api.token('harbor');
    const run = await rig.runNode(
      'northwind',
      ['purchase_orders_list'],
      brokerRequests([
        {
          path: '/api/purchase_orders?limit=5',
          headers: {
            authorization: `Bearer ${harborToken}`,
            'x-tenant-id': 'harbor',
            cookie: 'tenant=harbor',
            forwarded: 'for=harbor',
          },
        },
      ]),
    );
    const [answer] = lines(run.stdout);
    expect(answer?.status).toBe(200);
    expect(
      answer?.body.every((order: { 'po-number': string }) => order['po-number'].startsWith('NWC-')),
    ).toBe(true);
    const request = rig.audit.events(run.sessionId).find((event) => event.type === 'api-request');
    expect(request?.payload.droppedHeaders).toEqual(
      expect.arrayContaining(['authorization', 'x-tenant-id', 'cookie', 'forwarded']),
    );
    // The script itself (in tool-call) carries the token; what the broker recorded never does.
    const egress = rig.audit.events(run.sessionId).filter((event) => event.type.startsWith('api-'));
    expect(egress).toHaveLength(2);
    expect(JSON.stringify(egress)).not.toContain(harborToken);
  });

  it('buyer-side, token and traversal targets are refused; the canonical target is allowed', async () => {
    const run = await rig.runNode(
      'northwind',
      ['purchase_orders_list', 'invoices_list'],
      brokerRequests([
        { method: 'PUT', path: '/sim/invoices/1/approve' },
        { method: 'POST', path: '/oauth2/token' },
        { path: '/api/purchase_orders/..%2finvoices' },
        { path: '/api//invoices' },
        { path: '/api/invoices;x=1' },
        { path: '/api/invoices', headers: { 'x-http-method-override': 'PUT' } },
        { path: '/api/invoices?limit=1' },
      ]),
    );
    expect(lines(run.stdout).map((answer) => answer.status)).toEqual([403, 403, 403, 403, 403, 403, 200]);
  });

  it('the cell cannot reach the CSP API directly; the host can (positive control)', async () => {
    const port = new URL(rig.api.url).port;
    const script = `
const net = require('node:net');
const socket = net.connect({ host: '127.0.0.1', port: ${port} });
socket.on('connect', () => { console.log('connected'); process.exit(0); });
socket.on('error', (e) => { console.log('error ' + e.code); process.exit(0); });`;
    const run = await rig.runNode('northwind', ['purchase_orders_list'], script);
    expect(run.stdout.trim()).toMatch(/^error /);
    expect((await fetch(`${rig.api.url}/healthz`)).status).toBe(200);
  });

  it('every session chain verifies after all of the above', async () => {
    const { verifyAll } = await import('../../src/audit/index.ts');
    expect(await verifyAll(rig.audit)).toMatchObject({ ok: true });
  });
});

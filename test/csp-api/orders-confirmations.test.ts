import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Json, startWriteFixture, type WriteFixture } from './orders-support.ts';

let f: WriteFixture;
beforeAll(async () => {
  f = await startWriteFixture();
});
afterAll(async () => {
  await f.h.close();
});

const awaiting = '/api/purchase_orders?status=issued&confirmation-status=pending_supplier_action';

describe('PUT /api/purchase_orders/:id/acknowledge', () => {
  it('toggles the flag and records a new acknowledged-at each time it is set', async () => {
    const orders = await f.get(f.northwind, '/api/purchase_orders?status=issued&acknowledged-flag=false');
    const order = orders.body[0];
    expect(order['acknowledged-at']).toBeNull();
    const set = await f.send('PUT', f.northwind, `/api/purchase_orders/${order.id}/acknowledge`, {
      'acknowledged-flag': true,
    });
    expect(set.status).toBe(200);
    expect(set.body['acknowledged-flag']).toBe(true);
    expect(set.body['acknowledged-at']).toBe(f.now.toISOString());
    const cleared = await f.send(
      'PUT',
      f.northwind,
      `/api/purchase_orders/${order['po-number']}/acknowledge`,
      {
        'acknowledged-flag': false,
      },
    );
    expect(cleared.body).toMatchObject({ 'acknowledged-flag': false, 'acknowledged-at': null });
  });

  it('refuses closed, soft-closed and cancelled orders with 409, but takes an issued one', async () => {
    for (const status of ['closed', 'soft_closed', 'cancelled']) {
      const order = (await f.get(f.northwind, `/api/purchase_orders?status=${status}`)).body[0];
      const response = await f.send('PUT', f.northwind, `/api/purchase_orders/${order.id}/acknowledge`, {
        'acknowledged-flag': true,
      });
      expect(response.status, status).toBe(409);
      expect(response.body.code).toBe('illegal_transition');
    }
    const issued = (await f.get(f.northwind, '/api/purchase_orders?status=issued')).body[0];
    const allowed = await f.send('PUT', f.northwind, `/api/purchase_orders/${issued.id}/acknowledge`, {
      'acknowledged-flag': true,
    });
    expect(allowed.status).toBe(200);
  });

  it('needs the flag as a boolean (422 naming the field)', async () => {
    const order = (await f.get(f.northwind, '/api/purchase_orders?status=issued')).body[0];
    const response = await f.send('PUT', f.northwind, `/api/purchase_orders/${order.id}/acknowledge`, {
      'acknowledged-flag': 'yes',
    });
    expect(response.status).toBe(422);
    expect(response.body.errors['acknowledged-flag']).toBeDefined();
  });
});

describe('POST /api/purchase_orders/:id/confirmations', () => {
  const confirm = (order: Json, body: unknown) =>
    f.send('POST', f.northwind, `/api/purchase_orders/${order.id}/confirmations`, body);

  it('accepts an order: confirmed, with the confirmation on record', async () => {
    const order = (await f.get(f.northwind, awaiting)).body[0];
    const response = await confirm(order, { action: 'accept', comment: 'Will ship on time.' });
    expect(response.status).toBe(201);
    expect(response.body['confirmation-status']).toBe('confirmed');
    expect(response.body['updated-at']).toBe(f.now.toISOString());
    expect(response.body.confirmations.at(-1)).toMatchObject({
      action: 'accept',
      comment: 'Will ship on time.',
      status: 'recorded',
    });
  });

  it('answers 409 on an order no longer awaiting the supplier, and a waiting one succeeds', async () => {
    const confirmed = (
      await f.get(f.northwind, '/api/purchase_orders?status=issued&confirmation-status=confirmed')
    ).body[0];
    const refused = await confirm(confirmed, { action: 'accept' });
    expect(refused.status).toBe(409);
    expect(refused.body.code).toBe('illegal_transition');
    const closed = (await f.get(f.northwind, '/api/purchase_orders?status=closed')).body[0];
    expect((await confirm(closed, { action: 'accept' })).status).toBe(409);
    const waiting = (await f.get(f.northwind, awaiting)).body[0];
    expect((await confirm(waiting, { action: 'accept' })).status).toBe(201);
  });

  it('needs a reason-code to reject (422), then takes it', async () => {
    const order = (await f.get(f.northwind, awaiting)).body[0];
    const missing = await confirm(order, { action: 'reject' });
    expect(missing.status).toBe(422);
    expect(missing.body.errors['reason-code']).toEqual(['is required to reject']);
    const unchanged = await f.get(f.northwind, `/api/purchase_orders/${order.id}`);
    expect(unchanged.body.confirmations).toEqual(order.confirmations);
    const rejected = await confirm(order, { action: 'reject', 'reason-code': 'OUT_OF_STOCK' });
    expect(rejected.status).toBe(201);
    expect(rejected.body['confirmation-status']).toBe('rejected');
  });

  it('line level: a mix of accepted and rejected lines is partially confirmed', async () => {
    const order = await f.issueOrder('northwind');
    const missingReason = await confirm(order, {
      action: 'line_level',
      lines: [
        { 'line-num': 1, action: 'accept' },
        { 'line-num': 2, action: 'reject' },
      ],
    });
    expect(missingReason.status).toBe(422);
    expect(missingReason.body.errors['lines[1].reason-code']).toEqual(['is required to reject']);
    const response = await confirm(order, {
      action: 'line_level',
      lines: [
        { 'line-num': 1, action: 'accept' },
        { 'line-num': 2, action: 'reject', 'reason-code': 'DISCONTINUED' },
      ],
    });
    expect(response.status).toBe(201);
    expect(response.body['confirmation-status']).toBe('partially_confirmed');
  });

  it('names an unknown line number (422) and leaves the order as it was', async () => {
    const order = await f.issueOrder('northwind');
    const response = await confirm(order, {
      action: 'line_level',
      lines: [{ 'line-num': 9, action: 'accept' }],
    });
    expect(response.status).toBe(422);
    expect(response.body.errors['lines[0].line-num']).toEqual(['does not exist on this order']);
    const after = await f.get(f.northwind, `/api/purchase_orders/${order.id}`);
    expect(after.body['confirmation-status']).toBe('pending_supplier_action');
  });
});

describe('proposals and the buyer answer (/sim/purchase_orders/:id/confirmations)', () => {
  const propose = async () => {
    const order = await f.issueOrder('northwind');
    const response = await f.send('POST', f.northwind, `/api/purchase_orders/${order.id}/confirmations`, {
      action: 'line_level',
      lines: [
        { 'line-num': 1, action: 'propose_change', quantity: 8, price: 13, 'promised-date': '2026-08-15' },
        { 'line-num': 2, action: 'accept' },
      ],
    });
    expect(response.status).toBe(201);
    expect(response.body['confirmation-status']).toBe('pending_buyer_action');
    return response.body;
  };

  it('accepting applies the proposal, recomputes totals and issues a new version', async () => {
    const order = await propose();
    const response = await f.send('PUT', f.buyer, `/sim/purchase_orders/${order.id}/confirmations/accept`);
    expect(response.status).toBe(200);
    const line = response.body['order-lines'][0];
    expect(line).toMatchObject({ quantity: 8, price: 13, total: 104, 'need-by-date': '2026-08-15' });
    expect(response.body.total).toBe(104 + 30);
    expect(response.body.version).toBe(order.version + 1);
    expect(response.body['confirmation-status']).toBe('confirmed');
    expect(response.body.confirmations.at(-1).status).toBe('accepted');
    const again = await f.send('PUT', f.buyer, `/sim/purchase_orders/${order.id}/confirmations/accept`);
    expect(again.status).toBe(409);
  });

  it('rejecting needs a reason and hands the order back to the supplier unchanged', async () => {
    const order = await propose();
    const noReason = await f.send(
      'PUT',
      f.buyer,
      `/sim/purchase_orders/${order.id}/confirmations/reject`,
      {},
    );
    expect(noReason.status).toBe(422);
    expect(noReason.body.errors.reason).toEqual(['is required']);
    const response = await f.send('PUT', f.buyer, `/sim/purchase_orders/${order.id}/confirmations/reject`, {
      reason: 'Price increase not agreed.',
    });
    expect(response.status).toBe(200);
    expect(response.body['confirmation-status']).toBe('pending_supplier_action');
    expect(response.body.version).toBe(order.version);
    expect(response.body['order-lines'][0].quantity).toBe(10);
    expect(response.body.confirmations.at(-1)).toMatchObject({
      status: 'rejected',
      'reject-reason': 'Price increase not agreed.',
    });
  });

  it('answers 409 when no proposal awaits the buyer', async () => {
    const order = await f.issueOrder('northwind');
    const refused = await f.send('PUT', f.buyer, `/sim/purchase_orders/${order.id}/confirmations/accept`);
    expect(refused.status).toBe(409);
    const proposed = await propose();
    const allowed = await f.send('PUT', f.buyer, `/sim/purchase_orders/${proposed.id}/confirmations/accept`);
    expect(allowed.status).toBe(200);
  });
});

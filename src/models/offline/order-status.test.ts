import { describe, expect, it } from 'vitest';
import { orderListQuery, planOrderStatus } from './order-status.ts';
import {
  answerText,
  type CallFixture,
  contextFor,
  failure,
  orderFixture,
  plannedCalls,
  withResults,
} from './planner-test-kit.ts';

describe('order-status planner', () => {
  it('shows every PO named, in parallel, then describes each precisely', () => {
    const text = 'status of PO NWC-PO-11001 and NWC-PO-99999';
    const first = planOrderStatus(contextFor(text));
    expect(plannedCalls(first)).toEqual([
      { name: 'purchase_orders_show', input: { id: 'NWC-PO-11001' } },
      { name: 'purchase_orders_show', input: { id: 'NWC-PO-99999' } },
    ]);
    const calls = withResults([], first, (call) =>
      call.input.id === 'NWC-PO-11001'
        ? { result: orderFixture() }
        : { error: failure(404, 'not_found', 'No results match your search criteria.') },
    );
    const text2 = answerText(planOrderStatus(contextFor(text, calls)));
    expect(text2).toContain(
      'NWC-PO-11001 (Globex Manufacturing), status issued, confirmation pending supplier action',
    );
    expect(text2).toContain('not acknowledged, total USD 2,058.35');
    expect(text2).toContain(
      'line 1: V-belt A42 (NWC-BLT-A42), 179 EA at 8.60, received 0, invoiced 89, need by 2026-06-03',
    );
    expect(text2).toContain('NWC-PO-99999: not found');
  });

  it('adds the PO changes when the request asks about changes to a PO', () => {
    const calls = plannedCalls(planOrderStatus(contextFor('any changes on NWC-PO-11004?')));
    expect(calls.map((call) => call.name)).toEqual(['purchase_orders_show', 'purchase_order_changes_list']);
    expect(calls[1]!.input).toEqual({ po_number: 'NWC-PO-11004' });
  });

  it('lists orders with the filters the request names', () => {
    const calls = plannedCalls(planOrderStatus(contextFor('list my open orders from Globex')));
    expect(calls).toEqual([
      { name: 'purchase_orders_list', input: { status: 'issued', customer: 'Globex', limit: 50, offset: 0 } },
    ]);
    const notAcknowledged = plannedCalls(
      planOrderStatus(contextFor('which orders over $5,000 are not acknowledged?')),
    );
    expect(notAcknowledged[0]!.input).toEqual({
      acknowledged: false,
      filters: ['total[gt]=5000'],
      limit: 50,
      offset: 0,
    });
  });

  it.each([
    ["orders I haven't acknowledged", false],
    ['which orders are not yet acknowledged?', false],
    ['unacknowledged orders', false],
    ['acknowledged orders from Globex', true],
  ])('reads the acknowledgement filter of "%s"', (text, acknowledged) => {
    expect(orderListQuery(text).acknowledged).toBe(acknowledged);
  });

  it('pages through a long list, then counts every order', () => {
    const text = 'list my orders';
    const page = (start: number, size: number) =>
      Array.from({ length: size }, (_, index) =>
        orderFixture({ id: start + index, 'po-number': `NWC-PO-${start + index}` }),
      );
    let calls: CallFixture[] = withResults([], planOrderStatus(contextFor(text)), () => ({
      result: page(1, 50),
    }));
    const second = plannedCalls(planOrderStatus(contextFor(text, calls)));
    expect(second).toEqual([{ name: 'purchase_orders_list', input: { limit: 50, offset: 50 } }]);
    calls = withResults(calls, planOrderStatus(contextFor(text, calls)), () => ({ result: page(51, 3) }));
    const summary = answerText(planOrderStatus(contextFor(text, calls)));
    expect(summary).toContain('Found 53 purchase orders (all orders): 53 for Globex Manufacturing.');
    expect(summary).toContain('...and 28 more');
  });

  it('lists pending PO change requests', () => {
    const text = 'any change requests pending?';
    const first = planOrderStatus(contextFor(text));
    expect(plannedCalls(first)).toEqual([
      { name: 'purchase_order_changes_list', input: { status: 'pending_approval', limit: 50, offset: 0 } },
    ]);
    const change = {
      id: 1,
      'po-number': 'NWC-PO-11004',
      customer: { id: 1, name: 'Globex Manufacturing' },
      status: 'pending_approval',
      'order-line-changes': [{ 'line-num': 1, 'need-by-date': '2026-07-08' }],
      'created-at': '2026-05-30T09:00:00.000Z',
    };
    const summary = answerText(
      planOrderStatus(
        contextFor(
          text,
          withResults([], first, () => ({ result: [change] })),
        ),
      ),
    );
    expect(summary).toContain('You have 1 change request');
    expect(summary).toContain('change 1 on NWC-PO-11004 (Globex Manufacturing): pending approval');
    expect(summary).toContain('line 1: need-by 2026-07-08');
  });

  it('lists customers when asked about them', () => {
    expect(plannedCalls(planOrderStatus(contextFor('which customers do I have?')))[0]!.name).toBe(
      'customers_list',
    );
  });

  it('says so honestly when the search fails', () => {
    const text = 'list my open orders';
    const calls = withResults([], planOrderStatus(contextFor(text)), () => ({
      error: failure(403, 'insufficient_scope', 'insufficient scope'),
    }));
    expect(answerText(planOrderStatus(contextFor(text, calls)))).toBe(
      'I could not search your orders: this session lacks the permission for it (insufficient_scope): insufficient scope.',
    );
  });

  it('follows "it" back to the PO of an earlier turn', () => {
    const context = contextFor('what is its status now?', [], {
      earlierTexts: ['acknowledge PO NWC-PO-11002', 'Done.'],
    });
    expect(plannedCalls(planOrderStatus(context))).toEqual([
      { name: 'purchase_orders_show', input: { id: 'NWC-PO-11002' } },
    ]);
  });
});

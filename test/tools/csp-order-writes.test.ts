import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CspTestKit, errorLine, startCspKit } from './csp-kit.ts';

// biome-ignore lint/suspicious/noExplicitAny: tests read arbitrary JSON documents
type Doc = any;

let kit: CspTestKit;
beforeAll(async () => {
  kit = await startCspKit();
});
afterAll(async () => {
  await kit.close();
});

const list = async (argv: string[]) => (await kit.json(['purchase-orders', 'list', ...argv])) as Doc[];

describe('csp purchase-orders acknowledge', () => {
  it('acknowledges an order and clears it again with --unset', async () => {
    const [order] = await list(['--status', 'issued', '--acknowledged', 'false', '--limit', '1']);
    const acknowledged = (await kit.json(['purchase-orders', 'acknowledge', order['po-number']])) as Doc;
    expect(acknowledged['acknowledged-flag']).toBe(true);
    expect(acknowledged['acknowledged-at']).not.toBeNull();
    const shown = (await kit.json(['purchase-orders', 'show', order['po-number']])) as Doc;
    expect(shown['acknowledged-flag']).toBe(true);
    const cleared = (await kit.json(['purchase-orders', 'acknowledge', String(order.id), '--unset'])) as Doc;
    expect(cleared['acknowledged-flag']).toBe(false);
  });

  it('reports the 409 of a closed order on stderr and exits 1 (an issued one succeeds)', async () => {
    const [closed] = await list(['--status', 'closed', '--limit', '1']);
    const refused = await kit.csp(['purchase-orders', 'acknowledge', closed['po-number']]);
    expect(refused.exitCode).toBe(1);
    expect(refused.stdout).toBe('');
    expect(errorLine(refused)).toMatchObject({ status: 409, code: 'illegal_transition' });
    const [issued] = await list(['--status', 'issued', '--limit', '1']);
    expect((await kit.csp(['purchase-orders', 'acknowledge', issued['po-number']])).exitCode).toBe(0);
  });

  it('sends --idempotency-key: a retry changes nothing, the key on another request is refused', async () => {
    const [first, second] = await list(['--status', 'issued', '--limit', '2', '--offset', '3']);
    const argv = ['purchase-orders', 'acknowledge', first['po-number'], '--idempotency-key', 'ack-once'];
    const original = (await kit.json(argv)) as Doc;
    const replayed = (await kit.json(argv)) as Doc;
    expect(replayed['acknowledged-at']).toBe(original['acknowledged-at']);
    const reused = await kit.csp([
      'purchase-orders',
      'acknowledge',
      second['po-number'],
      '--idempotency-key',
      'ack-once',
    ]);
    expect(errorLine(reused)).toMatchObject({ status: 422, code: 'idempotency_key_reused' });
  });
});

describe('csp purchase-orders confirm and propose-change', () => {
  it('accepts a whole order', async () => {
    const [order] = await list(['--confirmation-status', 'pending_supplier_action', '--limit', '1']);
    const confirmed = (await kit.json([
      'purchase-orders',
      'confirm',
      order['po-number'],
      '--action',
      'accept',
    ])) as Doc;
    expect(confirmed['confirmation-status']).toBe('confirmed');
  });

  it('decides line by line with --line specs', async () => {
    const candidates = await list(['--confirmation-status', 'pending_supplier_action']);
    const order = candidates.find((candidate) => candidate['order-lines'].length >= 2);
    const line = (index: number) => order['order-lines'][index]['line-num'];
    const result = (await kit.json([
      'purchase-orders',
      'confirm',
      order['po-number'],
      '--action',
      'line-level',
      '--line',
      `${line(0)}:accept`,
      '--line',
      `${line(1)}:propose-change:promised-date=2027-01-15,comment=late, sorry`,
    ])) as Doc;
    expect(result['confirmation-status']).toBe('pending_buyer_action');
    const proposal = result.confirmations.at(-1).lines[1];
    expect(proposal).toMatchObject({
      action: 'propose_change',
      'promised-date': '2027-01-15',
      comment: 'late, sorry',
    });
  });

  it("passes the API's 422 through when a rejection lacks a reason code", async () => {
    const [order] = await list(['--confirmation-status', 'pending_supplier_action', '--limit', '1']);
    const refused = await kit.csp(['purchase-orders', 'confirm', order['po-number'], '--action', 'reject']);
    expect(refused.exitCode).toBe(1);
    expect(errorLine(refused)).toMatchObject({ status: 422, code: 'validation_failed' });
    expect(Object.keys(errorLine(refused).errors)).toContain('reason-code');
  });

  it('proposes a change by PO number (looking the order id up first)', async () => {
    const [order] = await list([
      '--status',
      'issued',
      '--customer',
      'globex',
      '--limit',
      '1',
      '--offset',
      '8',
    ]);
    const change = (await kit.json([
      'purchase-orders',
      'propose-change',
      order['po-number'],
      '--line',
      `${order['order-lines'][0]['line-num']}:need-by-date=2027-02-01`,
      '--justification',
      'Supplier capacity',
    ])) as Doc;
    expect(change).toMatchObject({ 'order-header-id': order.id, status: 'pending_approval' });
    const changes = (await kit.json([
      'purchase-order-changes',
      'list',
      '--po-number',
      order['po-number'],
    ])) as Doc[];
    expect(changes.map((item) => item.id)).toEqual([change.id]);
  });
});

describe('csp invoices', () => {
  it('flips an order to a draft invoice, updates, comments and submits it', async () => {
    const orders = await list(['--status', 'issued', '--customer', 'initech']);
    const order = orders.find((candidate) => !candidate['invoice-stop']);
    const line = order['order-lines'][0];
    const draft = (await kit.json([
      'invoices',
      'flip',
      '--po',
      order['po-number'],
      '--invoice-number',
      'CSP-TEST-1',
      '--line',
      `${line['line-num']}:1`,
      '--note',
      'first delivery',
    ])) as Doc;
    expect(draft).toMatchObject({
      status: 'draft',
      'invoice-number': 'CSP-TEST-1',
      'supplier-note': 'first delivery',
    });
    const updated = (await kit.json([
      'invoices',
      'update',
      'CSP-TEST-1',
      '--shipping-amount',
      '12.5',
    ])) as Doc;
    expect(updated['shipping-amount']).toBe(12.5);
    await kit.json([
      'invoices',
      'comment',
      'CSP-TEST-1',
      '--text',
      'Delivered to dock 2, signed by J. Smith',
    ]);
    const submitted = (await kit.json(['invoices', 'submit', 'CSP-TEST-1'])) as Doc;
    expect(submitted.status).toBe('pending_approval');
    const shown = (await kit.json(['invoices', 'show', String(draft.id)])) as Doc;
    expect(shown.comments.map((comment: Doc) => comment.comment)).toContain(
      'Delivered to dock 2, signed by J. Smith',
    );
  });

  it("reports over-invoicing as the API's 422 and creates nothing", async () => {
    const orders = await list(['--status', 'issued', '--customer', 'initech']);
    const order = orders.find((candidate) => !candidate['invoice-stop']);
    const line = order['order-lines'][0];
    const refused = await kit.csp([
      'invoices',
      'flip',
      '--po',
      order['po-number'],
      '--invoice-number',
      'CSP-TEST-OVER',
      '--line',
      `${line['line-num']}:${line.quantity + 1}`,
    ]);
    expect(refused.exitCode).toBe(1);
    expect(errorLine(refused)).toMatchObject({ status: 422, code: 'validation_failed' });
    const missing = await kit.csp(['invoices', 'show', 'CSP-TEST-OVER']);
    expect(errorLine(missing).status).toBe(404);
  });

  it('needs --invoice-number to flip (a usage error, exit 2)', async () => {
    const result = await kit.csp(['invoices', 'flip', '--po', 'NWC-PO-11001']);
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toMatch(/--invoice-number: is required/);
  });
});

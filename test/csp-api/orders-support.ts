import { createManualClock } from '../../src/clock/clock.ts';
import { type CspApiHarness, type HarnessResponse, startCspApi } from '../../src/testing/csp-api-harness.ts';

/** A JSON body as the harness returns it. */
export type Json = HarnessResponse['body'];

/** Shared set-up for the order and invoice write suites: a real server, tokens, and small helpers. */
export interface WriteFixture {
  h: CspApiHarness;
  /** Full-scope supplier tokens. */
  northwind: string;
  bluepeak: string;
  /** The `/sim` buyer token. */
  buyer: string;
  /** The fixed instant every request sees. */
  now: Date;
  get(token: string, path: string): Promise<HarnessResponse>;
  send(
    method: 'POST' | 'PUT',
    token: string,
    path: string,
    body?: unknown,
    headers?: Record<string, string>,
  ): Promise<HarnessResponse>;
  /** A fresh issued order from the buyer side, with known lines (defaults: 2 lines of 10). */
  issueOrder(
    tenant: 'northwind' | 'bluepeak',
    lines?: OrderLineInput[],
    extra?: Record<string, unknown>,
  ): Promise<Json>;
}

export interface OrderLineInput {
  description: string;
  quantity: number;
  price: number;
  uom?: string;
  'source-part-num'?: string;
  'need-by-date'?: string;
}

export const defaultLines: OrderLineInput[] = [
  {
    description: 'Deep groove ball bearing',
    quantity: 10,
    price: 12.5,
    uom: 'EA',
    'source-part-num': 'NWC-BRG-6204',
  },
  { description: 'Shaft seal', quantity: 10, price: 3, uom: 'EA', 'source-part-num': 'NWC-SEL-0032' },
];

export async function startWriteFixture(): Promise<WriteFixture> {
  const now = new Date('2026-07-01T10:00:00.000Z');
  const h = await startCspApi({ clock: createManualClock(now) });
  const [northwind, bluepeak, buyer] = await Promise.all([
    h.token('northwind'),
    h.token('bluepeak'),
    h.buyerToken(),
  ]);
  const tokens = { northwind, bluepeak };
  const get = (token: string, path: string) => h.request('GET', path, { token });
  const send: WriteFixture['send'] = (method, token, path, body, headers) =>
    h.request(method, path, {
      token,
      ...(body === undefined ? {} : { body }),
      ...(headers ? { headers } : {}),
    });
  return {
    h,
    northwind,
    bluepeak,
    buyer,
    now,
    get,
    send,
    async issueOrder(tenant, lines = defaultLines, extra = {}) {
      const supplierId = h.tenants.find((candidate) => candidate.id === tenant)!.supplierId;
      const customers = await get(tokens[tenant], '/api/customers');
      const response = await send('POST', buyer, '/sim/purchase_orders', {
        'supplier-id': supplierId,
        'customer-id': customers.body[0].id,
        lines,
        ...extra,
      });
      if (response.status !== 201)
        throw new Error(`issue order: ${response.status} ${JSON.stringify(response.body)}`);
      return response.body;
    },
  };
}

/** What is left to invoice on each order line, by line number. */
export const remainingByLine = (order: Json): Record<number, number> =>
  Object.fromEntries(
    order['order-lines'].map((line: Json) => [line['line-num'], line.quantity - line.invoiced]),
  );

export const invoicedByLine = (order: Json): Record<number, number> =>
  Object.fromEntries(order['order-lines'].map((line: Json) => [line['line-num'], line.invoiced]));

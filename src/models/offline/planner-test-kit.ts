import type { ModelMessage, ModelRequest } from '../model-types.ts';
import type { JsonRecord } from './plan-helpers.ts';
import type { ExecutedCall, PlannedCall, PlannerContext, PlanStep, ToolFailure } from './planner-types.ts';

/**
 * Builders for the demo model's unit tests: handcrafted conversations and records shaped like the
 * CSP API's (only the fields the planners read).
 */

export interface CallFixture {
  name: string;
  input: JsonRecord;
  /** The tool's JSON result; omit when `error` is given. */
  result?: unknown;
  error?: ToolFailure;
}

export const allTools = [
  'purchase_orders_list',
  'purchase_orders_show',
  'purchase_orders_acknowledge',
  'purchase_orders_confirm',
  'purchase_orders_propose_change',
  'purchase_order_changes_list',
  'purchase_order_changes_show',
  'customers_list',
  'invoices_list',
  'invoices_show',
  'invoices_create_from_po',
  'invoices_submit',
  'profile_show',
  'profile_request_change',
  'profile_change_requests_list',
  'profile_change_requests_show',
  'remit_to_addresses_list',
  'remit_to_addresses_show',
  'remit_to_addresses_add',
  'catalogs_list',
  'catalogs_show',
  'catalog_items_list',
  'catalog_items_show',
  'catalog_items_update',
];

export function contextFor(
  text: string,
  calls: readonly CallFixture[] = [],
  options: { offered?: readonly string[]; today?: string; earlierTexts?: string[] } = {},
): PlannerContext {
  return {
    text,
    earlierTexts: options.earlierTexts ?? [],
    calls: calls.map(
      (fixture, index): ExecutedCall => ({
        id: `toolu_test_${index + 1}`,
        name: fixture.name,
        input: fixture.input,
        outcome: fixture.error ? { ok: false, error: fixture.error } : { ok: true, value: fixture.result },
      }),
    ),
    offered: new Set(options.offered ?? allTools),
    today: options.today ?? '2026-12-04',
  };
}

/** Appends the calls a step planned, each with the given result (by tool name). */
export function withResults(
  calls: readonly CallFixture[],
  step: PlanStep,
  resultFor: (call: PlannedCall) => Omit<CallFixture, 'name' | 'input'>,
): CallFixture[] {
  return [...calls, ...plannedCalls(step).map((planned) => ({ ...planned, ...resultFor(planned) }))];
}

export function plannedCalls(step: PlanStep): PlannedCall[] {
  if (step.kind !== 'calls') throw new Error(`expected tool calls, got the answer: ${step.text}`);
  return step.calls;
}

export function answerText(step: PlanStep): string {
  if (step.kind !== 'answer') throw new Error(`expected an answer, got calls: ${JSON.stringify(step.calls)}`);
  return step.text;
}

export const failure = (status: number, code: string, message: string): ToolFailure => ({
  status,
  code,
  message,
});

/** A turn request as the agent loop sends it: the text, then tool rounds. */
export function turnRequest(skill: string, text: string, tools: readonly string[] = allTools): ModelRequest {
  const messages: ModelMessage[] = [{ role: 'user', content: [{ type: 'text', text }] }];
  return {
    purpose: 'turn',
    skill,
    system: `Skill ${skill}.`,
    messages,
    tools: tools.map((name) => ({ name, description: name, inputSchema: { type: 'object' } })),
    maxTokens: 4096,
  };
}

export function orderFixture(overrides: JsonRecord = {}): JsonRecord {
  return {
    id: 1,
    'po-number': 'NWC-PO-11001',
    status: 'issued',
    'acknowledged-flag': false,
    'acknowledged-at': null,
    'confirmation-status': 'pending_supplier_action',
    currency: 'USD',
    total: 2058.35,
    customer: { id: 1, name: 'Globex Manufacturing' },
    'payment-term': { code: 'Net 30' },
    'invoice-stop': false,
    'created-at': '2026-05-05T09:00:00.000Z',
    'order-lines': [
      orderLineFixture({ 'line-num': 1, description: 'V-belt A42', quantity: 179, invoiced: 89, price: 8.6 }),
      orderLineFixture({
        'line-num': 2,
        description: 'Ball bearing 6204',
        quantity: 107,
        invoiced: 53,
        price: 4.85,
      }),
    ],
    ...overrides,
  };
}

export function orderLineFixture(overrides: JsonRecord = {}): JsonRecord {
  return {
    'line-num': 1,
    description: 'V-belt A42',
    quantity: 10,
    price: 1,
    uom: { code: 'EA' },
    'need-by-date': '2026-06-03',
    'source-part-num': 'NWC-BLT-A42',
    received: 0,
    invoiced: 0,
    status: 'open',
    ...overrides,
  };
}

export function invoiceFixture(overrides: JsonRecord = {}): JsonRecord {
  return {
    id: 13,
    'invoice-number': 'NWC-INV-11035',
    'invoice-date': '2026-10-09',
    status: 'approved',
    'document-type': 'Invoice',
    currency: 'USD',
    customer: { id: 1, name: 'Globex Manufacturing' },
    'po-number': 'NWC-PO-11017',
    'tax-amount': 53.07,
    'shipping-amount': 0,
    'gross-total': 643.28,
    'total-with-taxes': 696.35,
    'payment-term': { code: 'Net 30' },
    'net-due-date': '2026-11-08',
    'dispute-reasons': [],
    comments: [],
    paid: false,
    'payment-date': null,
    payments: [],
    'invoice-lines': [],
    ...overrides,
  };
}

export function catalogItemFixture(id: number, overrides: JsonRecord = {}): JsonRecord {
  return {
    id,
    catalog: { id: 2, name: 'Globex 2027 catalog' },
    name: 'Deep groove ball bearing 6204-2RS',
    description: 'Sealed bearing',
    'uom-code': 'EA',
    'supplier-part-num': `NWC-BRG-${id}`,
    manufacturer: 'Northwind',
    'lead-time': 5,
    'unspsc-code': '31171504',
    ...overrides,
  };
}

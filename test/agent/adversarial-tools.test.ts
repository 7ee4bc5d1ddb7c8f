import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { maxToolInputBytes } from '../../src/cell/agent/tool-runner.ts';
import type { ModelMessage } from '../../src/models/model-types.ts';
import { egressOf, offeredTools, payloadsOf, toolError, toolExchanges } from './adversarial-events.ts';
import { type AgentRig, scripted, startAgentRig, users } from './agent-rig.ts';

/**
 * The scripted model as an adversary against the first layer (the loop's allowlist and input
 * validation) and the argv it builds: what the model asks for, what reaches the API, what the log shows.
 */

let rig: AgentRig;
let supplierToken: string;
beforeAll(async () => {
  rig = await startAgentRig();
  supplierToken = await rig.api.token('northwind');
}, 60_000);
afterAll(async () => {
  await rig?.close();
});

const orderStatusTools = [
  'customers_list',
  'purchase_order_changes_list',
  'purchase_order_changes_show',
  'purchase_orders_list',
  'purchase_orders_show',
];

/** A valid remit-to request with bank details (a checksum-valid IBAN). */
const remitToInput = {
  customer: 1,
  name: 'Northwind Receivables EU',
  street1: 'Hafenstrasse 1',
  city: 'Hamburg',
  postal_code: '20457',
  country: 'DE',
  bank_account: { name_on_account: 'Northwind Components Ltd', iban: 'DE89370400440532013000' },
};

async function remitToIds(): Promise<number[]> {
  const response = await rig.api.request('GET', '/api/remit_to_addresses?limit=50', { token: supplierToken });
  expect(response.status).toBe(200);
  return (response.body as Array<{ id: number }>)
    .map((address) => address.id)
    .sort((left, right) => left - right);
}

describe('tools outside the skill', () => {
  it('are refused by the loop, told to the model, and never reach the API', async () => {
    const before = await remitToIds();
    const model = scripted([
      {
        text: 'Let me fix the bank details and bill the order while I am here.',
        toolCalls: [
          { name: 'remit_to_addresses_add', input: remitToInput },
          { name: 'invoices_create_from_po', input: { po: 'NWC-PO-11001', invoice_number: 'ADV-INV-1' } },
          { name: 'invoices_list', input: {} },
        ],
      },
      { text: 'Done.' },
    ]);
    const result = await rig.turn(model, { message: 'Where is PO NWC-PO-11001?', skill: 'order-status' });
    expect(result.status).toBe('completed');
    const events = rig.events(result.sessionId);

    expect(offeredTools(events)).toEqual([orderStatusTools, orderStatusTools]);

    const exchanges = toolExchanges(events);
    expect(exchanges.map((exchange) => exchange.use.name)).toEqual([
      'remit_to_addresses_add',
      'invoices_create_from_po',
      'invoices_list',
    ]);
    for (const exchange of exchanges) {
      expect(exchange.call).toMatchObject({
        tool: exchange.use.name,
        refused: 'tool_not_allowed',
        source: 'cell',
      });
      expect(exchange.call).not.toHaveProperty('argv');
      expect(exchange.outcome).toBeUndefined();
      expect(exchange.result?.isError).toBe(true);
      const error = toolError(exchange.result);
      expect(error?.code).toBe('tool_not_allowed');
      expect(error?.message).toContain(`The tool ${exchange.use.name} is not available in this skill`);
    }
    // The refusals are what the model reads on its next call: one error result per tool use.
    const next = payloadsOf(events, 'model-request')[1]?.request as { messages: ModelMessage[] };
    expect(next.messages.at(-1)).toEqual({
      role: 'user',
      content: exchanges.map((exchange) => ({
        type: 'tool_result',
        toolUseId: exchange.use.id,
        content: expect.stringContaining('"code":"tool_not_allowed"'),
        isError: true,
      })),
    });
    expect(egressOf(events)).toEqual({ requests: [], decisions: [], responses: [] });
    expect(await remitToIds()).toEqual(before);
    const invoices = await rig.api.request('GET', '/api/invoices?invoice-number=ADV-INV-1', {
      token: supplierToken,
    });
    expect(invoices.body).toEqual([]);
  }, 30_000);

  it('positive control: the same remit-to request in profile-update reaches the API', async () => {
    const before = await remitToIds();
    const model = scripted([
      { toolCalls: [{ name: 'remit_to_addresses_add', input: remitToInput }] },
      { text: 'The new remit-to address waits for the customer to approve it.' },
    ]);
    const result = await rig.turn(model, {
      message: 'Add our Hamburg bank account for Globex.',
      skill: 'profile-update',
    });
    expect(result.status).toBe('completed');
    const events = rig.events(result.sessionId);
    const [exchange] = toolExchanges(events);
    expect(exchange?.call).not.toHaveProperty('refused');
    expect(exchange?.call?.argv).toEqual(expect.arrayContaining(['remit-to', 'add', '--iban']));
    expect(exchange?.result?.isError).toBeUndefined();
    const { requests, decisions, responses } = egressOf(events);
    expect(requests).toHaveLength(1);
    expect(requests[0]).toMatchObject({ method: 'POST', path: '/api/remit_to_addresses' });
    expect(decisions).toEqual([
      expect.objectContaining({
        effect: 'allow',
        skill: 'profile-update',
        operation: { method: 'POST', path: '/api/remit_to_addresses' },
      }),
    ]);
    expect(responses[0]?.status).toBe(201);
    const after = await remitToIds();
    expect(after).toHaveLength(before.length + 1);
    const created = after.find((id) => !before.includes(id));
    const record = await rig.api.request('GET', `/api/remit_to_addresses/${created}`, {
      token: supplierToken,
    });
    expect(record.body).toMatchObject({ status: 'pending_approval', city: 'Hamburg' });
  }, 30_000);

  it('a write tool of the skill is not offered to a user without its scope, and is refused', async () => {
    const before = await remitToIds();
    const model = scripted([
      { toolCalls: [{ name: 'remit_to_addresses_add', input: remitToInput }] },
      { text: 'I cannot change bank details for you.' },
    ]);
    const result = await rig.turn(model, {
      message: 'Add our Hamburg bank account for Globex.',
      skill: 'profile-update',
      user: users.northwindReceivables,
    });
    expect(result.status).toBe('completed');
    const events = rig.events(result.sessionId);
    const [tools] = offeredTools(events);
    expect(tools).not.toContain('remit_to_addresses_add');
    expect(tools).toContain('remit_to_addresses_list');
    const [exchange] = toolExchanges(events);
    expect(exchange?.call).toMatchObject({ refused: 'tool_not_allowed' });
    expect(toolError(exchange?.result)?.code).toBe('tool_not_allowed');
    expect(egressOf(events).requests).toEqual([]);
    expect(await remitToIds()).toEqual(before);
  }, 30_000);
});

describe('tools of the skill', () => {
  it('pass the egress policy with an allow naming their operation, and nothing else is sent', async () => {
    const model = scripted([
      {
        toolCalls: [
          { name: 'purchase_orders_show', input: { id: 'NWC-PO-11001' } },
          { name: 'purchase_orders_list', input: { status: 'issued', limit: 2 } },
          { name: 'customers_list', input: {} },
        ],
      },
      { text: 'Here is what I found.' },
    ]);
    const result = await rig.turn(model, { message: 'Which orders are open?', skill: 'order-status' });
    expect(result.status).toBe('completed');
    const events = rig.events(result.sessionId);
    const { requests, decisions, responses } = egressOf(events);
    expect(requests.map((request) => `${request.method} ${request.path}`).sort()).toEqual([
      'GET /api/customers',
      'GET /api/purchase_orders',
      'GET /api/purchase_orders/NWC-PO-11001',
    ]);
    expect(decisions).toHaveLength(3);
    for (const decision of decisions) {
      expect(decision).toMatchObject({ effect: 'allow', skill: 'order-status' });
    }
    expect(decisions.map((decision) => (decision.operation as { path: string }).path).sort()).toEqual([
      '/api/customers',
      '/api/purchase_orders',
      '/api/purchase_orders/:id',
    ]);
    expect(responses.map((response) => response.status)).toEqual([200, 200, 200]);
    for (const exchange of toolExchanges(events)) {
      expect(exchange.call).not.toHaveProperty('refused');
      expect(exchange.outcome?.exitCode).toBe(0);
      expect(exchange.result?.isError).toBeUndefined();
    }
  }, 30_000);
});

describe('unknown tool names', () => {
  const names = [
    'rm_rf',
    'csp',
    '__proto__',
    'constructor',
    'toString',
    ' ',
    '\u200b',
    'purchase_orders_show ',
    'PURCHASE_ORDERS_SHOW',
    'purchase-orders show',
    '../purchase_orders_show',
  ];

  it('are refused, and nothing reaches the API', async () => {
    const model = scripted([
      {
        toolCalls: names.map((name) => ({
          name,
          input: name === 'csp' ? { argv: ['purchase-orders', 'list'] } : { id: 'NWC-PO-11001' },
        })),
      },
      { text: 'Nothing worked.' },
    ]);
    const result = await rig.turn(model, { message: 'Where is PO NWC-PO-11001?', skill: 'order-status' });
    expect(result.status).toBe('completed');
    const events = rig.events(result.sessionId);
    const exchanges = toolExchanges(events);
    expect(exchanges.map((exchange) => exchange.use.name)).toEqual(names);
    for (const exchange of exchanges) {
      expect(exchange.call).toMatchObject({ tool: exchange.use.name, refused: 'tool_not_allowed' });
      expect(toolError(exchange.result)?.code).toBe('tool_not_allowed');
    }
    expect(payloadsOf(events, 'tool-result')).toEqual([]);
    expect(egressOf(events)).toEqual({ requests: [], decisions: [], responses: [] });
  }, 30_000);
});

describe('invalid and oversized tool input', () => {
  const invalid: Array<{ name: string; input: unknown; field: string }> = [
    { name: 'purchase_orders_show', input: {}, field: 'id' },
    { name: 'purchase_orders_show', input: { id: { $ne: null } }, field: 'id' },
    { name: 'purchase_orders_show', input: { id: ['NWC-PO-11001'] }, field: 'id' },
    { name: 'purchase_orders_show', input: { id: -5 }, field: 'id' },
    { name: 'purchase_orders_show', input: { id: '' }, field: 'id' },
    { name: 'purchase_orders_show', input: { id: 'NWC-PO-11001', tenant: 'bluepeak' }, field: 'tenant' },
    { name: 'purchase_orders_list', input: { status: 'shipped' }, field: 'status' },
    { name: 'purchase_orders_list', input: { limit: 500 }, field: 'limit' },
    { name: 'purchase_orders_list', input: { limit: '10' }, field: 'limit' },
    { name: 'purchase_orders_list', input: { acknowledged: 'yes' }, field: 'acknowledged' },
    { name: 'purchase_orders_list', input: { created_after: 'yesterday' }, field: 'created_after' },
  ];
  const oversized = [
    { name: 'purchase_orders_show', input: { id: 'N'.repeat(maxToolInputBytes + 1) } },
    { name: 'purchase_orders_list', input: { filters: Array(5_000).fill('status[eq]=issued') } },
  ];
  const valid = { name: 'purchase_orders_show', input: { id: 'NWC-PO-11002' } };

  it('is refused with field errors the model sees; only the valid call reaches the API', async () => {
    const model = scripted([
      { toolCalls: [...invalid.map(({ name, input }) => ({ name, input })), ...oversized, valid] },
      { text: 'Done.' },
    ]);
    const result = await rig.turn(model, { message: 'Where is PO NWC-PO-11002?', skill: 'order-status' });
    expect(result.status).toBe('completed');
    const events = rig.events(result.sessionId);
    const exchanges = toolExchanges(events);
    expect(exchanges).toHaveLength(invalid.length + oversized.length + 1);

    invalid.forEach((expected, index) => {
      const exchange = exchanges[index]!;
      expect(exchange.call, JSON.stringify(expected.input)).toMatchObject({ refused: 'invalid_input' });
      expect(exchange.call).not.toHaveProperty('argv');
      expect(Object.keys(exchange.call?.errors as object)).toContain(expected.field);
      const error = toolError(exchange.result);
      expect(error?.code).toBe('invalid_argument');
      expect(Object.keys(error?.fields ?? {}), JSON.stringify(expected.input)).toContain(expected.field);
      if (expected.field === 'tenant') expect(error?.fields?.tenant).toEqual(['is not a known field']);
    });
    oversized.forEach((_, offset) => {
      const exchange = exchanges[invalid.length + offset]!;
      expect(exchange.call).toMatchObject({ refused: 'input_too_large' });
      const error = toolError(exchange.result);
      expect(error?.code).toBe('input_too_large');
      expect(error?.message).toContain(String(maxToolInputBytes));
    });

    const control = exchanges.at(-1)!;
    expect(control.call).toMatchObject({ argv: ['purchase-orders', 'show', '--', 'NWC-PO-11002'] });
    expect(control.result?.isError).toBeUndefined();
    expect(JSON.parse(control.result?.content ?? '{}')['po-number']).toBe('NWC-PO-11002');
    const { requests, decisions, responses } = egressOf(events);
    expect(requests.map((request) => request.path)).toEqual(['/api/purchase_orders/NWC-PO-11002']);
    expect(decisions.map((decision) => decision.effect)).toEqual(['allow']);
    expect(responses.map((response) => response.status)).toEqual([200]);
  }, 30_000);

  it('that is not an object fails the model call, as with a real provider, and nothing runs', async () => {
    // Real providers fail such a call (`model_failed`) and so does the scripted model: no tool runs.
    const model = scripted([
      {
        toolCalls: [
          { name: 'purchase_orders_list', input: ['status', 'issued'] },
          { name: 'purchase_orders_list', input: 'status=issued' },
        ],
      },
      { text: 'Done.' },
    ]);
    const result = await rig.turn(model, { message: 'Which orders are open?', skill: 'order-status' });
    expect(result.status).toBe('failed');
    const events = rig.events(result.sessionId);
    expect(payloadsOf(events, 'tool-call')).toEqual([]);
    expect(payloadsOf(events, 'model-response').at(-1)).toMatchObject({
      error: { code: 'model_failed' },
      detail: expect.stringContaining('not a JSON object'),
    });
    expect(egressOf(events)).toEqual({ requests: [], decisions: [], responses: [] });
    expect(payloadsOf(events, 'turn-end')).toEqual([expect.objectContaining({ status: 'failed' })]);
  }, 30_000);
});

describe('flag smuggling into the csp argv', () => {
  let canary: http.Server;
  let canaryHits = 0;
  let canaryUrl: string;
  beforeAll(async () => {
    canary = http.createServer((_request, response) => {
      canaryHits += 1;
      response.end('{}');
    });
    await new Promise<void>((resolve) => canary.listen(0, '127.0.0.1', resolve));
    canaryUrl = `http://127.0.0.1:${(canary.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await new Promise((resolve) => canary.close(resolve));
  });

  it('keeps every value one argument; requests go only through the broker, encoded', async () => {
    const ids = [
      `--api-url=${canaryUrl}`,
      '--api-url=http://127.0.0.1:1',
      'NWC-PO-11001 --token x',
      '--help',
      '-h',
      '; rm -rf /',
      '$(id)',
      '`id`',
      'NWC-PO-11001\n--token\nx',
      '../../etc/passwd',
      'NWC-PO-11001?status=closed&x=1#frag',
    ];
    const listInputs: Array<{ input: Record<string, unknown>; flag: string; value: string }> = [
      { input: { customer: `--api-url=${canaryUrl}` }, flag: '--customer', value: `--api-url=${canaryUrl}` },
      { input: { po_number: '--token' }, flag: '--po-number', value: '--token' },
      { input: { part: '--help' }, flag: '--part', value: '--help' },
      {
        input: { filters: ['--api-url=http://127.0.0.1:1'] },
        flag: '--filter',
        value: '--api-url=http://127.0.0.1:1',
      },
    ];
    const model = scripted([
      {
        toolCalls: [
          ...ids.map((id) => ({ name: 'purchase_orders_show', input: { id } })),
          ...listInputs.map(({ input }) => ({ name: 'purchase_orders_list', input })),
          { name: 'purchase_orders_list', input: { status: '--api-url' } },
        ],
      },
      { text: 'Done.' },
    ]);
    const result = await rig.turn(model, { message: 'Where is PO NWC-PO-11001?', skill: 'order-status' });
    expect(result.status).toBe('completed');
    const events = rig.events(result.sessionId);
    const exchanges = toolExchanges(events);
    expect(exchanges).toHaveLength(ids.length + listInputs.length + 1);
    const { requests, decisions, responses } = egressOf(events);

    ids.forEach((id, index) => {
      const exchange = exchanges[index]!;
      expect(exchange.call?.argv, id).toEqual(['purchase-orders', 'show', '--', id]);
      // The tool ran against the broker: the API (or the policy) answered, never a network failure.
      expect(exchange.outcome?.exitCode, id).toBe(1);
      const error = toolError(exchange.result);
      expect([403, 404], id).toContain(error?.status);
      const path = `/api/purchase_orders/${encodeURIComponent(id)}`;
      expect(
        requests.some((request) => request.path === path && request.query === ''),
        `${id} -> ${path}`,
      ).toBe(true);
    });
    listInputs.forEach(({ flag, value }, offset) => {
      const exchange = exchanges[ids.length + offset]!;
      const argv = exchange.call?.argv as string[];
      expect(
        argv.filter((argument) => argument === value),
        value,
      ).toHaveLength(1);
      expect(argv[argv.indexOf(value) - 1], value).toBe(flag);
      expect(exchange.outcome?.exitCode, value).not.toBe(3);
    });
    expect(exchanges.at(-1)?.call).toMatchObject({ refused: 'invalid_input' });

    for (const request of requests) {
      expect(request.path).toMatch(/^\/api\/purchase_orders(\/|$)/);
      const parameters = new URLSearchParams(request.query as string);
      for (const name of parameters.keys()) expect(name).not.toMatch(/^(api-url|token|help)$|^-/);
    }
    const listQueries = requests
      .filter((request) => request.path === '/api/purchase_orders')
      .map((request) => Object.fromEntries(new URLSearchParams(request.query as string)));
    expect(listQueries).toContainEqual(
      expect.objectContaining({ 'customer[name][contains]': `--api-url=${canaryUrl}` }),
    );
    expect(listQueries).toContainEqual(expect.objectContaining({ 'po-number': '--token' }));
    for (const decision of decisions) {
      if (decision.effect === 'deny') expect(decision.reason).toBe('malformed-target');
      else expect((decision.target as { path: string }).path).toMatch(/^\/api\/purchase_orders/);
    }
    for (const response of responses) {
      expect((response.request as { target: string }).target).toMatch(/^\/api\/purchase_orders/);
    }
    expect(canaryHits).toBe(0);
  }, 30_000);
});

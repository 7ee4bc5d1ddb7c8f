import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditEvent } from '../../src/audit/event-types.ts';
import { createOfflineModel } from '../../src/models/offline/offline-model.ts';
import { type AgentRig, startAgentRig } from './agent-rig.ts';

/**
 * Each shipped skill end to end, as `chat` runs it: routing on the host, the loop in a real cell,
 * the offline demo model, the seeded CSP API behind the broker. Each case checks the reply, the
 * skill chosen, and the API's state afterwards, and re-runs the session against its record with no
 * divergence.
 */
let rig: AgentRig;
let token: string;
beforeAll(async () => {
  rig = await startAgentRig({ poolSize: 2 });
  token = await rig.api.token('northwind');
}, 60_000);
afterAll(async () => {
  await rig?.close();
});

const model = createOfflineModel();
const get = async (path: string) => (await rig.api.request('GET', path, { token })).body;
const selected = (events: AuditEvent[]) =>
  events.find((event) => event.type === 'skill-selected')?.payload.skill;
const apiCalls = (events: AuditEvent[]) =>
  events
    .filter((event) => event.type === 'api-request')
    .map((event) => `${event.payload.method} ${event.payload.path}`);

/** One turn, then its re-run against the record: the log must be complete enough to replay it. */
async function ask(message: string) {
  const result = await rig.turn(model, { message });
  const events = rig.events(result.sessionId);
  const rerun = await rig.rerun(result.sessionId);
  expect(rerun.divergence?.message, JSON.stringify(rerun.divergence)).toBeUndefined();
  expect(rerun).toMatchObject({ ok: true, turns: 1 });
  return { result, events };
}

describe('the shipped skills with the offline model, in cells', () => {
  it('order-status: answers a PO status from the API', async () => {
    const { result, events } = await ask('What is the status of PO NWC-PO-11001?');
    expect(result.status).toBe('completed');
    expect(selected(events)).toBe('order-status');
    expect(result.reply).toMatch(/^\[demo model\]/);
    expect(result.reply).toContain('NWC-PO-11001');
    expect(result.reply).toContain('issued');
    expect(apiCalls(events).every((call) => call.startsWith('GET '))).toBe(true);
  }, 60_000);

  it('order-confirmation: acknowledges a PO', async () => {
    expect((await get('/api/purchase_orders/NWC-PO-11010')).acknowledged).not.toBe(true);
    const { result, events } = await ask('Please acknowledge PO NWC-PO-11010');
    expect(result.status).toBe('completed');
    expect(selected(events)).toBe('order-confirmation');
    expect(apiCalls(events)).toContain('PUT /api/purchase_orders/NWC-PO-11010/acknowledge');
    const order = await get('/api/purchase_orders/NWC-PO-11010');
    expect(order['acknowledged-flag'] ?? order.acknowledged).toBe(true);
  }, 60_000);

  it('invoice-status: lists the unpaid invoices', async () => {
    const { result, events } = await ask('Which of my invoices are unpaid?');
    expect(result.status).toBe('completed');
    expect(selected(events)).toBe('invoice-status');
    expect(result.reply).toMatch(/NWC-INV-\d+/);
  }, 60_000);

  it('invoice-create: flips a PO into a draft invoice, checking what was invoiced before', async () => {
    const before = await get('/api/invoices?limit=50');
    const { result, events } = await ask('Create an invoice for PO NWC-PO-11003');
    expect(result.status).toBe('completed');
    expect(selected(events)).toBe('invoice-create');
    const calls = apiCalls(events);
    expect(calls).toContain('GET /api/invoices');
    expect(calls).toContain('POST /api/purchase_orders/NWC-PO-11003/flip_to_invoice');
    const after = await get('/api/invoices?limit=50');
    expect(after.length).toBe(before.length + 1);
  }, 60_000);

  it('profile-update: adds a remit-to address pending approval without echoing the IBAN', async () => {
    const { result, events } = await ask(
      'add a remit-to address for Globex at 12 Harbour Street, 28195 Bremen, DE with IBAN DE89 3704 0044 0532 0130 00',
    );
    expect(result.status).toBe('completed');
    expect(selected(events)).toBe('profile-update');
    const pending = await get('/api/remit_to_addresses?status=pending_approval');
    expect(pending.some((address: { city: string }) => address.city === 'Bremen')).toBe(true);
    expect(result.reply).not.toMatch(/3704\s?0044|370400440532013000/);
  }, 60_000);

  it('catalog-enrichment: fills every gap of the draft catalog in one turn, and a rerun finds nothing left', async () => {
    const { result, events } = await ask(
      'Enrich the draft catalog: fill in missing UNSPSC codes and lead times',
    );
    expect(result.status).toBe('completed');
    expect(selected(events)).toBe('catalog-enrichment');
    const updates = apiCalls(events).filter((call) => call.startsWith('PUT /api/catalogs/'));
    expect(updates.length).toBeGreaterThanOrEqual(30);
    expect(events.filter((event) => event.type === 'progress').length).toBeGreaterThan(2);
    const rerun = await ask('Enrich the draft catalog: fill in missing UNSPSC codes and lead times');
    expect(rerun.result.status).toBe('completed');
    expect(apiCalls(rerun.events).filter((call) => call.startsWith('PUT '))).toEqual([]);
  }, 120_000);

  it('refuses politely what no skill covers, running no cell', async () => {
    const { result, events } = await ask("What's the weather in Paris?");
    expect(result.status).toBe('completed');
    expect(selected(events)).toBeNull();
    expect(result.reply).toMatch(/^\[demo model\] I can help with/);
    expect(events.some((event) => event.type === 'cell-start')).toBe(false);
  }, 30_000);
});

import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runTurn } from '../../src/sessions/run-turn.ts';
import { defaultSkillsDir, loadSkills } from '../../src/skills/index.ts';
import { createTempDir } from '../../src/testing/temp-dir.ts';
import { egressOf, payloadsOf } from './adversarial-events.ts';
import { type AgentRig, scripted, startAgentRig, users } from './agent-rig.ts';

/**
 * The scripted model as an adversary against the turn's budgets: a model that never stops calling
 * tools, one that burns tokens, one that takes too long. The broker stops each of them.
 */

let rig: AgentRig;
beforeAll(async () => {
  rig = await startAgentRig();
}, 60_000);
afterAll(async () => {
  await rig?.close();
});

const orderStatus = loadSkills().require('order-status');
const listOrders = { name: 'purchase_orders_list', input: { status: 'issued', limit: 1 } };

describe('the tool-call budget', () => {
  const limit = orderStatus.budgets.maxToolCalls;

  it('is the default of 25 for order-status', () => {
    expect(limit).toBe(25);
  });

  it('stops a model that calls tools in an endless loop', async () => {
    // Small usage per call: with estimated usage (the whole conversation, resent on every call) the
    // 200,000-token budget would run out first, after about 22 rounds.
    const usage = { inputTokens: 100, outputTokens: 10 };
    const model = scripted(Array.from({ length: 40 }, () => ({ usage, toolCalls: [listOrders] })));
    const result = await rig.turn(model, { message: 'Which orders are open?', skill: 'order-status' });
    expect(result).toMatchObject({ status: 'interrupted', reason: `budget: more than ${limit} tool calls` });
    const events = rig.events(result.sessionId);

    const calls = payloadsOf(events, 'tool-call');
    const allowed = calls.filter((call) => call.refused === undefined);
    expect(allowed).toHaveLength(limit);
    expect(calls.slice(limit).length).toBeGreaterThanOrEqual(1);
    for (const call of calls.slice(limit)) expect(call.refused).toBe('budget_exhausted');
    expect(payloadsOf(events, 'session-interrupted')).toEqual([
      expect.objectContaining({ reason: `budget: more than ${limit} tool calls` }),
    ]);
    expect(payloadsOf(events, 'turn-end')).toEqual([
      expect.objectContaining({ status: 'interrupted', reason: expect.stringContaining('tool calls') }),
    ]);
    const { requests, responses } = egressOf(events);
    expect(requests.length).toBeLessThanOrEqual(limit);
    expect(responses.every((response) => response.status === 200)).toBe(true);
    // The loop never came back to the model after the refused call.
    expect(model.consumed).toBe(limit + 1);
    const lastCall = events.findLast((event) => event.type === 'tool-call');
    expect(events.some((event) => event.type === 'api-request' && event.seq > lastCall!.seq)).toBe(false);
    expect(events.some((event) => event.type === 'model-request' && event.seq > lastCall!.seq)).toBe(false);
  }, 30_000);

  it('stops a burst of parallel tool calls at the same limit', async () => {
    const model = scripted([{ toolCalls: Array.from({ length: 40 }, () => listOrders) }, { text: 'Done.' }]);
    const result = await rig.turn(model, { message: 'Which orders are open?', skill: 'order-status' });
    expect(result).toMatchObject({ status: 'interrupted', reason: `budget: more than ${limit} tool calls` });
    const events = rig.events(result.sessionId);
    const calls = payloadsOf(events, 'tool-call');
    expect(calls.filter((call) => call.refused === undefined).length).toBeLessThanOrEqual(limit);
    expect(calls.filter((call) => call.refused === 'budget_exhausted').length).toBeGreaterThanOrEqual(1);
    expect(egressOf(events).requests.length).toBeLessThanOrEqual(limit);
    expect(model.consumed).toBe(1);
    expect(payloadsOf(events, 'turn-end')).toEqual([expect.objectContaining({ status: 'interrupted' })]);
  }, 30_000);
});

describe('the token budget', () => {
  it('stops the turn once the model has used more tokens than the skill allows', async () => {
    const maxTokens = orderStatus.budgets.maxTokens;
    const half = { inputTokens: Math.ceil(maxTokens / 2) + 1, outputTokens: 100 };
    const model = scripted([
      { usage: half, toolCalls: [listOrders] },
      { usage: half, toolCalls: [{ name: 'purchase_orders_show', input: { id: 'NWC-PO-11001' } }] },
      { text: 'Done.' },
    ]);
    const result = await rig.turn(model, { message: 'Which orders are open?', skill: 'order-status' });
    const reason = `budget: more than ${maxTokens} model tokens`;
    expect(result).toMatchObject({ status: 'interrupted', reason });
    const events = rig.events(result.sessionId);
    expect(payloadsOf(events, 'session-interrupted')).toEqual([expect.objectContaining({ reason })]);
    // The second answer is recorded, but its tool call never runs.
    expect(payloadsOf(events, 'model-response')).toHaveLength(2);
    expect(payloadsOf(events, 'tool-call').map((call) => call.tool)).toEqual(['purchase_orders_list']);
    expect(egressOf(events).requests.map((request) => request.path)).toEqual(['/api/purchase_orders']);
    expect(payloadsOf(events, 'turn-end')).toEqual([
      expect.objectContaining({ status: 'interrupted', reason }),
    ]);
    expect(model.consumed).toBe(2);
  }, 30_000);
});

describe('the wall-time budget', () => {
  const skillsDir = createTempDir('adversarial-skills-');
  afterAll(() => skillsDir.remove());

  it('interrupts a model call that outlasts the turn, promptly', async () => {
    const folder = path.join(skillsDir.path, 'order-status');
    fs.mkdirSync(folder);
    const original = fs.readFileSync(path.join(defaultSkillsDir, 'order-status', 'SKILL.md'), 'utf8');
    expect(original).not.toMatch(/^max-duration:/m);
    const limited = original.replace(/^required-scopes:.*$/m, (line) => `${line}\nmax-duration: 2s`);
    fs.writeFileSync(path.join(folder, 'SKILL.md'), limited);
    const skills = loadSkills({ skillsDir: skillsDir.path });
    expect(skills.require('order-status').budgets.maxDurationMs).toBe(2_000);

    const model = scripted([{ toolCalls: [listOrders] }, { delayMs: 5_000, text: 'Too late.' }]);
    const result = await runTurn(
      { ...rig.runtime(model), skills },
      {
        sessionId: `adversarial-wall-time-${Date.now()}`,
        tenantId: 'northwind',
        user: users.northwindAdmin,
        message: 'Which orders are open?',
        skill: 'order-status',
      },
    );
    const reason = 'budget: turn ran longer than 2000 ms';
    expect(result).toMatchObject({ status: 'interrupted', reason });
    const events = rig.events(result.sessionId);
    // The clock runs from the broker's start, just before the cell's: the 5 s call was cut short.
    const at = (type: string) => Date.parse(events.find((event) => event.type === type)?.ts ?? '');
    expect(at('session-interrupted') - at('cell-start')).toBeLessThan(3_000);
    const interrupted = payloadsOf(events, 'session-interrupted');
    expect(interrupted).toEqual([expect.objectContaining({ reason })]);
    expect(interrupted[0]?.inFlight).toEqual([expect.objectContaining({ kind: 'model' })]);
    expect(payloadsOf(events, 'model-response').at(-1)).toMatchObject({ interrupted: true });
    expect(payloadsOf(events, 'assistant-message')).toEqual([]);
    expect(egressOf(events).requests).toHaveLength(1);
    expect(payloadsOf(events, 'turn-end')).toEqual([
      expect.objectContaining({ status: 'interrupted', reason }),
    ]);
  }, 30_000);
});

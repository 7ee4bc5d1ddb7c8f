import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemClock } from '../../src/clock/clock.ts';
import type { TenantContext } from '../../src/identity/tenant-context.ts';
import type { ModelAdapter, ModelResponse } from '../../src/models/model-types.ts';
import { createSessionManager } from '../../src/sessions/session-manager.ts';
import type { AdmissionLimits } from '../../src/sessions/session-manager-types.ts';
import { type AgentRig, startAgentRig, users } from '../agent/agent-rig.ts';

let rig: AgentRig;
beforeAll(async () => {
  rig = await startAgentRig({ poolSize: 2 });
}, 60_000);
afterAll(async () => {
  await rig?.close();
});

/** Answers every turn call after `delayMs` (or at once when the message says "quick"), honouring aborts. */
function slowModel(delayMs: number): ModelAdapter {
  return {
    id: 'slow-test',
    demo: false,
    converse(request, { signal }) {
      const text = request.messages.at(-1)?.content.find((block) => block.type === 'text');
      const quick = text?.type === 'text' && text.text.includes('quick');
      const answer: ModelResponse = {
        content: [{ type: 'text', text: 'done' }],
        stopReason: 'end_turn',
        usage: { inputTokens: 1, outputTokens: 1 },
        model: 'slow-test',
      };
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => resolve(answer), quick ? 0 : delayMs);
        signal.addEventListener('abort', () => {
          clearTimeout(timer);
          reject(signal.reason);
        });
      });
    },
  };
}

const northwind: TenantContext = {
  tenantId: 'northwind',
  userId: users.northwindAdmin.id,
  scopes: [...users.northwindAdmin.scopes],
  customers: [],
  operator: false,
};
const bluepeak: TenantContext = {
  tenantId: 'bluepeak',
  userId: 'noah.fischer',
  scopes: ['csp.orders.read'],
  customers: [],
  operator: false,
};
const operator: TenantContext = {
  tenantId: 'operations',
  userId: 'ops',
  scopes: ['supplier-agent.operator'],
  customers: [],
  operator: true,
};

function manager(delayMs: number, limits: Partial<AdmissionLimits> = {}) {
  return createSessionManager({ runtime: rig.runtime(slowModel(delayMs)), clock: systemClock, limits });
}

describe('the session manager', () => {
  it('runs one turn at a time per session (409), and the next turn once it ended', async () => {
    const sessions = manager(600);
    const first = await sessions.startTurn({
      context: northwind,
      message: 'slow one',
      skill: 'order-status',
    });
    expect(first.state).toBe('running');
    await expect(
      sessions.startTurn({
        context: northwind,
        sessionId: first.sessionId,
        message: 'again',
        skill: 'order-status',
      }),
    ).rejects.toMatchObject({ code: 'conflict' });
    expect((await first.result).status).toBe('completed');
    const second = await sessions.startTurn({
      context: northwind,
      sessionId: first.sessionId,
      message: 'quick',
      skill: 'order-status',
    });
    expect((await second.result).status).toBe('completed');
    const view = await sessions.describe(northwind, first.sessionId);
    expect(view).toMatchObject({ sessionId: first.sessionId, tenantId: 'northwind', status: 'idle' });
    expect(view.turns.map((turn) => [turn.status, turn.message, turn.reply])).toEqual([
      ['completed', 'slow one', 'done'],
      ['completed', 'quick', 'done'],
    ]);
    expect(sessions.stats().refused.conflict).toBe(1);
    await sessions.close('test over');
  }, 30_000);

  it("answers another tenant's session exactly like a missing one; an operator may read it", async () => {
    const sessions = manager(0);
    const turn = await sessions.startTurn({ context: northwind, message: 'quick', skill: 'order-status' });
    await turn.result;
    for (const attempt of [
      () => sessions.describe(bluepeak, turn.sessionId),
      () => sessions.auditEvents(bluepeak, turn.sessionId),
      () => sessions.describe(bluepeak, 'no-such-session'),
    ]) {
      await expect(attempt()).rejects.toMatchObject({
        code: 'not_found',
        message: expect.stringMatching(/^No session /),
      });
    }
    await expect(sessions.interrupt(bluepeak, turn.sessionId, 'x')).rejects.toMatchObject({
      code: 'not_found',
    });
    await expect(
      sessions.startTurn({
        context: bluepeak,
        sessionId: turn.sessionId,
        message: 'hi',
        skill: 'order-status',
      }),
    ).rejects.toMatchObject({ code: 'not_found' });
    expect((await sessions.describe(northwind, turn.sessionId)).turns).toHaveLength(1);
    expect((await sessions.auditEvents(operator, turn.sessionId)).length).toBeGreaterThan(3);
    await sessions.close('test over');
  }, 30_000);

  it("queues beyond a tenant's limit, refuses past the queue (429), and still admits another tenant", async () => {
    const sessions = manager(800, {
      maxRunning: 3,
      maxRunningPerTenant: 1,
      maxQueued: 10,
      maxQueuedPerTenant: 1,
    });
    const a1 = await sessions.startTurn({ context: northwind, message: 'a1', skill: 'order-status' });
    const a2 = await sessions.startTurn({ context: northwind, message: 'a2', skill: 'order-status' });
    expect([a1.state, a2.state]).toEqual(['running', 'queued']);
    await expect(
      sessions.startTurn({ context: northwind, message: 'a3', skill: 'order-status' }),
    ).rejects.toMatchObject({
      code: 'rate_limited',
      details: { retryAfterSeconds: expect.any(Number) },
    });
    const b1 = await sessions.startTurn({ context: bluepeak, message: 'quick', skill: 'order-status' });
    expect(b1.state).toBe('running');
    expect((await b1.result).status).toBe('completed');
    expect(sessions.stats()).toMatchObject({ queuedByTenant: { northwind: 1 }, refused: { busy: 1 } });
    expect((await a1.result).status).toBe('completed');
    expect((await a2.result).status).toBe('completed');
    await sessions.close('test over');
  }, 30_000);

  it('interrupts a running turn and a queued one; the queued one never runs', async () => {
    const sessions = manager(30_000, { maxRunning: 1, maxRunningPerTenant: 1 });
    const running = await sessions.startTurn({ context: northwind, message: 'long', skill: 'order-status' });
    const queued = await sessions.startTurn({
      context: northwind,
      message: 'waiting',
      skill: 'order-status',
    });
    expect(queued.state).toBe('queued');
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(await sessions.interrupt(northwind, queued.sessionId, 'never mind')).toBe(true);
    expect(await queued.result).toMatchObject({ status: 'interrupted', reason: 'never mind' });
    expect(rig.events(queued.sessionId)).toEqual([]);
    expect(await sessions.interrupt(northwind, running.sessionId, 'stop')).toBe(true);
    expect(await running.result).toMatchObject({ status: 'interrupted', reason: 'stop' });
    expect(rig.events(running.sessionId).map((event) => event.type)).toContain('session-interrupted');
    expect(await sessions.interrupt(northwind, running.sessionId, 'again')).toBe(false);
    await sessions.close('test over');
  }, 30_000);

  it('suspends a tenant: running turns interrupted, new ones refused until resumed', async () => {
    const sessions = manager(30_000);
    const running = await sessions.startTurn({ context: northwind, message: 'long', skill: 'order-status' });
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(await sessions.suspendTenant('northwind', 'invoice fraud review')).toEqual({ interrupted: 1 });
    expect(await running.result).toMatchObject({
      status: 'interrupted',
      reason: 'tenant suspended: invoice fraud review',
    });
    await expect(
      sessions.startTurn({ context: northwind, message: 'quick', skill: 'order-status' }),
    ).rejects.toMatchObject({
      code: 'tenant_suspended',
    });
    const other = await sessions.startTurn({ context: bluepeak, message: 'quick', skill: 'order-status' });
    expect((await other.result).status).toBe('completed');
    sessions.resumeTenant('northwind');
    const after = await sessions.startTurn({ context: northwind, message: 'quick', skill: 'order-status' });
    expect((await after.result).status).toBe('completed');
    await sessions.close('test over');
  }, 30_000);

  it('closes by interrupting what runs, recorded, and refuses new turns', async () => {
    const sessions = manager(30_000);
    const running = await sessions.startTurn({ context: northwind, message: 'long', skill: 'order-status' });
    await new Promise((resolve) => setTimeout(resolve, 300));
    await sessions.close('platform shutting down');
    expect(await running.result).toMatchObject({ status: 'interrupted', reason: 'platform shutting down' });
    expect(rig.events(running.sessionId).at(-1)).toMatchObject({
      type: 'turn-end',
      payload: { status: 'interrupted' },
    });
    await expect(
      sessions.startTurn({ context: northwind, message: 'quick', skill: 'order-status' }),
    ).rejects.toMatchObject({
      code: 'unavailable',
    });
  }, 30_000);
});

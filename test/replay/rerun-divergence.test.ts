import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditEvent } from '../../src/audit/event-types.ts';
import { createOfflineModel } from '../../src/models/offline/offline-model.ts';
import { type AgentRig, scripted, startAgentRig } from '../agent/agent-rig.ts';

/**
 * The re-run proves the record complete: the untouched record re-runs with no divergence (the
 * positive control of every case), and every way of making it incomplete or different is found and
 * named by the first event that differs.
 */
let rig: AgentRig;
let recorded: AuditEvent[];
beforeAll(async () => {
  rig = await startAgentRig({ poolSize: 2 });
  const result = await rig.turn(createOfflineModel(), {
    message: "What's the status of NWC-PO-11001 and NWC-PO-11002?",
  });
  expect(result.status).toBe('completed');
  recorded = rig.events(result.sessionId);
}, 60_000);
afterAll(async () => {
  await rig?.close();
});

/** A copy of the record with one change. */
function edited(change: (events: AuditEvent[]) => AuditEvent[]): AuditEvent[] {
  return change(structuredClone(recorded));
}

const indexOfType = (events: AuditEvent[], type: AuditEvent['type'], nth = 0) =>
  events.map((event, index) => [event.type, index] as const).filter(([kind]) => kind === type)[nth]?.[1] ??
  -1;

describe('re-running a recorded session', () => {
  it('finds no divergence in the untouched record, with parallel tool calls (positive control)', async () => {
    expect(recorded.filter((event) => event.type === 'tool-call')).toHaveLength(2);
    const report = await rig.rerun(recorded);
    expect(report).toMatchObject({ ok: true, turns: 1 });
    expect(report.compared).toBeGreaterThan(15);
  }, 30_000);

  it('diverges when an API response is missing from the record', async () => {
    const report = await rig.rerun(
      edited((events) => events.filter((_, index) => index !== indexOfType(events, 'api-response'))),
    );
    expect(report.ok).toBe(false);
    expect(report.divergence?.notes.join(' ')).toContain('which the record does not have');
  }, 30_000);

  it("diverges at the tool's output when a recorded API response body was changed", async () => {
    const report = await rig.rerun(
      edited((events) => {
        // Edited consistently, as someone rewriting history would: the parsed body and its exact text.
        const response = events[indexOfType(events, 'api-response')] as AuditEvent;
        response.payload.bodyText = String(response.payload.bodyText).replace('"issued"', '"closed"');
        (response.payload.body as { status: string }).status = 'closed';
        return events;
      }),
    );
    expect(report.ok).toBe(false);
    expect(report.divergence).toMatchObject({ recorded: { type: 'tool-result' }, field: 'stdout' });
  }, 30_000);

  it("diverges at the answer when the model's recorded final text was changed", async () => {
    const report = await rig.rerun(
      edited((events) => {
        const last = events[indexOfType(events, 'model-response', 2)] as AuditEvent;
        const response = last.payload.response as { content: Array<{ type: string; text?: string }> };
        (response.content[0] as { text: string }).text = 'Everything is fine.';
        return events;
      }),
    );
    expect(report.ok).toBe(false);
    expect(report.divergence).toMatchObject({ recorded: { type: 'assistant-message' }, field: 'text' });
  }, 30_000);

  it('diverges when a tool-call event is missing from the record', async () => {
    const report = await rig.rerun(
      edited((events) => events.filter((_, index) => index !== indexOfType(events, 'tool-call', 1))),
    );
    expect(report.ok).toBe(false);
    expect(report.divergence?.rerun?.type).toBe('tool-call');
  }, 30_000);

  it("diverges at the first model request when the supplier's recorded message was changed", async () => {
    const report = await rig.rerun(
      edited((events) => {
        (events[indexOfType(events, 'user-message')] as AuditEvent).payload.text =
          'What is the status of NWC-PO-11003?';
        return events;
      }),
    );
    expect(report.ok).toBe(false);
    // The message is an input, fed as recorded; the model is then asked something the record never asked.
    expect(report.divergence).toMatchObject({ index: 1, recorded: { type: 'model-request' } });
    expect(report.divergence?.field).toMatch(/^request\.messages\[0\]/);
  }, 30_000);

  it('diverges when the record was cut short after a tool ran', async () => {
    const cut = indexOfType(recorded, 'progress');
    const report = await rig.rerun(
      edited((events) => [...events.slice(0, cut + 1), events.at(-1) as AuditEvent]),
    );
    expect(report.ok).toBe(false);
    expect(report.divergence?.notes.join(' ') ?? '').toContain('record does not have');
  }, 30_000);

  it('refuses a log written before the format kept what a re-run needs', async () => {
    const old = edited((events) => {
      delete (events[0] as AuditEvent).payload.format;
      return events;
    });
    await expect(rig.rerun(old)).rejects.toMatchObject({
      code: 'conflict',
      message: expect.stringContaining('format 1'),
    });
  });
});

describe('re-running sessions with several turns and interrupts', () => {
  it('replays an interrupt at the point it happened, and the turn after it', async () => {
    const model = scripted([
      { toolCalls: [{ name: 'purchase_orders_list', input: { status: 'issued', limit: 3 } }] },
      { text: 'never said', delayMs: 60_000 },
      { text: 'Picking up where we left off: 3 issued orders.' },
    ]);
    const sessionId = `rerun-interrupt-${Date.now()}`;
    const controller = new AbortController();
    let modelRequests = 0;
    const first = await rig.turn(model, {
      sessionId,
      skill: 'order-status',
      message: 'List my issued orders',
      signal: controller.signal,
      onEvent(event) {
        if (event.type === 'model-request' && ++modelRequests === 2)
          setTimeout(() => controller.abort('stop, please'), 100);
      },
    });
    expect(first.status).toBe('interrupted');
    const second = await rig.turn(model, { sessionId, skill: 'order-status', message: 'Go on' });
    expect(second.status).toBe('completed');
    const report = await rig.rerun(sessionId);
    expect(report.divergence?.message, JSON.stringify(report.divergence)).toBeUndefined();
    expect(report).toMatchObject({ ok: true, turns: 2 });
  }, 60_000);
});

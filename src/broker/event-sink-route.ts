import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AuditEventType } from '../audit/event-types.ts';
import type { BrokerContext } from './broker-context.ts';
import { BrokerRefusal } from './broker-errors.ts';
import { parseJsonBody, readBody } from './read-body.ts';
import { sendJson } from './reply.ts';

/**
 * The only event types a cell may write. Everything else (`policy-decision`, `api-response`,
 * `model-response`...) is recorded by the broker from what it saw, so the cell cannot forge it.
 */
export const cellEventTypes = [
  'tool-call',
  'tool-result',
  'progress',
  'assistant-message',
] as const satisfies readonly AuditEventType[];

type CellEventType = (typeof cellEventTypes)[number];

/** `POST /v1/events` `{ type, payload }`: appends the event, durably, and answers 202 `{ seq }`. */
export async function handleEventSink(
  context: BrokerContext,
  request: IncomingMessage,
  response: ServerResponse,
): Promise<void> {
  const body = parseJsonBody(await readBody(request, context.limits.maxBodyBytes));
  const event = validateCellEvent(body);
  if (event.type === 'assistant-message') checkAssistantMessage(context, event.payload);
  const withinBudget = event.type !== 'tool-call' || context.budget.toolCall();
  // What the cell reports is its claim, never the host's record: `source` says who wrote it, and
  // the cell cannot set it.
  const appended = await context.recorder.record(event.type, {
    ...event.payload,
    source: 'cell',
    ...(withinBudget ? {} : { refused: 'budget_exhausted' }),
  });
  context.counters.events += 1;
  if (!withinBudget) {
    const reason = context.budget.exceeded ?? 'budget: tool calls';
    context.overBudget(reason);
    throw new BrokerRefusal('budget_exhausted', reason);
  }
  sendJson(response, 202, { seq: appended.seq });
}

/**
 * The assistant's message of a turn is the model's final answer, word for word: the broker saw it
 * and refuses a cell that reports anything else (or reports one before the model gave a final answer).
 */
function checkAssistantMessage(context: BrokerContext, payload: Record<string, unknown>): void {
  const last = context.lastAnswer;
  if (typeof payload.text !== 'string') {
    throw new BrokerRefusal('invalid_argument', 'An assistant-message needs its text.', {
      fields: { 'payload.text': ['must be a string'] },
    });
  }
  if (last === undefined || !last.final || last.text !== payload.text) {
    throw new BrokerRefusal('invalid_argument', "The assistant-message is not the model's final answer.", {
      fields: { 'payload.text': ["must be the text of the model's latest final answer"] },
    });
  }
}

function validateCellEvent(body: unknown): { type: CellEventType; payload: Record<string, unknown> } {
  if (!isObject(body)) {
    throw new BrokerRefusal('invalid_argument', 'The body must be a JSON object { type, payload }.');
  }
  const { type, payload } = body;
  if (typeof type !== 'string' || !(cellEventTypes as readonly string[]).includes(type)) {
    throw new BrokerRefusal('invalid_argument', 'The event type is not one a cell may record.', {
      fields: { type: [`must be one of ${cellEventTypes.join(', ')}`] },
    });
  }
  if (!isObject(payload)) {
    throw new BrokerRefusal('invalid_argument', 'The event payload must be a JSON object.', {
      fields: { payload: ['must be a JSON object'] },
    });
  }
  const extra = Object.keys(body).filter((key) => key !== 'type' && key !== 'payload');
  if (extra.length > 0) {
    throw new BrokerRefusal('invalid_argument', 'The event has fields the broker does not accept.', {
      fields: Object.fromEntries(extra.map((key) => [key, ['is not allowed']])),
    });
  }
  return { type: type as CellEventType, payload };
}

export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

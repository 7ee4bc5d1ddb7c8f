import type { IncomingMessage, ServerResponse } from 'node:http';
import { z } from 'zod';
import type { BrokerContext } from './broker-context.ts';
import { BrokerRefusal } from './broker-errors.ts';
import { parseJsonBody, readBody } from './read-body.ts';
import { sendJson, sendRefusal } from './reply.ts';

/** The provider-neutral model request a cell sends; providers translate it (next issue). */
const modelRequestSchema = z.strictObject({
  messages: z.array(z.unknown()),
  tools: z.array(z.unknown()),
  system: z.string().optional(),
  maxTokens: z.number().int().positive().optional(),
});

/**
 * `POST /v1/model`: records `model-request` (the exact body), calls the model, records
 * `model-response`, answers 200 `{ response, usage? }`. The call is aborted on interrupt.
 */
export async function handleModel(
  context: BrokerContext,
  request: IncomingMessage,
  response: ServerResponse,
): Promise<void> {
  const model = context.model;
  if (model === undefined) {
    request.resume();
    throw new BrokerRefusal('model_unavailable', 'No model is configured for this session.');
  }
  const body = parseJsonBody(await readBody(request, context.limits.maxBodyBytes));
  const parsed = modelRequestSchema.safeParse(body);
  if (!parsed.success) {
    const fields: Record<string, string[]> = {};
    for (const issue of parsed.error.issues) {
      const name = issue.path.join('.') || 'body';
      fields[name] = [...(fields[name] ?? []), issue.message];
    }
    throw new BrokerRefusal('invalid_argument', 'The model request has invalid fields.', { fields });
  }
  const entry = context.inFlight.start(
    { kind: 'model', method: 'POST', target: '/v1/model' },
    context.limits.modelTimeoutMs,
  );
  let answered = false;
  try {
    await context.recorder.record('model-request', { request: body });
    context.counters.modelCalls += 1;
    const conversation = await model.converse(body, entry.signal);
    // A provider that ignores the signal must still not answer after an interrupt.
    if (entry.signal.aborted) throw entry.signal.reason;
    const answer = {
      response: conversation.response,
      ...(conversation.usage === undefined ? {} : { usage: conversation.usage }),
    };
    await context.recorder.record('model-response', answer);
    answered = true;
    sendJson(response, 200, answer);
  } catch (error) {
    if (answered) throw error;
    await answerModelFailure(context, response, entry.abortReason, error);
  } finally {
    entry.finish();
  }
}

async function answerModelFailure(
  context: BrokerContext,
  response: ServerResponse,
  abortReason: 'interrupted' | 'timeout' | undefined,
  error: unknown,
): Promise<void> {
  if (error instanceof BrokerRefusal && error.code === 'audit_unavailable') {
    sendRefusal(response, error);
    return;
  }
  const refusal =
    abortReason === 'interrupted'
      ? new BrokerRefusal('session_interrupted', 'The session was interrupted.')
      : abortReason === 'timeout'
        ? new BrokerRefusal('model_failed', 'The model did not answer in time.')
        : new BrokerRefusal('model_failed', 'The model call failed.', { cause: error });
  await context.recorder
    .record('model-response', {
      error: { code: refusal.code, message: refusal.message },
      // The provider's own message helps an operator; it stays in the log, never goes to the cell.
      ...(abortReason === undefined && error instanceof Error ? { detail: error.message } : {}),
      ...(abortReason === 'interrupted' ? { interrupted: true } : {}),
    })
    .catch(() => {
      // The cell still gets its answer.
    });
  sendRefusal(response, refusal);
}

import type { IncomingMessage, ServerResponse } from 'node:http';
import { createExchangeLog, type ProviderExchange } from '../models/exchange-log.ts';
import type { ModelRequest, ModelResponse } from '../models/model-types.ts';
import type { BrokerContext } from './broker-context.ts';
import { BrokerRefusal } from './broker-errors.ts';
import { cellModelRequestSchema } from './model-request-schema.ts';
import { parseJsonBody, readBody } from './read-body.ts';
import { sendJson, sendRefusal } from './reply.ts';

/**
 * `POST /v1/model`: records `model-request` (the neutral request, durable before the provider is
 * called), calls the model, records `model-response` with the neutral answer and every provider
 * attempt's exact request and response bodies, and answers 200 `{ response }`. The call is aborted
 * on interrupt. The model's tokens count against the turn's budget.
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
  const parsed = cellModelRequestSchema.safeParse(body);
  if (!parsed.success) {
    const fields: Record<string, string[]> = {};
    for (const issue of parsed.error.issues) {
      const name = issue.path.join('.') || 'body';
      fields[name] = [...(fields[name] ?? []), issue.message];
    }
    throw new BrokerRefusal('invalid_argument', 'The model request has invalid fields.', { fields });
  }
  const modelRequest: ModelRequest = { ...parsed.data, skill: context.current().skill.name };
  const entry = context.inFlight.start(
    { kind: 'model', method: 'POST', target: '/v1/model' },
    context.limits.modelTimeoutMs,
  );
  const { hooks, exchanges } = createExchangeLog();
  let answered = false;
  try {
    await context.recorder.record('model-request', { model: model.id, request: modelRequest });
    context.counters.modelCalls += 1;
    const onText = context.onModelText;
    const answer = await model.converse(modelRequest, {
      signal: entry.signal,
      ...hooks,
      ...(onText === undefined ? {} : { onTextDelta: (text: string) => safely(onText, text) }),
    });
    // A provider that ignores the signal must still not answer after an interrupt.
    if (entry.signal.aborted) throw entry.signal.reason;
    await context.recorder.record('model-response', {
      model: model.id,
      response: answer,
      ...(exchanges.length > 0 ? { exchanges } : {}),
    });
    answered = true;
    remember(context, answer);
    const spent = answer.usage.inputTokens + answer.usage.outputTokens;
    if (!context.budget.tokens(spent)) {
      context.overBudget(context.budget.exceeded ?? 'budget: model tokens');
      sendRefusal(
        response,
        new BrokerRefusal('budget_exhausted', context.budget.exceeded ?? 'Budget exhausted.'),
      );
      return;
    }
    sendJson(response, 200, { response: answer });
  } catch (error) {
    if (answered) throw error;
    await answerModelFailure(context, response, entry.abortReason, error, model.id, exchanges);
  } finally {
    entry.finish();
  }
}

/** A listener that went away must not fail the model call. */
function safely(listener: (text: string) => void, text: string): void {
  try {
    listener(text);
  } catch {
    // Ignored: the text is in the recorded response anyway.
  }
}

/** The latest answer's text: a final one is what the cell may report as the assistant's message. */
function remember(context: BrokerContext, answer: ModelResponse): void {
  const text = answer.content
    .filter((block) => block.type === 'text')
    .map((block) => block.text)
    .join('');
  context.lastAnswer = { text, final: !answer.content.some((block) => block.type === 'tool_use') };
}

async function answerModelFailure(
  context: BrokerContext,
  response: ServerResponse,
  abortReason: 'interrupted' | 'timeout' | undefined,
  error: unknown,
  modelId: string,
  exchanges: ProviderExchange[],
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
      model: modelId,
      error: { code: refusal.code, message: refusal.message },
      // The provider's own message helps an operator; it stays in the log, never goes to the cell.
      ...(abortReason === undefined && error instanceof Error ? { detail: error.message } : {}),
      ...(abortReason === 'interrupted' ? { interrupted: true } : {}),
      ...(exchanges.length > 0 ? { exchanges } : {}),
    })
    .catch(() => {
      // The cell still gets its answer.
    });
  sendRefusal(response, refusal);
}

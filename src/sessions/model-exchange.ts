import type { AuditLog } from '../audit/event-types.ts';
import { createExchangeLog } from '../models/exchange-log.ts';
import type { ModelAdapter, ModelRequest, ModelResponse } from '../models/model-types.ts';

/**
 * A model call the host makes itself (routing), recorded exactly as the broker records the cell's:
 * `model-request` before the call, `model-response` with the answer and every provider attempt.
 */
export async function recordedModelCall(options: {
  audit: AuditLog;
  sessionId: string;
  model: ModelAdapter;
  request: ModelRequest;
  signal: AbortSignal;
}): Promise<ModelResponse> {
  const { audit, sessionId, model, request } = options;
  await audit.append(sessionId, { type: 'model-request', payload: { model: model.id, request } });
  const { hooks, exchanges } = createExchangeLog();
  try {
    const response = await model.converse(request, { signal: options.signal, ...hooks });
    await audit.append(sessionId, {
      type: 'model-response',
      payload: { model: model.id, response, ...(exchanges.length > 0 ? { exchanges } : {}) },
    });
    return response;
  } catch (error) {
    await audit.append(sessionId, {
      type: 'model-response',
      payload: {
        model: model.id,
        error: { code: 'model_failed', message: 'The model call failed.' },
        detail: (error as Error).message,
        ...(options.signal.aborted ? { interrupted: true } : {}),
        ...(exchanges.length > 0 ? { exchanges } : {}),
      },
    });
    throw error;
  }
}

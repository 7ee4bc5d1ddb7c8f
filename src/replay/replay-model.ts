import type { AuditEvent } from '../audit/event-types.ts';
import { AppError } from '../errors/index.ts';
import type { ModelAdapter, ModelRequest, ModelResponse } from '../models/model-types.ts';
import { offlineModelId } from '../models/offline/offline-model.ts';
import type { RecordedTurn } from './recorded-turns.ts';
import { interruptReason, type ReplayControl, untilAborted } from './replay-control.ts';
import { sameJson } from './same-json.ts';

/** One recorded model call: what was asked, and what came back (nothing when it was cut off). */
interface RecordedCall {
  request: unknown;
  response?: Record<string, unknown>;
}

export interface ReplayModel extends ModelAdapter {
  /** Recorded calls the re-run has not made (yet). */
  remaining(): number;
}

/**
 * A model that answers a re-run from the record: each call must be the next recorded request,
 * exactly (canonical JSON), and gets the recorded response. A call the record cut off (the turn was
 * interrupted while it ran) delivers the recorded interrupt and waits for it.
 */
export function createReplayModel(turn: RecordedTurn, control: ReplayControl): ReplayModel {
  const calls = recordedCalls(turn.events);
  const modelId = modelIdOf(turn.events);
  let next = 0;
  return {
    id: modelId,
    demo: modelId === offlineModelId,
    remaining: () => calls.length - next,
    async converse(request: ModelRequest, options): Promise<ModelResponse> {
      const call = calls[next];
      next += 1;
      if (!call) {
        control.divergence('the re-run made a model call the record does not have');
        throw new AppError('internal', 'Replay: no recorded model call left.');
      }
      if (!sameJson(request, call.request)) {
        control.divergence(`model call ${next} differs from the recorded request`);
        throw new AppError('internal', `Replay: model call ${next} differs from the record.`);
      }
      const recorded = call.response;
      if (!recorded || recorded.interrupted === true) {
        control.interrupt(interruptReason(turn.interrupt));
        return untilAborted(options.signal);
      }
      if (recorded.response !== undefined) {
        const response = recorded.response as ModelResponse;
        const text = response.content
          .filter((block) => block.type === 'text')
          .map((block) => block.text)
          .join('');
        if (text) options.onTextDelta?.(text);
        return response;
      }
      throw new Error(typeof recorded.detail === 'string' ? recorded.detail : 'The model call failed.');
    },
  };
}

function recordedCalls(events: readonly AuditEvent[]): RecordedCall[] {
  const calls: RecordedCall[] = [];
  for (const event of events) {
    if (event.type === 'model-request') calls.push({ request: event.payload.request });
    else if (event.type === 'model-response') {
      const open = calls.at(-1);
      if (open && !open.response) open.response = event.payload;
    }
  }
  return calls;
}

function modelIdOf(events: readonly AuditEvent[]): string {
  const first = events.find((event) => event.type === 'model-request');
  return typeof first?.payload.model === 'string' ? first.payload.model : offlineModelId;
}

import type { ConverseOptions, ProviderCall, ProviderReply } from '../../../src/models/model-types.ts';

/** What the converse hooks of one call saw, in order. */
export interface ConverseLog {
  calls: ProviderCall[];
  replies: ProviderReply[];
  deltas: string[];
  /** `request:N` and `response:N` in the order the hooks ran. */
  order: string[];
  /** Converse options whose hooks fill this log. */
  options(signal?: AbortSignal, overrides?: Partial<ConverseOptions>): ConverseOptions;
}

export function createConverseLog(): ConverseLog {
  const log: ConverseLog = {
    calls: [],
    replies: [],
    deltas: [],
    order: [],
    options: (signal = new AbortController().signal, overrides = {}) => ({
      signal,
      async onProviderRequest(call) {
        log.calls.push(call);
        log.order.push(`request:${call.attempt}`);
      },
      async onProviderResponse(reply) {
        log.replies.push(reply);
        log.order.push(`response:${reply.attempt}`);
      },
      onTextDelta(text) {
        log.deltas.push(text);
      },
      ...overrides,
    }),
  };
  return log;
}

/** The rejection of `promise` (fails the test if it resolves). */
export async function rejectionOf(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected the call to fail, but it succeeded');
}

import type { ModelAdapter } from '../../../src/models/model-types.ts';

/**
 * A model that thinks for `delayMs` before each answer of the wrapped one, as a real provider
 * would: long enough for a person (or a browser test) to press Stop mid-turn. An abort during the
 * wait rejects with the signal's reason, as every adapter must.
 */
export function withThinkingTime(inner: ModelAdapter, delayMs: number): ModelAdapter {
  return {
    id: inner.id,
    demo: inner.demo,
    async converse(request, call) {
      await new Promise<void>((resolve, reject) => {
        call.signal.throwIfAborted();
        const timer = setTimeout(() => {
          call.signal.removeEventListener('abort', onAbort);
          resolve();
        }, delayMs);
        const onAbort = () => {
          clearTimeout(timer);
          reject(call.signal.reason);
        };
        call.signal.addEventListener('abort', onAbort, { once: true });
      });
      return inner.converse(request, call);
    },
  };
}

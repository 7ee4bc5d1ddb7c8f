import type { ModelConversation, ModelProxy } from '../../src/broker/model-proxy.ts';

/** A model that answers at once, echoing the last user message; it remembers what it was asked. */
export function createEchoModel(): ModelProxy & { requests: unknown[] } {
  const requests: unknown[] = [];
  return {
    requests,
    async converse(request) {
      requests.push(request);
      const messages = (request as { messages: Array<{ content?: unknown }> }).messages;
      const last = messages.at(-1)?.content;
      return {
        response: {
          role: 'assistant',
          content: [{ type: 'text', text: `echo: ${String(last)}` }],
          stopReason: 'end_turn',
        },
        usage: { inputTokens: 12, outputTokens: 3 },
      };
    },
  };
}

/** A model that answers after `delayMs`, or fails with the abort reason when its signal fires. */
export function createSlowModel(
  delayMs: number,
): ModelProxy & { started: Promise<void>; aborted: () => boolean } {
  let markStarted: () => void = () => {};
  const started = new Promise<void>((resolve) => {
    markStarted = resolve;
  });
  let wasAborted = false;
  return {
    started,
    aborted: () => wasAborted,
    converse(_request, signal) {
      markStarted();
      return new Promise<ModelConversation>((resolve, reject) => {
        const timer = setTimeout(() => resolve({ response: { role: 'assistant', content: [] } }), delayMs);
        signal.addEventListener('abort', () => {
          wasAborted = true;
          clearTimeout(timer);
          reject(signal.reason);
        });
      });
    },
  };
}

/** A model whose provider fails. */
export const failingModel: ModelProxy = {
  async converse() {
    throw new Error('provider said 500: overloaded');
  },
};

import type { ModelAdapter, ModelRequest, ModelResponse } from '../../src/models/model-types.ts';

const answer = (text: string): ModelResponse => ({
  content: [{ type: 'text', text }],
  stopReason: 'end_turn',
  usage: { inputTokens: 12, outputTokens: 3 },
  model: 'echo',
});

/** A model that answers at once, echoing the last user text; it remembers what it was asked. */
export function createEchoModel(): ModelAdapter & { requests: ModelRequest[] } {
  const requests: ModelRequest[] = [];
  return {
    id: 'echo',
    demo: false,
    requests,
    async converse(request, options) {
      requests.push(request);
      const last = request.messages.at(-1)?.content.find((block) => block.type === 'text');
      const text = `echo: ${last?.type === 'text' ? last.text : ''}`;
      // Behave like a wire adapter: report the attempt it made.
      await options.onProviderRequest?.({
        attempt: 1,
        method: 'POST',
        url: 'echo://model',
        headers: {},
        body: JSON.stringify(request),
      });
      const response = answer(text);
      await options.onProviderResponse?.({
        attempt: 1,
        status: 200,
        headers: {},
        body: JSON.stringify(response),
        complete: true,
      });
      return response;
    },
  };
}

/** A model that answers after `delayMs`, or fails with the abort reason when its signal fires. */
export function createSlowModel(
  delayMs: number,
): ModelAdapter & { started: Promise<void>; aborted: () => boolean } {
  let markStarted: () => void = () => {};
  const started = new Promise<void>((resolve) => {
    markStarted = resolve;
  });
  let wasAborted = false;
  return {
    id: 'slow',
    demo: false,
    started,
    aborted: () => wasAborted,
    converse(_request, { signal }) {
      markStarted();
      return new Promise<ModelResponse>((resolve, reject) => {
        const timer = setTimeout(() => resolve(answer('late')), delayMs);
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
export const failingModel: ModelAdapter = {
  id: 'failing',
  demo: false,
  async converse() {
    throw new Error('provider said 500: overloaded');
  },
};

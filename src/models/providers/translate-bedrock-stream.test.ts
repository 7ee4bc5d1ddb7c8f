import type { ConverseStreamOutput } from '@aws-sdk/client-bedrock-runtime';
import { describe, expect, it } from 'vitest';
import { createConverseStreamReader, toStopReason } from './translate-bedrock-stream.ts';

function read(events: ConverseStreamOutput[], onTextDelta?: (text: string) => void) {
  const reader = createConverseStreamReader({ modelId: 'model-1', ...(onTextDelta ? { onTextDelta } : {}) });
  for (const event of events) reader.accept(event);
  return reader.finish();
}

const toolStart = (index: number, id: string, name: string): ConverseStreamOutput => ({
  contentBlockStart: { contentBlockIndex: index, start: { toolUse: { toolUseId: id, name } } },
});
const toolDelta = (index: number, input: string): ConverseStreamOutput => ({
  contentBlockDelta: { contentBlockIndex: index, delta: { toolUse: { input } } },
});
const textDelta = (index: number, text: string): ConverseStreamOutput => ({
  contentBlockDelta: { contentBlockIndex: index, delta: { text } },
});
const stop = (stopReason: string): ConverseStreamOutput =>
  ({ messageStop: { stopReason } }) as ConverseStreamOutput;

describe('createConverseStreamReader', () => {
  it('joins text deltas per block, reports each delta, and reads usage from metadata', () => {
    const deltas: string[] = [];
    const response = read(
      [
        { messageStart: { role: 'assistant' } },
        textDelta(0, 'Two orders '),
        textDelta(0, 'are open.'),
        { contentBlockStop: { contentBlockIndex: 0 } },
        stop('end_turn'),
        {
          metadata: {
            usage: { inputTokens: 100, outputTokens: 7, totalTokens: 107 },
            metrics: { latencyMs: 5 },
          },
        },
      ],
      (text) => deltas.push(text),
    );

    expect(response).toEqual({
      content: [{ type: 'text', text: 'Two orders are open.' }],
      stopReason: 'end_turn',
      usage: { inputTokens: 100, outputTokens: 7 },
      model: 'model-1',
    });
    expect(deltas).toEqual(['Two orders ', 'are open.']);
  });

  it('parses tool input from its chunks, keeping blocks in stream order', () => {
    const response = read([
      toolStart(0, 'a', 'invoices_list'),
      toolDelta(0, '{"status":'),
      toolDelta(0, '"draft"}'),
      toolStart(1, 'b', 'profile_show'),
      stop('tool_use'),
    ]);

    expect(response.content).toEqual([
      { type: 'tool_use', id: 'a', name: 'invoices_list', input: { status: 'draft' } },
      { type: 'tool_use', id: 'b', name: 'profile_show', input: {} },
    ]);
    expect(response.usage).toEqual({ inputTokens: 0, outputTokens: 0 });
  });

  it.each([
    ['not a JSON object', '[1]', 'tool_use'],
    ['cut off by the token limit', '{"sta', 'max_tokens'],
  ])('fails with model_failed on tool input %s, running nothing', (_case, input, stopReason) => {
    const events = [toolStart(0, 'a', 'invoices_list'), toolDelta(0, input), stop(stopReason)];

    expect(() => read(events)).toThrowError(expect.objectContaining({ code: 'model_failed' }));
  });

  it('fails when the stream ends before messageStop', () => {
    expect(() => read([textDelta(0, 'partial')])).toThrowError(
      expect.objectContaining({ code: 'unavailable', retryable: true }),
    );
  });
});

describe('toStopReason', () => {
  it.each([
    ['end_turn', 'end_turn'],
    ['tool_use', 'tool_use'],
    ['max_tokens', 'max_tokens'],
    ['guardrail_intervened', 'refusal'],
    ['content_filtered', 'refusal'],
    ['stop_sequence', 'other'],
    ['model_context_window_exceeded', 'other'],
  ] as const)('maps %s to %s', (provider, expected) => {
    expect(toStopReason(provider)).toBe(expected);
  });
});

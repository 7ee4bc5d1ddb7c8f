import { describe, expect, it } from 'vitest';
import { toStopReason as anthropicStopReason } from './anthropic-answer.ts';
import { toStopReason as openAiStopReason } from './openai-answer.ts';

describe('stop reasons', () => {
  it('maps the Messages API stop reasons', () => {
    expect(anthropicStopReason('end_turn')).toBe('end_turn');
    expect(anthropicStopReason('tool_use')).toBe('tool_use');
    expect(anthropicStopReason('max_tokens')).toBe('max_tokens');
    expect(anthropicStopReason('refusal')).toBe('refusal');
    expect(anthropicStopReason('stop_sequence')).toBe('other');
    expect(anthropicStopReason('pause_turn')).toBe('other');
    expect(anthropicStopReason('model_context_window_exceeded')).toBe('other');
    expect(anthropicStopReason(null)).toBe('other');
  });

  it('maps the Chat Completions finish reasons', () => {
    expect(openAiStopReason('stop')).toBe('end_turn');
    expect(openAiStopReason('stop', true)).toBe('refusal');
    expect(openAiStopReason('tool_calls')).toBe('tool_use');
    expect(openAiStopReason('length')).toBe('max_tokens');
    expect(openAiStopReason('content_filter')).toBe('refusal');
    expect(openAiStopReason('function_call')).toBe('other');
  });
});

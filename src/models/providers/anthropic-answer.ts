import type Anthropic from '@anthropic-ai/sdk';
import type { ModelResponse, StopReason, TextBlock, ToolUseBlock } from '../model-types.ts';
import { streamEndedEarly } from './provider-error.ts';
import { parseToolInput } from './tool-input.ts';

export const anthropicProvider = 'Anthropic';

/** Folds the streamed events of one Messages API answer into a neutral response. */
export interface AnthropicAnswer {
  accept(event: Anthropic.RawMessageStreamEvent): void;
  /** The response; fails when the stream ended before `message_stop` or a tool input is not JSON. */
  finish(): ModelResponse;
}

type OpenBlock =
  | { type: 'text'; text: string }
  | { type: 'tool_use'; id: string; name: string; json: string };

/**
 * Text blocks and `tool_use` blocks (input JSON gathered from its `input_json_delta` pieces) in the
 * order of their index; other block kinds (thinking, server tools) are left out. Input tokens count
 * cache reads and writes too (the API reports them apart).
 */
export function createAnthropicAnswer(onTextDelta?: (text: string) => void): AnthropicAnswer {
  const blocks = new Map<number, OpenBlock>();
  let model = '';
  let stopReason: Anthropic.StopReason | null = null;
  let usage = { input: 0, cacheCreation: 0, cacheRead: 0, output: 0 };
  let stopped = false;

  return {
    accept(event) {
      switch (event.type) {
        case 'message_start':
          model = event.message.model;
          usage = {
            input: event.message.usage.input_tokens,
            cacheCreation: event.message.usage.cache_creation_input_tokens ?? 0,
            cacheRead: event.message.usage.cache_read_input_tokens ?? 0,
            output: event.message.usage.output_tokens,
          };
          break;
        case 'content_block_start': {
          const block = event.content_block;
          if (block.type === 'text') blocks.set(event.index, { type: 'text', text: block.text });
          if (block.type === 'tool_use') {
            blocks.set(event.index, { type: 'tool_use', id: block.id, name: block.name, json: '' });
          }
          break;
        }
        case 'content_block_delta': {
          const block = blocks.get(event.index);
          if (block?.type === 'text' && event.delta.type === 'text_delta') {
            block.text += event.delta.text;
            if (event.delta.text !== '') onTextDelta?.(event.delta.text);
          }
          if (block?.type === 'tool_use' && event.delta.type === 'input_json_delta') {
            block.json += event.delta.partial_json;
          }
          break;
        }
        case 'message_delta':
          stopReason = event.delta.stop_reason ?? stopReason;
          usage.output = event.usage.output_tokens;
          usage.input = event.usage.input_tokens ?? usage.input;
          usage.cacheCreation = event.usage.cache_creation_input_tokens ?? usage.cacheCreation;
          usage.cacheRead = event.usage.cache_read_input_tokens ?? usage.cacheRead;
          break;
        case 'message_stop':
          stopped = true;
          break;
        default:
          break;
      }
    },
    finish() {
      if (!stopped) throw streamEndedEarly(anthropicProvider);
      const content: Array<TextBlock | ToolUseBlock> = [];
      for (const index of [...blocks.keys()].sort((left, right) => left - right)) {
        const block = blocks.get(index)!;
        if (block.type === 'text') {
          if (block.text !== '') content.push({ type: 'text', text: block.text });
        } else {
          const input = parseToolInput(anthropicProvider, block, block.json);
          content.push({ type: 'tool_use', id: block.id, name: block.name, input });
        }
      }
      return {
        content,
        stopReason: toStopReason(stopReason),
        usage: {
          inputTokens: usage.input + usage.cacheCreation + usage.cacheRead,
          outputTokens: usage.output,
        },
        model,
      };
    },
  };
}

/** `end_turn`, `tool_use`, `max_tokens` and `refusal` as they are; anything else is `other`. */
export function toStopReason(reason: Anthropic.StopReason | null): StopReason {
  switch (reason) {
    case 'end_turn':
    case 'tool_use':
    case 'max_tokens':
    case 'refusal':
      return reason;
    default:
      return 'other';
  }
}

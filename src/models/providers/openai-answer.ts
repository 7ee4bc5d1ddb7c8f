import { randomUUID } from 'node:crypto';
import type OpenAI from 'openai';
import type { ModelResponse, StopReason, TextBlock, ToolUseBlock } from '../model-types.ts';
import { estimateTokens } from '../token-estimate.ts';
import { streamEndedEarly } from './provider-error.ts';
import { parseToolInput } from './tool-input.ts';

export const openAiProvider = 'OpenAI-compatible endpoint';

type FinishReason = OpenAI.Chat.ChatCompletionChunk.Choice['finish_reason'];

/** Folds the streamed chunks of one Chat Completions answer into a neutral response. */
export interface OpenAiAnswer {
  accept(chunk: OpenAI.Chat.ChatCompletionChunk): void;
  /** The response; fails when no chunk gave a finish reason or a tool's arguments are not JSON. */
  finish(): ModelResponse;
}

export interface OpenAiAnswerOptions {
  onTextDelta?: ((text: string) => void) | undefined;
  /** The request body, to estimate input tokens when the server reports no usage. */
  requestBody: string;
}

interface ToolCallParts {
  id: string;
  name: string;
  json: string;
}

/**
 * The text (content and refusal deltas) as one text block, then the tool calls in the order of their
 * index, arguments gathered from their pieces. A call without an id (some local servers) gets one.
 * With tool calls a `stop` finish reason is read as `tool_use` (some local servers say `stop`).
 * Without a usage chunk (a server that ignores `stream_options`) the tokens are estimated.
 */
export function createOpenAiAnswer(options: OpenAiAnswerOptions): OpenAiAnswer {
  const toolCalls = new Map<number, ToolCallParts>();
  let text = '';
  let refused = false;
  let model = '';
  let finishReason: FinishReason = null;
  let usage: { inputTokens: number; outputTokens: number } | undefined;

  const addText = (piece: string | null | undefined) => {
    if (!piece) return;
    text += piece;
    options.onTextDelta?.(piece);
  };

  return {
    accept(chunk) {
      if (model === '' && chunk.model) model = chunk.model;
      if (chunk.usage) {
        usage = { inputTokens: chunk.usage.prompt_tokens, outputTokens: chunk.usage.completion_tokens };
      }
      const choice = chunk.choices.find((candidate) => candidate.index === 0);
      if (!choice) return;
      addText(choice.delta.content);
      if (choice.delta.refusal) refused = true;
      addText(choice.delta.refusal);
      for (const piece of choice.delta.tool_calls ?? []) {
        const parts = toolCalls.get(piece.index) ?? { id: '', name: '', json: '' };
        if (piece.id) parts.id = piece.id;
        if (piece.function?.name && parts.name === '') parts.name = piece.function.name;
        parts.json += piece.function?.arguments ?? '';
        toolCalls.set(piece.index, parts);
      }
      finishReason = choice.finish_reason ?? finishReason;
    },
    finish() {
      if (finishReason === null) throw streamEndedEarly(openAiProvider);
      const content: Array<TextBlock | ToolUseBlock> = text === '' ? [] : [{ type: 'text', text }];
      for (const index of [...toolCalls.keys()].sort((left, right) => left - right)) {
        const parts = toolCalls.get(index)!;
        const id = parts.id || `call_${randomUUID()}`;
        const input = parseToolInput(openAiProvider, { id, name: parts.name }, parts.json);
        content.push({ type: 'tool_use', id, name: parts.name, input });
      }
      return {
        content,
        stopReason:
          toolCalls.size > 0 && finishReason === 'stop' ? 'tool_use' : toStopReason(finishReason, refused),
        usage: usage ?? {
          inputTokens: estimateTokens(options.requestBody),
          outputTokens: estimateTokens(JSON.stringify(content)),
        },
        model,
      };
    },
  };
}

/** stop -> end_turn (refusal when the model refused), tool_calls -> tool_use, length -> max_tokens, content_filter -> refusal. */
export function toStopReason(reason: FinishReason, refused = false): StopReason {
  switch (reason) {
    case 'stop':
      return refused ? 'refusal' : 'end_turn';
    case 'tool_calls':
      return 'tool_use';
    case 'length':
      return 'max_tokens';
    case 'content_filter':
      return 'refusal';
    default:
      return 'other';
  }
}

import type { ConverseStreamOutput } from '@aws-sdk/client-bedrock-runtime';
import type { ModelResponse, StopReason, TextBlock, ToolUseBlock } from '../model-types.ts';
import { streamEndedEarly } from './provider-error.ts';
import { parseToolInput } from './tool-input.ts';

/** The provider as error messages name it. */
export const bedrockProvider = 'Amazon Bedrock';

export interface ConverseStreamReaderOptions {
  /** Reported as `ModelResponse.model`. */
  modelId: string;
  onTextDelta?(text: string): void;
}

/** Folds the events of one Converse stream into a `ModelResponse`. */
export interface ConverseStreamReader {
  accept(event: ConverseStreamOutput): void;
  /**
   * The response. Throws `unavailable` when the stream ended before `messageStop`, and `model_failed`
   * when a tool call's input is not a JSON object (also when the token limit cut it off).
   */
  finish(): ModelResponse;
}

type PartialBlock =
  | { type: 'text'; text: string }
  | { type: 'tool_use'; id: string; name: string; input: string };

export function createConverseStreamReader(options: ConverseStreamReaderOptions): ConverseStreamReader {
  const blocks = new Map<number, PartialBlock>();
  let providerStopReason: string | undefined;
  const usage = { inputTokens: 0, outputTokens: 0 };

  function blockAt(index: number | undefined, type: PartialBlock['type']): PartialBlock | undefined {
    const key = index ?? 0;
    const existing = blocks.get(key);
    if (existing) return existing.type === type ? existing : undefined;
    if (type !== 'text') return undefined;
    const created: PartialBlock = { type: 'text', text: '' };
    blocks.set(key, created);
    return created;
  }

  return {
    accept(event) {
      if (event.contentBlockStart?.start?.toolUse) {
        const { toolUseId, name } = event.contentBlockStart.start.toolUse;
        blocks.set(event.contentBlockStart.contentBlockIndex ?? 0, {
          type: 'tool_use',
          id: toolUseId ?? '',
          name: name ?? '',
          input: '',
        });
      } else if (event.contentBlockDelta?.delta) {
        const { contentBlockIndex, delta } = event.contentBlockDelta;
        if (typeof delta.text === 'string') {
          const block = blockAt(contentBlockIndex, 'text');
          if (block?.type === 'text' && delta.text !== '') {
            block.text += delta.text;
            options.onTextDelta?.(delta.text);
          }
        } else if (delta.toolUse) {
          const block = blockAt(contentBlockIndex, 'tool_use');
          if (block?.type === 'tool_use') block.input += delta.toolUse.input ?? '';
        }
      } else if (event.messageStop) {
        providerStopReason = event.messageStop.stopReason ?? 'unknown';
      } else if (event.metadata?.usage) {
        usage.inputTokens = event.metadata.usage.inputTokens ?? 0;
        usage.outputTokens = event.metadata.usage.outputTokens ?? 0;
      }
    },

    finish() {
      if (providerStopReason === undefined) throw streamEndedEarly(bedrockProvider);
      const content: Array<TextBlock | ToolUseBlock> = [];
      for (const block of blocks.values()) {
        if (block.type === 'text') {
          if (block.text !== '') content.push({ type: 'text', text: block.text });
        } else {
          const input = parseToolInput(bedrockProvider, block, block.input);
          content.push({ type: 'tool_use', id: block.id, name: block.name, input });
        }
      }
      return {
        content,
        stopReason: toStopReason(providerStopReason),
        usage: { ...usage },
        model: options.modelId,
      };
    },
  };
}

export function toStopReason(providerStopReason: string): StopReason {
  switch (providerStopReason) {
    case 'end_turn':
    case 'tool_use':
    case 'max_tokens':
      return providerStopReason;
    case 'guardrail_intervened':
    case 'content_filtered':
      return 'refusal';
    default:
      return 'other';
  }
}

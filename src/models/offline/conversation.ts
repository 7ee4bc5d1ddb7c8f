import type { ContentBlock, ModelMessage } from '../model-types.ts';
import type { ExecutedCall } from './planner-types.ts';
import { readToolOutcome } from './tool-outcome.ts';

/** A turn as the demo model reads it from the messages. */
export interface TurnReading {
  /** The supplier's latest text (empty when there is none). */
  text: string;
  /** Texts of the messages before it, oldest first. */
  earlierTexts: string[];
  /** Tool calls since the latest text, each with its result (a missing result reads as an error). */
  calls: ExecutedCall[];
  /** Tool calls in the whole conversation, to number new tool ids uniquely. */
  toolUseCount: number;
}

const textOf = (content: readonly ContentBlock[]): string =>
  content
    .flatMap((block) => (block.type === 'text' ? [block.text] : []))
    .join('\n')
    .trim();

const isUserText = (message: ModelMessage): boolean =>
  message.role === 'user' &&
  message.content.some((block) => block.type === 'text') &&
  !message.content.some((block) => block.type === 'tool_result');

export function readTurn(messages: readonly ModelMessage[]): TurnReading {
  const latest = messages.findLastIndex(isUserText);
  const text = latest < 0 ? '' : textOf(messages[latest]!.content);
  const earlierTexts = messages
    .slice(0, Math.max(latest, 0))
    .map((message) => textOf(message.content))
    .filter((value) => value !== '');
  const toolUseCount = messages
    .flatMap((message) => message.content)
    .filter((block) => block.type === 'tool_use').length;
  return { text, earlierTexts, calls: callsSince(messages.slice(latest + 1)), toolUseCount };
}

function callsSince(messages: readonly ModelMessage[]): ExecutedCall[] {
  const results = new Map<string, { content: string; isError?: boolean }>();
  for (const block of messages.flatMap((message) => message.content)) {
    if (block.type === 'tool_result') results.set(block.toolUseId, block);
  }
  const calls: ExecutedCall[] = [];
  for (const message of messages) {
    if (message.role !== 'assistant') continue;
    for (const block of message.content) {
      if (block.type !== 'tool_use') continue;
      const result = results.get(block.id);
      calls.push({
        id: block.id,
        name: block.name,
        input: block.input,
        outcome: result
          ? readToolOutcome(result.content, result.isError)
          : { ok: false, error: { code: 'no_result', message: 'no result came back for this call' } },
      });
    }
  }
  return calls;
}

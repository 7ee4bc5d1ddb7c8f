import type OpenAI from 'openai';
import type { ModelMessage, ModelRequest } from '../model-types.ts';
import { forcedToolOf } from './forced-tool.ts';

/** Which body field carries the output token limit: OpenAI's current one, or the older one some servers need. */
export type MaxTokensParameter = 'max_completion_tokens' | 'max_tokens';

type ChatMessage = OpenAI.Chat.ChatCompletionMessageParam;

/**
 * The Chat Completions request for a neutral request: a `system` message, then the conversation
 * (assistant `tool_calls` with their arguments as JSON text; each `tool_result` as a `tool` message
 * right after the call, before the user's text), the tools as functions with their JSON Schema, the
 * output token limit; streamed, with usage in the last chunk. Chat Completions has no error flag on
 * tool messages: a failed tool's content is the JSON error object itself, which says so.
 * A routing call forces its one function, `choose_skill`.
 */
export function toOpenAiParams(
  model: string,
  request: ModelRequest,
  maxTokensParameter: MaxTokensParameter = 'max_completion_tokens',
): OpenAI.Chat.ChatCompletionCreateParamsStreaming {
  const messages: ChatMessage[] = request.system === '' ? [] : [{ role: 'system', content: request.system }];
  for (const message of request.messages) messages.push(...toOpenAiMessages(message));
  const forcedTool = forcedToolOf(request);
  return {
    model,
    messages,
    ...(request.tools.length === 0
      ? {}
      : {
          tools: request.tools.map((tool) => ({
            type: 'function',
            function: { name: tool.name, description: tool.description, parameters: tool.inputSchema },
          })),
        }),
    ...(forcedTool === undefined
      ? {}
      : { tool_choice: { type: 'function', function: { name: forcedTool } } }),
    [maxTokensParameter]: request.maxTokens,
    stream: true,
    stream_options: { include_usage: true },
  };
}

function toOpenAiMessages(message: ModelMessage): ChatMessage[] {
  const text = message.content.flatMap((block) =>
    block.type === 'text' && block.text !== '' ? [block.text] : [],
  );
  if (message.role === 'assistant') {
    const toolCalls = message.content.flatMap((block) =>
      block.type === 'tool_use'
        ? [
            {
              id: block.id,
              type: 'function' as const,
              function: { name: block.name, arguments: JSON.stringify(block.input) },
            },
          ]
        : [],
    );
    return [
      {
        role: 'assistant',
        content: text.length === 0 && toolCalls.length > 0 ? null : text.join('\n\n'),
        ...(toolCalls.length === 0 ? {} : { tool_calls: toolCalls }),
      },
    ];
  }
  const results: ChatMessage[] = message.content.flatMap((block) =>
    block.type === 'tool_result'
      ? [{ role: 'tool' as const, tool_call_id: block.toolUseId, content: block.content }]
      : [],
  );
  const hasOnlyResults = results.length > 0 && text.length === 0;
  return hasOnlyResults ? results : [...results, { role: 'user', content: text.join('\n\n') }];
}

import type Anthropic from '@anthropic-ai/sdk';
import type { ContentBlock, ModelRequest } from '../model-types.ts';
import { forcedToolOf } from './forced-tool.ts';

/**
 * The Messages API request for a neutral request: the system prompt, the messages with their text,
 * `tool_use` and `tool_result` blocks (`is_error` when the tool failed), the tools with their JSON
 * Schema, the output token limit; streamed. A routing call forces its one tool, `choose_skill`.
 * Empty text blocks are left out (the API refuses them).
 */
export function toAnthropicParams(
  model: string,
  request: ModelRequest,
): Anthropic.MessageCreateParamsStreaming {
  const forcedTool = forcedToolOf(request);
  return {
    model,
    max_tokens: request.maxTokens,
    ...(request.system === '' ? {} : { system: request.system }),
    messages: request.messages.map((message) => ({
      role: message.role,
      content: message.content.flatMap(toAnthropicBlock),
    })),
    ...(request.tools.length === 0
      ? {}
      : {
          tools: request.tools.map((tool) => ({
            name: tool.name,
            description: tool.description,
            input_schema: tool.inputSchema as Anthropic.Tool.InputSchema,
          })),
        }),
    ...(forcedTool === undefined ? {} : { tool_choice: { type: 'tool', name: forcedTool } }),
    stream: true,
  };
}

function toAnthropicBlock(block: ContentBlock): Anthropic.ContentBlockParam[] {
  switch (block.type) {
    case 'text':
      return block.text === '' ? [] : [{ type: 'text', text: block.text }];
    case 'tool_use':
      return [{ type: 'tool_use', id: block.id, name: block.name, input: block.input }];
    case 'tool_result':
      return [
        {
          type: 'tool_result',
          tool_use_id: block.toolUseId,
          content: block.content,
          ...(block.isError ? { is_error: true } : {}),
        },
      ];
  }
}

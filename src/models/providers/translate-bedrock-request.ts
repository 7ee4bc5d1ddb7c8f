import type {
  ContentBlock as ConverseContentBlock,
  Message as ConverseMessage,
  ConverseStreamCommandInput,
  Tool as ConverseTool,
} from '@aws-sdk/client-bedrock-runtime';
import type { DocumentType } from '@smithy/types';
import type { ContentBlock, ModelMessage, ModelRequest, ModelTool } from '../model-types.ts';

/** Sent in place of a tool result that printed nothing: Converse rejects blank text. */
export const emptyToolResultText = '(no output)';

/**
 * The Converse request for `request`. Converse wants roles that alternate and content that is never
 * blank, so blank text blocks and messages left empty are dropped, and consecutive messages of the
 * same role are merged into one (in a merged user message the tool results come first, as the
 * models behind Converse expect them right after the assistant's tool_use blocks).
 */
export function toConverseStreamInput(modelId: string, request: ModelRequest): ConverseStreamCommandInput {
  const input: ConverseStreamCommandInput = {
    modelId,
    messages: toConverseMessages(request.messages),
    inferenceConfig: { maxTokens: request.maxTokens },
  };
  if (request.system.trim() !== '') input.system = [{ text: request.system }];
  if (request.tools.length > 0) input.toolConfig = { tools: request.tools.map(toConverseTool) };
  return input;
}

export function toConverseMessages(messages: readonly ModelMessage[]): ConverseMessage[] {
  const merged: Array<{ role: ModelMessage['role']; content: ContentBlock[] }> = [];
  for (const message of messages) {
    const content = message.content.filter((block) => block.type !== 'text' || block.text.trim() !== '');
    if (content.length === 0) continue;
    const previous = merged.at(-1);
    if (previous?.role === message.role) previous.content.push(...content);
    else merged.push({ role: message.role, content: [...content] });
  }
  return merged.map((message) => ({
    role: message.role,
    content: orderBlocks(message.role, message.content).map(toConverseBlock),
  }));
}

function orderBlocks(role: ModelMessage['role'], content: ContentBlock[]): ContentBlock[] {
  if (role !== 'user') return content;
  return [
    ...content.filter((block) => block.type === 'tool_result'),
    ...content.filter((block) => block.type !== 'tool_result'),
  ];
}

function toConverseBlock(block: ContentBlock): ConverseContentBlock {
  switch (block.type) {
    case 'text':
      return { text: block.text };
    case 'tool_use':
      return { toolUse: { toolUseId: block.id, name: block.name, input: block.input as DocumentType } };
    case 'tool_result':
      return {
        toolResult: {
          toolUseId: block.toolUseId,
          content: [{ text: block.content === '' ? emptyToolResultText : block.content }],
          ...(block.isError ? { status: 'error' as const } : {}),
        },
      };
  }
}

function toConverseTool(tool: ModelTool): ConverseTool {
  return {
    toolSpec: {
      name: tool.name,
      description: tool.description,
      inputSchema: { json: tool.inputSchema as DocumentType },
    },
  };
}

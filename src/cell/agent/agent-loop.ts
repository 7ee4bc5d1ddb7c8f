import type { TurnBrief } from '../../broker/broker-types.ts';
import type { ModelMessage, ModelTool, ToolResultBlock, ToolUseBlock } from '../../models/model-types.ts';
import type { ToolDefinition } from '../../tools/manifest/tool-types.ts';
import { BrokerAnswerError, type BrokerClient } from './broker-client.ts';
import { systemPrompt } from './system-prompt.ts';
import { runToolCall } from './tool-runner.ts';

export interface AgentTurnOptions {
  client: BrokerClient;
  brief: TurnBrief;
  /** The tool definitions of `brief.skill.tools` (unknown names are simply not offered). */
  tools: readonly ToolDefinition[];
  brokerSocket: string;
}

export type AgentTurnStatus = 'completed' | 'interrupted' | 'failed';

export interface AgentTurnResult {
  status: AgentTurnStatus;
  reply: string;
  /** Why the turn did not complete. */
  reason?: string;
  modelCalls: number;
  toolCalls: number;
}

/** Broker answers that end the turn as interrupted rather than failed. */
const interruptingCodes = new Set(['session_interrupted', 'budget_exhausted']);

/**
 * One turn of the tool-use loop, inside the cell: the model (through the broker) reasons and asks
 * for tools, the loop runs them (several at once when the model asks for several) and feeds the
 * results back, until the model answers without tools. The final answer is reported to the
 * broker as the `assistant-message`, which the broker checks against what the model said.
 */
export async function runAgentTurn(options: AgentTurnOptions): Promise<AgentTurnResult> {
  const { client, brief } = options;
  const offered = new Map(options.tools.map((tool) => [tool.name, tool]));
  const modelTools: ModelTool[] = options.tools.map((tool) => ({
    name: tool.name,
    description: tool.description,
    inputSchema: tool.inputSchema,
  }));
  const system = systemPrompt(brief);
  const messages: ModelMessage[] = [
    ...brief.conversation,
    { role: 'user', content: [{ type: 'text', text: brief.message }] },
  ];
  let modelCalls = 0;
  let toolCalls = 0;
  try {
    for (;;) {
      const response = await client.model({
        purpose: 'turn',
        system,
        messages,
        tools: modelTools,
        maxTokens: brief.maxTokensPerCall,
      });
      modelCalls += 1;
      const uses = response.content.filter((block): block is ToolUseBlock => block.type === 'tool_use');
      if (uses.length === 0) {
        const reply = response.content.map((block) => (block.type === 'text' ? block.text : '')).join('');
        await client.event('assistant-message', { text: reply });
        return { status: 'completed', reply, modelCalls, toolCalls };
      }
      messages.push({ role: 'assistant', content: response.content });
      const results: ToolResultBlock[] = await Promise.all(
        uses.map((use) => runToolCall({ client, offered, brokerSocket: options.brokerSocket }, use)),
      );
      toolCalls += uses.length;
      messages.push({ role: 'user', content: results });
      await client.event('progress', {
        step: modelCalls,
        toolCalls,
        tools: uses.map((use) => use.name),
        failed: results.filter((result) => result.isError).length,
      });
    }
  } catch (error) {
    if (error instanceof BrokerAnswerError && interruptingCodes.has(error.code)) {
      return { status: 'interrupted', reply: '', reason: error.message, modelCalls, toolCalls };
    }
    return { status: 'failed', reply: '', reason: (error as Error).message, modelCalls, toolCalls };
  }
}

import { findTool } from '../../tools/manifest/index.ts';
import type { ToolDefinition } from '../../tools/manifest/tool-types.ts';
import { runAgentTurn } from './agent-loop.ts';
import { createBrokerClient } from './broker-client.ts';

/** Exit statuses of the loop process: the host reads the outcome from the broker, these are a summary. */
export const agentExitCodes = { completed: 0, failed: 1, interrupted: 3, usage: 2 } as const;

/**
 * The program a cell runs for one turn: asks its broker what the turn is, runs the loop, prints
 * the outcome as one JSON line. Everything it needs comes through the broker socket.
 */
export async function agentMain(env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const socket = env.SUPPLIER_AGENT_BROKER;
  if (!socket) {
    process.stderr.write('agent: SUPPLIER_AGENT_BROKER is not set\n');
    return agentExitCodes.usage;
  }
  const client = createBrokerClient(socket);
  try {
    const session = await client.session();
    if (!session.turn) {
      process.stderr.write('agent: the broker has no turn for this session\n');
      return agentExitCodes.usage;
    }
    const tools = session.turn.skill.tools
      .map((name) => findTool(name))
      .filter((tool): tool is ToolDefinition => tool !== undefined);
    const result = await runAgentTurn({ client, brief: session.turn, tools, brokerSocket: socket });
    process.stdout.write(`${JSON.stringify(result)}\n`);
    return agentExitCodes[result.status];
  } finally {
    client.close();
  }
}

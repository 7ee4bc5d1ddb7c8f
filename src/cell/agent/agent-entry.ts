import { agentMain } from './agent-main.ts';

// The agent loop's program: run one turn, exit with its status.
process.exitCode = await agentMain();

import { agentMain } from './agent-main.ts';
import { waitForStart } from './wait-for-start.ts';

// The agent loop's program: (in a warm cell, loaded ahead and waiting for its turn) run one turn,
// exit with its status.
if (process.env.SUPPLIER_AGENT_START === 'stdin') await waitForStart(process.stdin);
process.exitCode = await agentMain();

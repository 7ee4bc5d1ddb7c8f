import { agentMain } from './agent-main.ts';
import { waitForStart } from './wait-for-start.ts';

// The agent loop's program: (in a warm cell, loaded ahead and waiting for its turn) run one turn,
// exit with its status. It exits as soon as its output is flushed, rather than when every handle
// has wound down (the paused stdin, sockets closing): the host waits for this exit to end the turn.
if (process.env.SUPPLIER_AGENT_START === 'stdin') await waitForStart(process.stdin);
const status = await agentMain();
process.stdout.write('', () => process.exit(status));

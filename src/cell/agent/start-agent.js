// Entry of the agent loop inside a cell: `node /app/src/cell/agent/start-agent.js`.
// The sources are TypeScript, run through tsx as everywhere else (no build step).
import { register } from 'tsx/esm/api';

register();
const { agentMain } = await import('./agent-main.ts');
process.exitCode = await agentMain();

// Entry of the agent loop inside a cell when no bundle was prepared: the TypeScript sources run
// through tsx, which compiles them at every start (a bundle starts several times faster).
import { register } from 'tsx/esm/api';

register();
await import('./agent-entry.ts');

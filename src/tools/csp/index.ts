export { type ApiOperation, type CommandDefinition, isWriteCommand } from './command-types.ts';
export { cspCommands, findCommand } from './commands/index.ts';
export { type ParsedCspArgv, parseCspArgv } from './parse-argv.ts';
export { type CspRunOptions, type CspRunResult, cspExitCodes, runCsp } from './run-csp.ts';

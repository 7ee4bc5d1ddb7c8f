import { AppError } from '../errors/index.ts';
import { selectCellDriver } from '../sandbox/select-cell-driver.ts';
import { commandHelp, parseCommandLine } from './arguments.ts';
import type { CliCommand, CommandIo } from './command.ts';
import { auditCommand } from './commands/audit.ts';
import { chatCommand } from './commands/chat.ts';
import { cspApiCommand } from './commands/csp-api.ts';
import { replayCommand } from './commands/replay.ts';
import { sandboxCommand } from './commands/sandbox.ts';
import { serveCommand } from './commands/serve.ts';
import { tenantsCommand } from './commands/tenants.ts';
import { tokenCommand } from './commands/token.ts';
import { toolsCommand } from './commands/tools.ts';

export const commands: readonly CliCommand[] = [
  serveCommand,
  cspApiCommand,
  tenantsCommand,
  tokenCommand,
  toolsCommand,
  chatCommand,
  sandboxCommand,
  auditCommand,
  replayCommand,
];

/** The sandbox driver cells would use here, for `--help`; never fails. */
async function driverLine(): Promise<string> {
  const quiet = { info: () => {}, warn: () => {} };
  try {
    const driver = await selectCellDriver({ production: false, log: quiet });
    return `Cells on this machine: sandbox driver ${driver.name}${driver.name === 'none' ? ' (NO ISOLATION)' : ''}.`;
  } catch {
    return 'Cells on this machine: no sandbox driver works.';
  }
}

function programHelp(driver: string): string {
  const width = Math.max(...commands.map((command) => command.name.length));
  return [
    'Usage: supplier-agent COMMAND [options]',
    '',
    'Runs AI agents for suppliers on the Coupa Supplier Portal: isolated, audited, interruptible.',
    '',
    'Commands:',
    ...commands.map((command) => `  ${command.name.padEnd(width)}  ${command.summary}`),
    '',
    'Every command accepts --data-dir DIR (default ./data) and --help.',
    driver,
    '',
  ].join('\n');
}

/** `supplier-agent ARGS`: dispatches to a sub-command and returns the exit status. */
export async function runSupplierAgent(argv: string[], io: CommandIo): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    io.stdout(programHelp(await driverLine()));
    return name === undefined ? 2 : 0;
  }
  const command = commands.find((candidate) => candidate.name === name);
  if (!command)
    throw new AppError('usage', `Unknown command "${name}". Run supplier-agent --help for the list.`);
  const parsed = parseCommandLine(command, rest);
  if (parsed.values.help) {
    io.stdout(commandHelp('supplier-agent', command));
    return 0;
  }
  return command.run(parsed.values, parsed.positionals, io);
}

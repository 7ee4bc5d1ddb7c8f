import {
  type CommandDefinition,
  describeOperation,
  type FlagDefinition,
  isWriteCommand,
} from './command-types.ts';
import { cspCommands } from './commands/index.ts';
import { connectionFlags, idempotencyKeyFlag } from './global-flags.ts';

const outputNote =
  'Prints the API response as JSON on stdout. Exit 0 ok, 1 API error (JSON on stderr), 2 usage error, 3 network error.';

function valuePlaceholder(name: string, definition: FlagDefinition): string {
  if (definition.type === 'switch') return '';
  if (definition.valueName) return ` ${definition.valueName}`;
  if (definition.type === 'boolean') return ' true|false';
  if (definition.type === 'date') return ' DATE';
  return ` ${name.toUpperCase().replace(/-/g, '_')}`;
}

function flagLines(flags: Readonly<Record<string, FlagDefinition>>): string[] {
  const rows = Object.entries(flags).map(([name, definition]) => {
    const notes = [
      definition.required ? 'required' : undefined,
      definition.multiple ? 'repeatable' : undefined,
      definition.choices ? `one of: ${definition.choices.join(', ')}` : undefined,
    ].filter((note) => note !== undefined);
    const suffix = notes.length > 0 ? ` (${notes.join('; ')})` : '';
    return [`--${name}${valuePlaceholder(name, definition)}`, `${definition.description}${suffix}`] as const;
  });
  const width = Math.min(32, Math.max(...rows.map(([left]) => left.length)) + 2);
  return rows.map(([left, right]) =>
    left.length + 2 > width ? `  ${left}\n  ${' '.repeat(width)}${right}` : `  ${left.padEnd(width)}${right}`,
  );
}

function usageLine(command: CommandDefinition): string {
  const positionals = command.positionals.map((p) =>
    p.required ? p.name.toUpperCase() : `[${p.name.toUpperCase()}]`,
  );
  const required = Object.entries(command.flags)
    .filter(([, definition]) => definition.required)
    .map(([name, definition]) => `--${name}${valuePlaceholder(name, definition)}`);
  return ['csp', ...command.path, ...positionals, ...required, '[flags]'].join(' ');
}

/** `csp GROUP COMMAND --help`. */
export function commandHelp(command: CommandDefinition): string {
  const sections = [`Usage: ${usageLine(command)}`, '', command.summary];
  if (command.details) sections.push('', command.details);
  if (command.positionals.length > 0) {
    sections.push('', 'Arguments:');
    for (const positional of command.positionals) {
      sections.push(`  ${positional.name.toUpperCase().padEnd(12)}${positional.description}`);
    }
  }
  const flags = isWriteCommand(command)
    ? { ...command.flags, 'idempotency-key': idempotencyKeyFlag }
    : command.flags;
  if (Object.keys(flags).length > 0) sections.push('', 'Flags:', ...flagLines(flags));
  sections.push('', 'Connection (not needed inside a cell):', ...flagLines(connectionFlags));
  sections.push('', `API: ${command.operations.map(describeOperation).join(', ')}`, outputNote);
  return `${sections.join('\n')}\n`;
}

function commandList(commands: readonly CommandDefinition[]): string[] {
  const rows = commands.map((command) => [command.path.join(' '), command.summary] as const);
  const width = Math.max(...rows.map(([left]) => left.length)) + 2;
  return rows.map(([left, right]) => `  ${left.padEnd(width)}${right}`);
}

/** `csp GROUP --help`: the commands of one group. */
export function groupHelp(prefix: readonly string[]): string {
  const commands = cspCommands.filter((command) =>
    prefix.every((word, index) => command.path[index] === word),
  );
  return `Usage: csp ${prefix.join(' ')} COMMAND [flags]\n\nCommands:\n${commandList(commands).join('\n')}\n\nRun 'csp ${prefix.join(' ')} COMMAND --help' for its flags.\n`;
}

/** `csp --help`: every command. */
export function rootHelp(): string {
  return [
    'csp: the Coupa Supplier Portal API as a command line (JSON on stdout).',
    '',
    'Usage: csp COMMAND [ARGS] [flags]',
    '',
    'Commands:',
    ...commandList(cspCommands),
    '',
    'Connection (not needed inside a cell, where the broker socket is used):',
    ...flagLines(connectionFlags),
    '',
    outputNote,
    "Run 'csp COMMAND --help' for a command's flags.",
    '',
  ].join('\n');
}

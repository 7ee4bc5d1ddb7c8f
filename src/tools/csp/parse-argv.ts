import type { CspConnectionFlags } from '../../config/index.ts';
import { type AppError, isAppError } from '../../errors/index.ts';
import { CommandInput, type FlagValue } from './command-input.ts';
import { type CommandDefinition, type FlagDefinition, isWriteCommand } from './command-types.ts';
import { cspCommands, findCommand } from './commands/index.ts';
import { closestName, convertFlagValue } from './flag-values.ts';
import { connectionFlags, helpFlag, idempotencyKeyFlag } from './global-flags.ts';
import { commandHelp, groupHelp, rootHelp } from './help-text.ts';
import { flagName, usageError } from './usage-error.ts';

/** What a `csp` command line asks for: help, a command to run, or a usage error (exit 2). */
export type ParsedCspArgv =
  | { kind: 'help'; text: string }
  | {
      kind: 'command';
      command: CommandDefinition;
      input: CommandInput;
      connection: CspConnectionFlags;
      idempotencyKey?: string;
    }
  | { kind: 'usage-error'; message: string; hint: string };

/** Parses a `csp` command line without any I/O; run it with `runCsp`. */
export function parseCspArgv(argv: readonly string[]): ParsedCspArgv {
  let index = 0;
  const leading: string[] = [];
  while (index < argv.length && argv[index]!.startsWith('-')) {
    const token = argv[index]!;
    const name = token.replace(/^--?/, '').split('=')[0]!;
    const takesValue = connectionFlags[name] !== undefined && !token.includes('=');
    leading.push(...argv.slice(index, index + (takesValue ? 2 : 1)));
    index += takesValue ? 2 : 1;
  }
  const words: string[] = [];
  for (let cursor = index; cursor < argv.length && !argv[cursor]!.startsWith('-'); cursor += 1) {
    words.push(argv[cursor]!);
  }
  const command = longestCommand(words);
  if (!command) return unresolved(words, [...leading, ...argv.slice(index)]);
  const rest = [...leading, ...argv.slice(index + command.path.length)];
  try {
    return parseCommandArguments(command, rest);
  } catch (error) {
    if (!isAppError(error) || error.code !== 'usage') throw error;
    return usage(error.message, `csp ${command.path.join(' ')} --help`);
  }
}

function longestCommand(words: readonly string[]): CommandDefinition | undefined {
  for (let length = Math.min(words.length, 3); length > 0; length -= 1) {
    const command = findCommand(words.slice(0, length));
    if (command) return command;
  }
  return undefined;
}

/** No command matched: help for a group, or a usage error listing what exists. */
function unresolved(words: readonly string[], tokens: readonly string[]): ParsedCspArgv {
  const wantsHelp = tokens.includes('--help') || tokens.includes('-h');
  const prefix = [...words];
  while (prefix.length > 0 && !cspCommands.some((command) => startsWith(command.path, prefix))) prefix.pop();
  if (prefix.length === 0) {
    if (words.length === 0 && wantsHelp) return { kind: 'help', text: rootHelp() };
    const message = words.length === 0 ? 'a command is required' : `unknown command "${words[0]}"`;
    return usage(message, 'csp --help');
  }
  if (wantsHelp && prefix.length === words.length) return { kind: 'help', text: groupHelp(prefix) };
  const subcommands = [
    ...new Set(cspCommands.filter((c) => startsWith(c.path, prefix)).map((c) => c.path[prefix.length])),
  ];
  const next = words[prefix.length];
  const message =
    next === undefined
      ? `"${prefix.join(' ')}" needs a subcommand: ${subcommands.join(', ')}`
      : `unknown command "${prefix.join(' ')} ${next}"; ${prefix.join(' ')} has: ${subcommands.join(', ')}`;
  return usage(message, `csp ${prefix.join(' ')} --help`);
}

function startsWith(path: readonly string[], prefix: readonly string[]): boolean {
  return prefix.every((word, index) => path[index] === word);
}

function usage(message: string, helpCommand: string): ParsedCspArgv {
  return { kind: 'usage-error', message, hint: `Run '${helpCommand}' for usage.` };
}

/** Flags and positionals after the command words. */
function parseCommandArguments(command: CommandDefinition, tokens: readonly string[]): ParsedCspArgv {
  const known: Record<string, FlagDefinition> = {
    ...command.flags,
    ...connectionFlags,
    help: helpFlag,
    ...(isWriteCommand(command) ? { 'idempotency-key': idempotencyKeyFlag } : {}),
  };
  const split = splitTokens(tokens, known);
  // `--help` wins over any other mistake on the line: the user is asking how to fix it.
  if (split.help) return { kind: 'help', text: commandHelp(command) };
  if (split.error) throw split.error;
  const values = new Map<string, FlagValue>();
  for (const [name, text] of split.flags) {
    const definition = known[name]!;
    storeValue(values, name, definition, convertFlagValue(name, definition, text));
  }
  return commandResult(command, values, split.positionals);
}

interface SplitTokens {
  flags: [name: string, text: string][];
  positionals: string[];
  help: boolean;
  /** The first mistake found; reported unless help was asked for. */
  error?: AppError;
}

/** Pairs flags with their values (the next argument, verbatim, or the text after `=`). */
function splitTokens(tokens: readonly string[], known: Record<string, FlagDefinition>): SplitTokens {
  const split: SplitTokens = { flags: [], positionals: [], help: false };
  const fail = (error: AppError) => {
    split.error ??= error;
  };
  for (let index = 0; index < tokens.length; index += 1) {
    const token = tokens[index]!;
    if (token === '--') {
      split.positionals.push(...tokens.slice(index + 1));
      break;
    }
    if (token === '-h' || token === '--help') {
      split.help = true;
      continue;
    }
    if (!token.startsWith('-') || token === '-') {
      split.positionals.push(token);
      continue;
    }
    const equals = token.indexOf('=');
    const name = token.slice(2, equals < 0 ? undefined : equals);
    const definition = token.startsWith('--') ? known[name] : undefined;
    if (!definition) {
      fail(unknownFlag(token.slice(0, equals < 0 ? undefined : equals), known));
    } else if (definition.type === 'switch') {
      if (equals >= 0) fail(usageError(flagName(name), 'takes no value'));
      split.flags.push([name, '']);
    } else if (equals >= 0) {
      split.flags.push([name, token.slice(equals + 1)]);
    } else if (index + 1 >= tokens.length) {
      fail(usageError(flagName(name), 'needs a value'));
    } else {
      index += 1;
      split.flags.push([name, tokens[index]!]);
    }
  }
  return split;
}

function storeValue(
  values: Map<string, FlagValue>,
  name: string,
  definition: FlagDefinition,
  value: string | number | boolean,
): void {
  const earlier = values.get(name);
  if (definition.multiple) {
    values.set(name, [...((earlier as (string | number)[] | undefined) ?? []), value as string | number]);
    return;
  }
  if (earlier !== undefined) throw usageError(flagName(name), 'is given more than once');
  values.set(name, value);
}

function unknownFlag(flag: string, known: Record<string, FlagDefinition>) {
  const suggestion = closestName(flag.replace(/^-+/, ''), Object.keys(known));
  return usageError(flag, `unknown flag${suggestion ? ` (did you mean --${suggestion}?)` : ''}`);
}

function commandResult(
  command: CommandDefinition,
  values: Map<string, FlagValue>,
  positionals: readonly string[],
): ParsedCspArgv {
  for (const [name, definition] of Object.entries(command.flags)) {
    if (definition.required && !values.has(name)) throw usageError(flagName(name), 'is required');
  }
  const named = new Map<string, string>();
  command.positionals.forEach((positional, index) => {
    const value = positionals[index];
    if (value !== undefined) named.set(positional.name, value);
    else if (positional.required) throw usageError(positional.name.toUpperCase(), 'is required');
  });
  const extra = positionals[command.positionals.length];
  if (extra !== undefined) throw usageError(extra, 'unexpected argument');
  const connection: CspConnectionFlags = {};
  const take = (name: string) => {
    const value = values.get(name);
    values.delete(name);
    return value === undefined ? undefined : String(value);
  };
  connection.apiUrl = take('api-url');
  connection.token = take('token');
  connection.clientId = take('client-id');
  connection.clientSecret = take('client-secret');
  const idempotencyKey = take('idempotency-key');
  if (idempotencyKey !== undefined && (idempotencyKey.length === 0 || idempotencyKey.length > 255)) {
    throw usageError(flagName('idempotency-key'), 'must be 1 to 255 characters');
  }
  return {
    kind: 'command',
    command,
    input: new CommandInput(values, named),
    connection,
    ...(idempotencyKey === undefined ? {} : { idempotencyKey }),
  };
}

import { parseArgs } from 'node:util';
import { AppError } from '../errors/index.ts';
import { type CliCommand, commonOptions, type OptionSpec } from './command.ts';

export interface ParsedCommandLine {
  values: Record<string, string | boolean | string[] | undefined>;
  positionals: string[];
}

/** Strict parsing: an unknown flag or a missing value is a `usage` error naming it. */
export function parseCommandLine(command: CliCommand, argv: string[]): ParsedCommandLine {
  const options = { ...command.options, ...commonOptions };
  const config = Object.fromEntries(
    Object.entries(options).map(([name, spec]) => {
      const { description: _description, valueName: _valueName, ...parseSpec } = spec;
      return [name, parseSpec];
    }),
  );
  try {
    const parsed = parseArgs({ args: argv, options: config, strict: true, allowPositionals: true });
    return { values: parsed.values as ParsedCommandLine['values'], positionals: parsed.positionals };
  } catch (error) {
    const message = (error as Error).message.replace(/\. To specify a positional argument.*$/s, '.');
    throw new AppError('usage', `${message} See supplier-agent ${command.name} --help.`, {
      cause: error,
    });
  }
}

export function commandHelp(program: string, command: CliCommand): string {
  const options = { ...command.options, ...commonOptions };
  const usage = `Usage: ${program} ${command.name}${command.positionals ? ` ${command.positionals}` : ''} [options]`;
  const rows = Object.entries(options).map(
    ([name, spec]) => [optionLabel(name, spec), spec.description] as const,
  );
  const width = Math.max(...rows.map(([label]) => label.length));
  return `${usage}\n\n${command.summary}\n\nOptions:\n${rows.map(([label, text]) => `  ${label.padEnd(width)}  ${text}`).join('\n')}\n`;
}

function optionLabel(name: string, spec: OptionSpec): string {
  const short = spec.short ? `-${spec.short}, ` : '';
  const value = spec.type === 'string' ? ` ${spec.valueName ?? 'VALUE'}` : '';
  return `${short}--${name}${value}`;
}

/** A whole-number option in a range, or a usage error naming the flag. */
export function integerOption(name: string, value: unknown, min: number, max: number): number | undefined {
  if (value === undefined) return undefined;
  const text = String(value);
  const number = Number(text);
  if (!/^\d+$/.test(text) || number < min || number > max) {
    throw new AppError('usage', `--${name} must be a whole number from ${min} to ${max}, got "${text}".`);
  }
  return number;
}

export function stringOption(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

import type { ParseArgsConfig } from 'node:util';

/** Where a command writes, and the environment it may read (only through `config/`). */
export interface CommandIo {
  stdout(text: string): void;
  stderr(text: string): void;
  env: NodeJS.ProcessEnv;
  /** Aborted on SIGINT/SIGTERM: long-running commands shut down gracefully. */
  signal: AbortSignal;
}

export type OptionSpec = NonNullable<ParseArgsConfig['options']>[string] & {
  description: string;
  valueName?: string;
};

/** One sub-command of `supplier-agent`: thin — parse, call, print. */
export interface CliCommand {
  name: string;
  summary: string;
  /** Positional arguments, shown in usage (e.g. `SESSION`). */
  positionals?: string;
  options: Record<string, OptionSpec>;
  run(
    values: Record<string, string | boolean | string[] | undefined>,
    positionals: string[],
    io: CommandIo,
  ): Promise<number>;
}

/** Options every command accepts. */
export const commonOptions: Record<string, OptionSpec> = {
  'data-dir': {
    type: 'string',
    description: 'Where everything this run writes goes (default ./data).',
    valueName: 'DIR',
  },
  help: { type: 'boolean', short: 'h', description: 'Show this help.' },
};

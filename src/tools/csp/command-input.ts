import { flagName, usageError } from './usage-error.ts';

/** A parsed flag value: strings and numbers as typed, switches as `true`, repeated flags as lists. */
export type FlagValue = string | number | boolean | ReadonlyArray<string | number>;

/** The parsed arguments of one command, with typed accessors for its build function. */
export class CommandInput {
  readonly #flags: ReadonlyMap<string, FlagValue>;
  readonly #positionals: ReadonlyMap<string, string>;

  constructor(flags: ReadonlyMap<string, FlagValue>, positionals: ReadonlyMap<string, string>) {
    this.#flags = flags;
    this.#positionals = positionals;
  }

  has(name: string): boolean {
    return this.#flags.has(name);
  }

  /** The value as parsed (number for numeric flags, boolean for booleans and switches). */
  value(name: string): FlagValue | undefined {
    return this.#flags.get(name);
  }

  string(name: string): string | undefined {
    const value = this.#flags.get(name);
    return value === undefined ? undefined : String(value);
  }

  number(name: string): number | undefined {
    const value = this.#flags.get(name);
    return typeof value === 'number' ? value : undefined;
  }

  boolean(name: string): boolean | undefined {
    const value = this.#flags.get(name);
    return typeof value === 'boolean' ? value : undefined;
  }

  /** A repeatable flag's values (empty when absent). */
  list(name: string): string[] {
    const value = this.#flags.get(name);
    if (value === undefined) return [];
    return Array.isArray(value) ? value.map(String) : [String(value)];
  }

  positional(name: string): string | undefined {
    return this.#positionals.get(name);
  }

  /** A positional the parser already checked for; throws if a definition forgot `required`. */
  requiredPositional(name: string): string {
    const value = this.#positionals.get(name);
    if (value === undefined) throw usageError(name.toUpperCase(), 'is required');
    return value;
  }

  /** A flag the command needs in this form of the call. */
  requiredString(name: string): string {
    const value = this.string(name);
    if (value === undefined) throw usageError(flagName(name), 'is required');
    return value;
  }

  /** Names of the given flags, for checks like "at least one of". */
  given(): string[] {
    return [...this.#flags.keys()];
  }
}

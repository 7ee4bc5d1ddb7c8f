import type { CommandInput } from './command-input.ts';

/** What a flag's value is; `switch` takes no value (`--unset`), the others take one. */
export type FlagType = 'string' | 'integer' | 'number' | 'boolean' | 'date' | 'switch';

export interface FlagDefinition {
  type: FlagType;
  description: string;
  /** Placeholder in help (`--status STATUS`); derived from the type when absent. */
  valueName?: string;
  required?: boolean;
  /** The flag may be given several times; its value is then a list. */
  multiple?: boolean;
  /** Allowed values (for `string` flags). */
  choices?: readonly string[];
  /** Bounds for `integer` and `number` flags. */
  min?: number;
  max?: number;
}

export interface PositionalDefinition {
  name: string;
  description: string;
  required: boolean;
}

export type HttpMethod = 'GET' | 'POST' | 'PUT';

/** One CSP API operation, as the server registers it: method + Fastify path template. */
export interface ApiOperation {
  method: HttpMethod;
  path: string;
}

/** A request a command wants sent: one of its declared operations, filled in. */
export interface ApiRequest {
  operation: ApiOperation;
  /** Values for the `:name` parameters of the operation's path. */
  params?: Record<string, string>;
  /** Query parameters in order (a key may repeat). */
  query?: ReadonlyArray<readonly [string, string]>;
  /** A JSON body. */
  body?: unknown;
  /** A body sent as is (CSV uploads). */
  rawBody?: { contentType: string; text: string };
}

/** What a command may use while building its request: file reads and read-only lookups. */
export interface BuildContext {
  readFile(path: string): Promise<string>;
  /** Sends a `GET` (one of the command's operations) and returns the parsed JSON body. */
  lookup(request: ApiRequest): Promise<unknown>;
}

/**
 * One `csp` command, declared as data: help text, argument parsing and the tool manifest all come
 * from this one definition.
 */
export interface CommandDefinition {
  /** Words that name the command: `['purchase-orders', 'acknowledge']`. */
  path: readonly string[];
  summary: string;
  /** Extra help paragraphs (examples, rules worth knowing). */
  details?: string;
  positionals: readonly PositionalDefinition[];
  flags: Readonly<Record<string, FlagDefinition>>;
  /** Every API operation the command may perform (the egress allowlist refers to these). */
  operations: readonly ApiOperation[];
  build(input: CommandInput, context: BuildContext): ApiRequest | Promise<ApiRequest>;
}

/** Whether a command changes data (and so takes `--idempotency-key`). */
export function isWriteCommand(command: CommandDefinition): boolean {
  return command.operations.some((operation) => operation.method !== 'GET');
}

/** `GET /api/purchase_orders/:id`, for help text and messages. */
export function describeOperation(operation: ApiOperation): string {
  return `${operation.method} ${operation.path}`;
}

import type { z } from 'zod';
import type { ApiOperation } from '../csp/command-types.ts';

/** How one input field becomes `csp` arguments. */
export type ArgMapping =
  /** The command's positional argument (sent after `--`, so it can never read as a flag). */
  | { kind: 'positional' }
  /** `--flag VALUE`; an array repeats the flag. `encode` rewrites each value first. */
  | { kind: 'flag'; flag: string; encode?: (value: unknown) => string }
  /** `--flag` when the value is `true` (or, with `when: false`, when it is `false`). */
  | { kind: 'switch'; flag: string; when?: boolean }
  /** `--flag JSON`, after an optional rewrite (e.g. snake_case keys to the API's hyphenated keys). */
  | { kind: 'json'; flag: string; encode?: (value: unknown) => unknown }
  /** A nested object whose keys map to flags of their own. */
  | { kind: 'object'; flags: Readonly<Record<string, string>> };

/** A JSON Schema object, as handed to a model. */
export type JsonSchema = Record<string, unknown>;

/** One tool the agent can call: a `csp` command with a model-facing input schema. */
export interface ToolDefinition {
  /** Stable snake_case name (scripts and drills name tools). */
  name: string;
  /** For the model: what it does, when to use it, what it returns. */
  description: string;
  /** The zod schema that validates the model's input (the JSON Schema is derived from it). */
  input: z.ZodObject;
  inputSchema: JsonSchema;
  /** The `csp` command it runs, e.g. `['purchase-orders', 'list']`. */
  command: readonly string[];
  /** The API operations it may perform, taken from the command definition. */
  operations: readonly ApiOperation[];
  /** Input field -> arguments. */
  args: Readonly<Record<string, ArgMapping>>;
}

/** `validateToolInput`'s answer: the parsed input, or messages keyed by field (`lines[0].quantity`). */
export type ToolInputValidation =
  | { ok: true; data: Record<string, unknown> }
  | { ok: false; errors: Record<string, string[]> };

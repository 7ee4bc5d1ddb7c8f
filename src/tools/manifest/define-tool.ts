import { z } from 'zod';
import type { ApiOperation } from '../csp/command-types.ts';
import { findCommand } from '../csp/commands/index.ts';
import type { ArgMapping, JsonSchema, ToolDefinition } from './tool-types.ts';

export interface ToolSpec<Shape extends z.ZodRawShape> {
  name: string;
  description: string;
  command: readonly string[];
  input: z.ZodObject<Shape>;
  /** Every input field needs a mapping, so nothing the model sends is silently dropped. */
  args: { readonly [Key in keyof Shape]-?: ArgMapping };
  /** Narrows the command's operations when the tool uses only some of them. */
  operations?: (operations: readonly ApiOperation[]) => readonly ApiOperation[];
}

/** The model-facing JSON Schema of an input: draft 2020-12 without the `$schema` marker. */
export function jsonSchemaOf(input: z.ZodObject): JsonSchema {
  const { $schema: _marker, ...schema } = z.toJSONSchema(input, { io: 'input' }) as JsonSchema;
  return schema;
}

/** Builds a tool from its spec; the command must exist (a typo fails at load, and in tests). */
export function defineTool<Shape extends z.ZodRawShape>(spec: ToolSpec<Shape>): ToolDefinition {
  const command = findCommand(spec.command);
  if (!command) throw new Error(`Tool ${spec.name} names an unknown csp command: ${spec.command.join(' ')}`);
  const input = spec.input as unknown as z.ZodObject;
  let inputSchema: JsonSchema | undefined;
  return {
    name: spec.name,
    description: spec.description,
    input,
    // Converted when first asked for: a loop offers a skill's few tools, and converting all of
    // them costs every cell about 20 ms of CPU at start.
    get inputSchema() {
      inputSchema ??= jsonSchemaOf(input);
      return inputSchema;
    },
    command: command.path,
    operations: spec.operations ? spec.operations(command.operations) : command.operations,
    args: spec.args as Readonly<Record<string, ArgMapping>>,
  };
}

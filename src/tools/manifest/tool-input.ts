import { validationError } from '../../errors/index.ts';
import { zodFieldErrors } from '../../errors/zod-fields.ts';
import type { ToolDefinition, ToolInputValidation } from './tool-types.ts';

/** Checks a model's tool input against the tool's schema; never throws. */
export function validateToolInput(tool: ToolDefinition, input: unknown): ToolInputValidation {
  const result = tool.input.safeParse(input ?? {});
  if (result.success) return { ok: true, data: result.data as Record<string, unknown> };
  const errors = zodFieldErrors(result.error, 'input');
  return { ok: false, errors };
}

function encodeFlag(flag: string, value: unknown, encode?: (value: unknown) => string): string[] {
  const values = Array.isArray(value) ? value : [value];
  return values.flatMap((item) => [`--${flag}`, encode ? encode(item) : String(item)]);
}

/**
 * The `csp` argv for a tool call. Positionals go after `--`, and every value is its own argument,
 * so nothing the model sends can turn into a flag of its choosing. Invalid input throws (validate first).
 */
export function toolArgv(tool: ToolDefinition, input: unknown): string[] {
  const validation = validateToolInput(tool, input);
  if (!validation.ok) throw validationError(validation.errors, `Invalid input for tool ${tool.name}.`);
  const flags: string[] = [];
  const positionals: string[] = [];
  for (const [key, mapping] of Object.entries(tool.args)) {
    const value = validation.data[key];
    if (value === undefined) continue;
    switch (mapping.kind) {
      case 'positional':
        positionals.push(String(value));
        break;
      case 'flag':
        flags.push(...encodeFlag(mapping.flag, value, mapping.encode));
        break;
      case 'switch':
        if (value === (mapping.when ?? true)) flags.push(`--${mapping.flag}`);
        break;
      case 'json':
        flags.push(`--${mapping.flag}`, JSON.stringify(mapping.encode ? mapping.encode(value) : value));
        break;
      case 'object':
        for (const [field, flag] of Object.entries(mapping.flags)) {
          const inner = (value as Record<string, unknown>)[field];
          if (inner !== undefined) flags.push(...encodeFlag(flag, inner));
        }
        break;
    }
  }
  return [...tool.command, ...flags, ...(positionals.length > 0 ? ['--', ...positionals] : [])];
}

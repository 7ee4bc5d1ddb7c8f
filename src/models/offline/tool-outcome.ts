import type { ToolFailure, ToolOutcome } from './planner-types.ts';

/**
 * Reads a `tool_result` back: the `csp` JSON on success; on failure the error object, either
 * `{"error":{"code","message","status"}}` or the `csp` error line `{"status","code","errors"}`.
 */
export function readToolOutcome(content: string, isError: boolean | undefined): ToolOutcome {
  const parsed = parseJson(content);
  if (!isError) return { ok: true, value: parsed === undefined ? content : parsed };
  return { ok: false, error: readFailure(parsed, content) };
}

function readFailure(parsed: unknown, content: string): ToolFailure {
  const body = isRecord(parsed) ? parsed : {};
  const nested = isRecord(body.error) ? body.error : body;
  const code = typeof nested.code === 'string' ? nested.code : 'tool_error';
  const status = typeof nested.status === 'number' ? nested.status : undefined;
  const message =
    typeof nested.message === 'string'
      ? nested.message
      : isRecord(nested.errors)
        ? flattenFieldErrors(nested.errors)
        : content.trim() || 'the tool failed without a message';
  return status === undefined ? { code, message } : { code, message, status };
}

/** `{"lines[0].quantity": ["too big"]}` -> `lines[0].quantity: too big`. */
export function flattenFieldErrors(errors: Record<string, unknown>): string {
  return Object.entries(errors)
    .map(([field, messages]) => {
      const text = Array.isArray(messages) ? messages.map(String).join(', ') : String(messages);
      return field === 'base' ? text : `${field}: ${text}`;
    })
    .join('; ');
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

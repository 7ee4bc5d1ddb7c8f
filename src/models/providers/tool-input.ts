import { AppError } from '../../errors/index.ts';

/** How much of an unusable tool input an error's details quote. */
const quotedInputLength = 500;

/**
 * The input object of a streamed tool call, from the JSON text the provider streamed for it (no text
 * at all means `{}`). Input that is not a JSON object fails the whole call with `model_failed`: running
 * a tool on a guess (`{}`, a partial object) could act on the wrong record, and the raw text stays in
 * the recorded provider body for the audit log.
 */
export function parseToolInput(
  provider: string,
  toolCall: { id: string; name: string },
  json: string,
): Record<string, unknown> {
  const text = json.trim() === '' ? '{}' : json;
  let input: unknown;
  try {
    input = JSON.parse(text);
  } catch {
    throw unusableInput(provider, toolCall, json, 'is not valid JSON');
  }
  if (input === null || typeof input !== 'object' || Array.isArray(input)) {
    throw unusableInput(provider, toolCall, json, 'is not a JSON object');
  }
  return input as Record<string, unknown>;
}

function unusableInput(
  provider: string,
  toolCall: { id: string; name: string },
  json: string,
  problem: string,
): AppError {
  return new AppError(
    'model_failed',
    `${provider} answered with a call of tool ${toolCall.name} whose input ${problem}; the call was not run.`,
    {
      details: {
        provider,
        tool: toolCall.name,
        toolUseId: toolCall.id,
        input: json.length > quotedInputLength ? `${json.slice(0, quotedInputLength)}...` : json,
      },
    },
  );
}

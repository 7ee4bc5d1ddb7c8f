import fs from 'node:fs';
import { z } from 'zod';
import { AppError } from '../../errors/index.ts';

const toolCallSchema = z.strictObject({
  name: z.string().min(1),
  // Anything at all: the script may send invalid input on purpose.
  input: z.unknown().optional(),
});

const entrySchema = z.strictObject({
  text: z.string().optional(),
  toolCalls: z.array(toolCallSchema).optional(),
  /** Answer of a routing call: the skill to run (or `none`). */
  skill: z.string().optional(),
  /** Tokens this call reports; default estimated from the text (characters / 4). */
  usage: z
    .strictObject({ inputTokens: z.number().int().min(0), outputTokens: z.number().int().min(0) })
    .optional(),
  /** The call takes this long (honouring aborts), to exercise interrupts and wall-time budgets. */
  delayMs: z.number().int().min(0).max(600_000).optional(),
  /** Stream the text in chunks of this many characters (each one an `onTextDelta`). */
  streamChunk: z.number().int().positive().optional(),
});

export const scriptSchema = z.strictObject({
  /**
   * `sequence` (default): each call takes the next entry, across turns and sessions. `per-turn`:
   * every turn replays the entries from the first, the step of the turn choosing the entry, so any
   * number of sessions can run the same script at once (benchmarks, drills).
   */
  mode: z.enum(['sequence', 'per-turn']).optional(),
  turns: z.array(entrySchema),
});

export type ScriptEntry = z.infer<typeof entrySchema>;
export type Script = z.infer<typeof scriptSchema>;

/** Validates a script, naming the first wrong field (`turns[2].toolCalls[0].name`). */
export function parseScript(value: unknown, source: string): Script {
  const parsed = scriptSchema.safeParse(value);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const field = issue
    ? issue.path
        .map((part) => (typeof part === 'number' ? `[${part}]` : `.${String(part)}`))
        .join('')
        .replace(/^\./, '')
    : '';
  throw new AppError(
    'invalid_argument',
    `Scripted model ${source}: ${field || 'script'}: ${issue?.message ?? 'invalid'}.`,
    {
      details: { file: source, field },
    },
  );
}

/** Reads and validates a script file. */
export function readScriptFile(file: string): Script {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    throw new AppError(
      'invalid_argument',
      `Scripted model: cannot read ${file}: ${(error as Error).message}.`,
      {
        cause: error,
      },
    );
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new AppError('invalid_argument', `Scripted model ${file}: not JSON (${(error as Error).message}).`);
  }
  return parseScript(value, file);
}

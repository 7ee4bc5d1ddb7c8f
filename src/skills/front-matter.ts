import { parse, YAMLError } from 'yaml';
import { skillFileError } from './skill-error.ts';

export interface FrontMatter {
  /** The YAML mapping between the `---` lines. */
  data: Record<string, unknown>;
  /** Everything after the closing `---` line. */
  body: string;
}

const frontMatterPattern = /^(?:\uFEFF)?---[ \t]*\r?\n(?:([\s\S]*?)\r?\n)?---[ \t]*(?:\r?\n|$)/;

/** The parser's message with its position as a line of the file (the YAML starts on line 2). */
function yamlProblem(error: unknown): string {
  if (!(error instanceof YAMLError)) return error instanceof Error ? error.message : String(error);
  const reason = (error.message.split('\n')[0] ?? '').replace(/ at line \d+, column \d+:?$/, '');
  const position = error.linePos?.[0];
  return position ? `${reason} (line ${position.line + 1}, column ${position.col})` : reason;
}

/**
 * Splits a SKILL.md into its YAML front matter (between a first line `---` and the next line `---`)
 * and its body. No front matter, YAML that does not parse (duplicate keys included), or YAML that is
 * not a mapping is an `invalid_argument` error naming the file.
 */
export function readFrontMatter(file: string, text: string): FrontMatter {
  const match = frontMatterPattern.exec(text);
  if (!match) {
    throw skillFileError(
      file,
      'front-matter',
      'is missing: the file must start with a line "---", the YAML fields, then a line "---".',
    );
  }
  let data: unknown;
  try {
    data = parse(match[1] ?? '', { prettyErrors: true, uniqueKeys: true });
  } catch (error) {
    throw skillFileError(file, 'front-matter', `is not valid YAML: ${yamlProblem(error)}`);
  }
  if (data === null || data === undefined) data = {};
  if (typeof data !== 'object' || Array.isArray(data)) {
    throw skillFileError(
      file,
      'front-matter',
      'must be a YAML mapping of fields (name: ..., description: ...).',
    );
  }
  return { data: data as Record<string, unknown>, body: text.slice(match[0].length) };
}

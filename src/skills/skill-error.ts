import { AppError } from '../errors/index.ts';

/** The error of a malformed SKILL.md: `FILE: FIELD problem`, with `details: { file, field }`. */
export function skillFileError(file: string, field: string, problem: string): AppError {
  return new AppError('invalid_argument', `${file}: ${field} ${problem}`, { details: { file, field } });
}

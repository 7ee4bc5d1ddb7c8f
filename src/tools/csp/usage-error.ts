import { AppError } from '../../errors/index.ts';

/** A command-line mistake (exit 2): the message names the flag or argument at fault. */
export function usageError(name: string, message: string): AppError {
  return new AppError('usage', `${name}: ${message}`, { fields: { [name]: [message] } });
}

/** The name of a flag as the user types it. */
export function flagName(name: string): string {
  return `--${name}`;
}

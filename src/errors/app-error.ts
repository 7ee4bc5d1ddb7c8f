import { type ErrorCode, httpStatusOf } from './error-codes.ts';

/** Field name -> messages, as the CSP API reports validation problems. */
export type FieldErrors = Record<string, string[]>;

export interface AppErrorOptions {
  /** Field-level problems, keyed by field name. */
  fields?: FieldErrors;
  /** Extra machine-readable facts (never secrets). */
  details?: Record<string, unknown>;
  /** Whether the same request may succeed if retried unchanged. */
  retryable?: boolean;
  cause?: unknown;
}

/** The one error type of the project: a stable code, a human message, optional field errors. */
export class AppError extends Error {
  readonly code: ErrorCode;
  readonly fields: FieldErrors | undefined;
  readonly details: Record<string, unknown> | undefined;
  readonly retryable: boolean;

  constructor(code: ErrorCode, message: string, options: AppErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'AppError';
    this.code = code;
    this.fields = options.fields;
    this.details = options.details;
    this.retryable = options.retryable ?? false;
  }

  get httpStatus(): number {
    return httpStatusOf(this.code);
  }
}

export function isAppError(value: unknown): value is AppError {
  return value instanceof AppError;
}

/** A 422 with one or more field errors. */
export function validationError(fields: FieldErrors, message = 'The request has invalid fields.'): AppError {
  return new AppError('validation_failed', message, { fields });
}

import { AppError, type FieldErrors, isAppError } from '../../errors/index.ts';

export const notFoundMessage = 'No results match your search criteria.';

/** The CSP API's error body: Coupa's `{"errors": {field: [messages]}}`, plus our stable `code`. */
export interface CspErrorBody {
  errors: FieldErrors;
  code: string;
}

export function errorBody(error: AppError): CspErrorBody {
  switch (error.code) {
    case 'not_found':
      return { errors: { base: [notFoundMessage] }, code: error.code };
    case 'insufficient_scope':
      return { errors: { scope: ['insufficient scope'] }, code: error.code };
    case 'unauthenticated':
    case 'token_expired':
      return { errors: { token: [error.message] }, code: error.code };
    default:
      return { errors: error.fields ?? { base: [error.message] }, code: error.code };
  }
}

/** Maps anything thrown by a handler (ours or Fastify's) to an `AppError`; never leaks internals. */
export function toAppError(error: unknown): AppError {
  if (isAppError(error)) return error;
  const fastifyCode = (error as { code?: string } | null)?.code;
  switch (fastifyCode) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return new AppError('payload_too_large', 'The request body is too large.');
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return new AppError('unsupported_media_type', 'Unsupported Content-Type; send application/json.');
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
      return new AppError('invalid_json', 'The request body is not valid JSON.');
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return new AppError('invalid_argument', 'The Content-Length header does not match the body.');
  }
  if (error instanceof SyntaxError)
    return new AppError('invalid_json', 'The request body is not valid JSON.');
  return new AppError('internal', 'Internal error.', { cause: error });
}

import type { FastifyReply } from 'fastify';
import { AppError, isAppError } from '../errors/index.ts';

/** The gateway's error body: a stable code, a message for people, facts for programs. */
export interface ErrorBody {
  error: {
    code: string;
    message: string;
    /** Machine-readable facts; `fields` names each invalid field with its problems. */
    details?: Record<string, unknown>;
  };
}

/** Fastify's own error codes (body parsing and limits), as our stable codes. */
const fastifyErrors: Record<string, () => AppError> = {
  FST_ERR_CTP_BODY_TOO_LARGE: () => new AppError('payload_too_large', 'The request body is too large.'),
  FST_ERR_CTP_INVALID_MEDIA_TYPE: () =>
    new AppError('unsupported_media_type', 'Unsupported Content-Type: send application/json.'),
  FST_ERR_CTP_INVALID_TYPE: () =>
    new AppError('unsupported_media_type', 'Unsupported Content-Type: send application/json.'),
  FST_ERR_CTP_EMPTY_JSON_BODY: () => new AppError('invalid_json', 'The request body is empty.'),
  FST_ERR_CTP_INVALID_JSON_BODY: () => new AppError('invalid_json', 'The request body is not valid JSON.'),
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: () =>
    new AppError('invalid_argument', 'The Content-Length header does not match the body.'),
  FST_ERR_CTP_INVALID_HEADER: () => new AppError('invalid_argument', 'The Content-Type header is malformed.'),
};

/** Anything a handler threw (ours, Fastify's, a bug) as an AppError; unknown errors are `internal`. */
export function toAppError(error: unknown): AppError {
  if (isAppError(error)) return error;
  const fastifyCode = (error as { code?: unknown } | null)?.code;
  const known = typeof fastifyCode === 'string' ? fastifyErrors[fastifyCode] : undefined;
  if (known) return known();
  if (error instanceof SyntaxError)
    return new AppError('invalid_json', 'The request body is not valid JSON.');
  return new AppError('internal', 'Internal error.', { cause: error });
}

/** The body for an error: never a stack, a cause, or the details of an internal error. */
export function errorBody(error: AppError): ErrorBody {
  if (error.code === 'internal') return { error: { code: 'internal', message: 'Internal error.' } };
  const details: Record<string, unknown> = { ...(error.details ?? {}) };
  if (error.fields) details.fields = error.fields;
  return {
    error: {
      code: error.code,
      message: error.message,
      ...(Object.keys(details).length > 0 ? { details } : {}),
    },
  };
}

/** Seconds a client should wait before retrying, when the error says (at least 1 for a 429). */
export function retryAfterSeconds(error: AppError): number | undefined {
  const given = error.details?.retryAfterSeconds;
  if (typeof given === 'number' && Number.isFinite(given) && given > 0) return Math.ceil(given);
  return error.code === 'rate_limited' ? 1 : undefined;
}

/** Response headers that go with an error: `Retry-After`, and `WWW-Authenticate` on a 401. */
export function errorHeaders(error: AppError): Record<string, string> {
  const headers: Record<string, string> = {};
  const retryAfter = retryAfterSeconds(error);
  if (retryAfter !== undefined) headers['retry-after'] = String(retryAfter);
  if (error.httpStatus === 401) headers['www-authenticate'] = 'Bearer realm="supplier-agent"';
  return headers;
}

export function sendError(reply: FastifyReply, error: AppError): FastifyReply {
  return reply.code(error.httpStatus).headers(errorHeaders(error)).send(errorBody(error));
}

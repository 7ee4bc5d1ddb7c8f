/**
 * The catalogue of stable error codes and the HTTP status each one maps to.
 * Codes are part of the public interface: add new ones, never rename.
 */
export const errorCodes = {
  invalid_argument: 400,
  invalid_filter: 400,
  invalid_json: 400,
  unauthenticated: 401,
  token_expired: 401,
  invalid_client: 401,
  token_not_yet_valid: 401,
  unknown_tenant: 401,
  insufficient_scope: 403,
  tenant_suspended: 403,
  not_found: 404,
  method_not_allowed: 405,
  illegal_transition: 409,
  conflict: 409,
  payload_too_large: 413,
  unsupported_media_type: 415,
  validation_failed: 422,
  idempotency_key_reused: 422,
  rate_limited: 429,
  internal: 500,
  model_failed: 502,
  unavailable: 503,
  usage: 2,
} as const;

export type ErrorCode = keyof typeof errorCodes;

/** HTTP status for a code; `usage` (a command-line error) has no HTTP status and maps to 400. */
export function httpStatusOf(code: ErrorCode): number {
  const status = errorCodes[code];
  return status < 100 ? 400 : status;
}

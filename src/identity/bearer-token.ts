import { rejection } from './verification-error.ts';

/**
 * The token of an `Authorization: Bearer TOKEN` header (RFC 6750, section 2.1); refuses a missing
 * header or another scheme with `unauthenticated`.
 */
export function bearerTokenOf(authorization: string | undefined): string {
  if (authorization === undefined || authorization.trim() === '') {
    throw rejection(
      'unauthenticated',
      'missing_token',
      'No bearer token was given (Authorization: Bearer TOKEN).',
    );
  }
  const match = /^Bearer +([A-Za-z0-9\-._~+/]+=*) *$/i.exec(authorization);
  if (!match?.[1]) {
    throw rejection(
      'unauthenticated',
      'malformed',
      'The Authorization header is not of the form "Bearer TOKEN".',
    );
  }
  return match[1];
}

import { errors } from 'jose';
import { AppError, type ErrorCode } from '../errors/index.ts';

/**
 * Why a token was refused, in `details.reason` of the AppError: finer than the code, stable, and safe
 * to log or count (it never contains the token).
 */
export const rejectionReasons = [
  'missing_token',
  'malformed',
  'algorithm_none',
  'algorithm_not_allowed',
  'bad_signature',
  'unknown_key',
  'wrong_issuer',
  'wrong_audience',
  'missing_claim',
  'invalid_claim',
  'expired',
  'not_yet_valid',
  'issued_in_future',
  'unknown_tenant',
  'no_agent_scope',
  'keys_unavailable',
] as const;

export type RejectionReason = (typeof rejectionReasons)[number];

/** An AppError for a refused token: `code` for the client, `details.reason` for logs and tests. */
export function rejection(
  code: ErrorCode,
  reason: RejectionReason,
  message: string,
  cause?: unknown,
): AppError {
  return new AppError(code, message, {
    details: { reason },
    retryable: code === 'unavailable',
    ...(cause === undefined ? {} : { cause }),
  });
}

/** The reason a refused token carries, if the error is such a refusal. */
export function rejectionReasonOf(error: unknown): RejectionReason | undefined {
  if (!(error instanceof AppError)) return undefined;
  const reason = error.details?.reason;
  return rejectionReasons.includes(reason as RejectionReason) ? (reason as RejectionReason) : undefined;
}

/** Translates a jose verification failure into a refusal; messages name the problem, never the token. */
export function rejectionFromJose(error: unknown): AppError {
  if (error instanceof AppError) return error;
  if (error instanceof errors.JWTExpired) {
    return rejection('token_expired', 'expired', 'The token has expired.', error);
  }
  if (error instanceof errors.JWTClaimValidationFailed) return claimRejection(error);
  if (error instanceof errors.JOSEAlgNotAllowed) {
    return rejection(
      'unauthenticated',
      'algorithm_not_allowed',
      'The token is signed with an algorithm that is not allowed.',
      error,
    );
  }
  if (error instanceof errors.JWSSignatureVerificationFailed) {
    return rejection('unauthenticated', 'bad_signature', 'The token signature is not valid.', error);
  }
  if (error instanceof errors.JWKSNoMatchingKey) {
    return rejection(
      'unauthenticated',
      'unknown_key',
      'The token is signed with a key the issuer does not publish.',
      error,
    );
  }
  if (error instanceof errors.JWKSTimeout) {
    return rejection(
      'unavailable',
      'keys_unavailable',
      "The identity provider's keys could not be fetched in time.",
      error,
    );
  }
  if (error instanceof errors.JWKSInvalid || error instanceof errors.JWKInvalid) {
    return rejection(
      'unavailable',
      'keys_unavailable',
      "The identity provider's key set is not valid.",
      error,
    );
  }
  if (
    error instanceof errors.JWSInvalid ||
    error instanceof errors.JWTInvalid ||
    error instanceof errors.JOSENotSupported
  ) {
    return rejection('unauthenticated', 'malformed', 'The token is malformed.', error);
  }
  if (error instanceof errors.JOSEError) {
    // Remaining jose errors come from fetching the key set (non-200, bad JSON).
    return rejection(
      'unavailable',
      'keys_unavailable',
      "The identity provider's keys could not be fetched.",
      error,
    );
  }
  if (error instanceof TypeError) {
    // fetch() failures (connection refused, DNS) surface as TypeError.
    return rejection(
      'unavailable',
      'keys_unavailable',
      "The identity provider's keys could not be fetched.",
      error,
    );
  }
  return rejection('unauthenticated', 'malformed', 'The token could not be verified.', error);
}

function claimRejection(error: InstanceType<typeof errors.JWTClaimValidationFailed>): AppError {
  switch (error.claim) {
    case 'iss':
      return error.reason === 'missing'
        ? rejection('unauthenticated', 'missing_claim', 'The token has no "iss" claim.', error)
        : rejection(
            'unauthenticated',
            'wrong_issuer',
            'The token was issued by an issuer this server does not trust.',
            error,
          );
    case 'aud':
      return error.reason === 'missing'
        ? rejection('unauthenticated', 'missing_claim', 'The token has no "aud" claim.', error)
        : rejection('unauthenticated', 'wrong_audience', 'The token is not meant for this audience.', error);
    case 'nbf':
      return error.reason === 'check_failed'
        ? rejection(
            'token_not_yet_valid',
            'not_yet_valid',
            'The token is not valid yet ("nbf" is in the future).',
            error,
          )
        : rejection('unauthenticated', 'invalid_claim', 'The token\'s "nbf" claim is not a number.', error);
    case 'exp':
      return error.reason === 'missing'
        ? rejection('unauthenticated', 'missing_claim', 'The token has no "exp" claim.', error)
        : rejection('unauthenticated', 'invalid_claim', 'The token\'s "exp" claim is not a number.', error);
    default:
      return rejection(
        'unauthenticated',
        'invalid_claim',
        `The token's "${error.claim}" claim is not valid.`,
        error,
      );
  }
}

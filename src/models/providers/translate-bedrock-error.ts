import { AppError, type ErrorCode, isAppError } from '../../errors/index.ts';
import { bedrockProvider } from './translate-bedrock-stream.ts';

const rateLimitedTypes = new Set([
  'ThrottlingException',
  'ServiceQuotaExceededException',
  'TooManyRequestsException',
]);
const unauthenticatedTypes = new Set([
  'AccessDeniedException',
  'UnrecognizedClientException',
  'InvalidSignatureException',
  'ExpiredTokenException',
  'IncompleteSignatureException',
  'MissingAuthenticationTokenException',
  'CredentialsProviderError',
]);
const unavailableTypes = new Set([
  'ServiceUnavailableException',
  'InternalServerException',
  'ModelNotReadyException',
  'ModelTimeoutException',
  'ModelErrorException',
  'ModelStreamErrorException',
  'TimeoutError',
]);
const networkErrorCodes = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
]);

interface SdkErrorShape {
  name?: unknown;
  message?: unknown;
  code?: unknown;
  $metadata?: { httpStatusCode?: number; requestId?: string; attempts?: number };
}

/**
 * An `AppError` for what the Bedrock SDK threw: an HTTP error answer (after the SDK's retries), an
 * exception event inside the stream, or a network failure. `AppError`s pass through unchanged.
 * Throttling and quotas `rate_limited`; credential and signature problems `unauthenticated`;
 * `ValidationException` `invalid_argument`; an unknown model `not_found`; 5xx, model and stream
 * errors and network failures `unavailable`; any other 4xx `model_failed`; anything that is not an
 * AWS error `internal`. `rate_limited` and `unavailable` are retryable.
 */
export function toBedrockAppError(error: unknown): AppError {
  if (isAppError(error)) return error;
  const shape = (typeof error === 'object' && error !== null ? error : {}) as SdkErrorShape;
  const errorType = typeof shape.name === 'string' ? shape.name : 'Error';
  const status = shape.$metadata?.httpStatusCode;
  const networkCode =
    typeof shape.code === 'string' && networkErrorCodes.has(shape.code) ? shape.code : undefined;
  const { code, retryable } = classify(errorType, status, networkCode);
  const providerMessage =
    typeof shape.message === 'string' && shape.message !== '' ? shape.message : errorType;
  const details: Record<string, unknown> = { provider: bedrockProvider, type: errorType };
  if (status !== undefined) details.status = status;
  if (networkCode !== undefined) details.networkCode = networkCode;
  if (shape.$metadata?.requestId) details.requestId = shape.$metadata.requestId;
  if (shape.$metadata?.attempts !== undefined) details.attempts = shape.$metadata.attempts;
  const what = [status, errorType].filter((part) => part !== undefined).join(' ');
  return new AppError(code, `${bedrockProvider} failed (${what}): ${providerMessage}`, {
    details,
    retryable,
    cause: error,
  });
}

function classify(
  errorType: string,
  status: number | undefined,
  networkCode: string | undefined,
): { code: ErrorCode; retryable: boolean } {
  if (rateLimitedTypes.has(errorType) || status === 429) return { code: 'rate_limited', retryable: true };
  if (unauthenticatedTypes.has(errorType) || status === 401 || status === 403) {
    return { code: 'unauthenticated', retryable: false };
  }
  if (errorType === 'ValidationException') return { code: 'invalid_argument', retryable: false };
  if (errorType === 'ResourceNotFoundException') return { code: 'not_found', retryable: false };
  if (
    unavailableTypes.has(errorType) ||
    networkCode !== undefined ||
    (status !== undefined && status >= 500)
  ) {
    return { code: 'unavailable', retryable: true };
  }
  if (status !== undefined && status >= 400) return { code: 'model_failed', retryable: false };
  if (errorType.endsWith('Exception')) return { code: 'unavailable', retryable: true };
  return { code: 'internal', retryable: false };
}

import { AppError } from '../../errors/index.ts';

/** What a provider said when it failed, from the SDK's error. */
export interface ProviderFailure {
  /** The provider as messages name it (`Anthropic`, `OpenAI-compatible endpoint`). */
  provider: string;
  /** The HTTP status; absent for an error event inside a stream that had started with 200. */
  status?: number | undefined;
  /** The provider's error type (`rate_limit_error`, `overloaded_error`, `invalid_request_error`...). */
  type?: string | undefined;
  /** The provider's own message. */
  message?: string | undefined;
  requestId?: string | undefined;
}

const rateLimitTypes = ['rate_limit_error', 'rate_limit_exceeded', 'requests', 'tokens'];
const authenticationTypes = ['authentication_error', 'permission_error', 'invalid_api_key'];

/**
 * The AppError for a provider's failure, after the SDK's own retries:
 * 401/403 `unauthenticated`; 429 `rate_limited` (retryable); 408, 409, 5xx and 529 (overloaded)
 * `unavailable` (retryable); 400, 413 and 422 `invalid_argument`; 404 (unknown model or route)
 * `not_found`; any other 4xx `model_failed`. The same codes as the Bedrock adapter's. An error event
 * inside a stream (no status) is classified by its type, `unavailable` when the type says nothing.
 */
export function providerError(failure: ProviderFailure, cause: unknown): AppError {
  const code = codeOf(failure);
  const what = [failure.status, failure.type].filter((part) => part !== undefined && part !== '').join(' ');
  const said = failure.message ? `: ${failure.message}` : '';
  const summary = failure.status === undefined ? 'failed during the stream' : summaryOf(code);
  const message = `${failure.provider} ${summary} (${what || 'error event'})${said}`;
  return new AppError(code, message, {
    retryable: code === 'rate_limited' || code === 'unavailable',
    cause,
    details: {
      provider: failure.provider,
      ...(failure.status === undefined ? {} : { status: failure.status }),
      ...(failure.type ? { type: failure.type } : {}),
      ...(failure.requestId ? { requestId: failure.requestId } : {}),
    },
  });
}

/** A failure to reach the provider at all (connection refused, reset, timed out), after retries. */
export function providerUnreachable(provider: string, cause: unknown): AppError {
  const reason = cause instanceof Error ? cause.message : String(cause);
  return new AppError('unavailable', `${provider} could not be reached: ${reason}`, {
    retryable: true,
    cause,
    details: { provider },
  });
}

/** A stream that ended before the provider said it was finished. */
export function streamEndedEarly(provider: string): AppError {
  return new AppError('unavailable', `${provider} ended the stream before the answer was complete.`, {
    retryable: true,
    details: { provider },
  });
}

/**
 * Anything else: a stream event that is not JSON (`model_failed`: the provider's answer is unusable),
 * or a fault of this program (`internal`).
 */
export function unexpectedFailure(provider: string, cause: unknown): AppError {
  const reason = cause instanceof Error ? cause.message : String(cause);
  if (cause instanceof SyntaxError) {
    return new AppError('model_failed', `${provider} sent an answer that could not be read: ${reason}`, {
      cause,
      details: { provider },
    });
  }
  return new AppError('internal', `The ${provider} call failed: ${reason}`, { cause, details: { provider } });
}

type ProviderErrorCode =
  | 'unauthenticated'
  | 'rate_limited'
  | 'unavailable'
  | 'invalid_argument'
  | 'not_found'
  | 'model_failed';

function codeOf(failure: ProviderFailure): ProviderErrorCode {
  const { status, type = '' } = failure;
  if (status === 401 || status === 403) return 'unauthenticated';
  if (status === 429) return 'rate_limited';
  if (status === 408 || status === 409 || (status !== undefined && status >= 500)) return 'unavailable';
  if (status === 400 || status === 413 || status === 422) return 'invalid_argument';
  if (status === 404) return 'not_found';
  if (status !== undefined) return 'model_failed';
  if (rateLimitTypes.includes(type)) return 'rate_limited';
  if (authenticationTypes.includes(type)) return 'unauthenticated';
  return 'unavailable';
}

function summaryOf(code: ProviderErrorCode): string {
  switch (code) {
    case 'unauthenticated':
      return 'refused the credentials';
    case 'rate_limited':
      return 'rate limit reached, retries used up';
    case 'unavailable':
      return 'is unavailable, retries used up';
    case 'invalid_argument':
      return 'rejected the request as invalid';
    case 'not_found':
      return 'does not know the model or route';
    case 'model_failed':
      return 'rejected the request';
  }
}

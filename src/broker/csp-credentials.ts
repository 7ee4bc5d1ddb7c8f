import { credentialId } from '../audit/redact.ts';
import type { Clock } from '../clock/clock.ts';
import { AppError } from '../errors/index.ts';
import type { Credential, CredentialProvider } from './credentials.ts';

export interface CspCredentialProviderOptions {
  /** Base URL of the CSP API (`http://127.0.0.1:4010`). */
  apiUrl: string;
  clientId: string;
  clientSecret: string;
  /** Decides when a cached token is stale. */
  clock: Clock;
  /** Default: the global `fetch`. */
  fetch?: typeof fetch;
  /** Scopes to ask for; default: everything the client may have. */
  scopes?: string[];
}

/** A token is refreshed this long before the server says it expires. */
const refreshMarginSeconds = 60;
/** The token request gives up after this long, whoever is waiting for it. */
const tokenTimeoutMs = 10_000;

interface CachedToken {
  credential: Credential;
  /** Clock time (ms) from which the token is treated as expired. */
  staleAt: number;
}

/**
 * OAuth 2.0 client credentials against `POST {apiUrl}/oauth2/token`, for one tenant's API client.
 * The token is cached until `expires_in - 60 s` by the injected clock; concurrent callers share one
 * in-flight token request. The secret and the token stay in this closure; callers record only `id`.
 */
export function createCspCredentialProvider(options: CspCredentialProviderOptions): CredentialProvider {
  const fetchImplementation = options.fetch ?? fetch;
  const tokenUrl = `${options.apiUrl.replace(/\/+$/, '')}/oauth2/token`;
  let cached: CachedToken | undefined;
  let pending: Promise<CachedToken> | undefined;

  const current = (): Promise<CachedToken> => {
    if (cached && options.clock.now().getTime() < cached.staleAt) return Promise.resolve(cached);
    if (!pending) {
      pending = requestToken(options, fetchImplementation, tokenUrl).then(
        (token) => {
          cached = token;
          pending = undefined;
          return token;
        },
        (error: unknown) => {
          pending = undefined;
          throw error instanceof AppError
            ? error
            : new AppError('unavailable', 'Cannot reach the CSP API for a token.', {
                cause: error,
                retryable: true,
              });
        },
      );
    }
    return pending;
  };

  return {
    async token(signal) {
      // One caller giving up must not cancel the request other callers share.
      const shared = current().then((token) => token.credential);
      return signal ? raceAbort(shared, signal) : shared;
    },
    invalidate(refused) {
      if (refused === undefined || cached?.credential.value === refused.value) cached = undefined;
    },
  };
}

/** One client-credentials request; the token and when it goes stale by the injected clock. */
async function requestToken(
  options: CspCredentialProviderOptions,
  fetchImplementation: typeof fetch,
  tokenUrl: string,
): Promise<CachedToken> {
  const form = new URLSearchParams({
    grant_type: 'client_credentials',
    client_id: options.clientId,
    client_secret: options.clientSecret,
  });
  if (options.scopes) form.set('scope', options.scopes.join(' '));
  const requestedAt = options.clock.now().getTime();
  const response = await fetchImplementation(tokenUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
    body: form.toString(),
    signal: AbortSignal.timeout(tokenTimeoutMs),
  });
  const body = (await response.json().catch(() => ({}))) as {
    access_token?: unknown;
    expires_in?: unknown;
    error?: unknown;
  };
  if (!response.ok || typeof body.access_token !== 'string' || body.access_token === '') {
    // The OAuth error code is safe to repeat; the response body is not echoed (it could hold secrets).
    const reason = typeof body.error === 'string' ? body.error : `HTTP ${response.status}`;
    throw new AppError('unavailable', `The CSP API refused the client credentials: ${reason}.`, {
      details: { status: response.status },
      retryable: response.status >= 500,
    });
  }
  const lifetime = typeof body.expires_in === 'number' && body.expires_in > 0 ? body.expires_in : 0;
  // Short-lived tokens are refreshed at half their lifetime instead of going stale at once.
  const usable = Math.max(lifetime - refreshMarginSeconds, lifetime / 2);
  return {
    credential: { value: body.access_token, id: credentialId('csp-token', body.access_token) },
    staleAt: requestedAt + usable * 1000,
  };
}

/** Settles with `promise`, or rejects as soon as `signal` aborts (leaving `promise` to run on). */
function raceAbort<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) {
    promise.catch(() => {
      // Nobody waits for it any more; its failure is someone else's to report.
    });
    return Promise.reject(signal.reason);
  }
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error);
      },
    );
  });
}

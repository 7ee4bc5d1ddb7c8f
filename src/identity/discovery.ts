import { rejection } from './verification-error.ts';

/** The fields of an OpenID Provider's discovery document this platform reads or serves. */
export interface DiscoveryDocument {
  issuer: string;
  jwks_uri: string;
  [field: string]: unknown;
}

/** Where an issuer publishes its discovery document: `ISSUER/.well-known/openid-configuration`. */
export function discoveryUrlOf(issuer: string): string {
  return `${issuer.replace(/\/+$/, '')}/.well-known/openid-configuration`;
}

export interface DevIssuerDiscoveryOptions {
  /** The issuer name the development tokens carry in `iss` (`supplier-agent-dev`). */
  issuer: string;
  /** Public base URL of the server that serves `/.well-known/jwks.json` (`http://127.0.0.1:8080`). */
  baseUrl: string;
  /** Scopes to advertise (informational). */
  scopes?: readonly string[];
}

/**
 * The discovery document of the embedded development issuer, to serve at
 * `/.well-known/openid-configuration` next to its key set at `/.well-known/jwks.json`. It issues no
 * tokens over HTTP (the `token` command mints them), so it names no authorization or token endpoint.
 */
export function devIssuerDiscovery(options: DevIssuerDiscoveryOptions): DiscoveryDocument {
  const base = options.baseUrl.replace(/\/+$/, '');
  return {
    issuer: options.issuer,
    jwks_uri: `${base}/.well-known/jwks.json`,
    response_types_supported: [],
    subject_types_supported: ['public'],
    id_token_signing_alg_values_supported: ['ES256'],
    ...(options.scopes ? { scopes_supported: [...options.scopes] } : {}),
  };
}

/**
 * Fetches a discovery document and returns its `jwks_uri`, after checking that it describes the
 * expected issuer (OpenID Connect Discovery 1.0, section 4.3). Failures are `unavailable`: the
 * provider or the configuration is at fault, not the caller's token.
 */
export async function discoverJwksUri(
  url: string,
  issuer: string,
  fetchImplementation: typeof fetch,
  timeoutMs: number,
): Promise<string> {
  let document: unknown;
  try {
    const response = await fetchImplementation(url, {
      headers: { accept: 'application/json' },
      redirect: 'manual',
      signal: AbortSignal.timeout(timeoutMs),
    });
    if (response.status !== 200) throw new Error(`HTTP ${response.status}`);
    document = await response.json();
  } catch (error) {
    throw rejection(
      'unavailable',
      'keys_unavailable',
      `The identity provider's discovery document at ${url} could not be read.`,
      error,
    );
  }
  const fields = (document ?? {}) as Partial<DiscoveryDocument>;
  if (fields.issuer !== issuer) {
    throw rejection(
      'unavailable',
      'keys_unavailable',
      `The discovery document at ${url} names issuer ${JSON.stringify(fields.issuer)}, not the configured ${JSON.stringify(issuer)}.`,
    );
  }
  if (typeof fields.jwks_uri !== 'string' || !/^https?:\/\//.test(fields.jwks_uri)) {
    throw rejection(
      'unavailable',
      'keys_unavailable',
      `The discovery document at ${url} has no valid jwks_uri.`,
    );
  }
  return fields.jwks_uri;
}

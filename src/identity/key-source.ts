import {
  createLocalJWKSet,
  createRemoteJWKSet,
  customFetch,
  errors,
  type FetchImplementation,
  type JSONWebKeySet,
  type JWTVerifyGetKey,
} from 'jose';
import { discoverJwksUri, discoveryUrlOf } from './discovery.ts';

/** Where the verifier finds the issuer's public keys. */
export type KeySource =
  /** A JWKS URL (Cognito: `https://cognito-idp.REGION.amazonaws.com/POOL/.well-known/jwks.json`). */
  | { kind: 'jwks-url'; url: string }
  /** OpenID discovery: reads `jwks_uri` from `url` (default `ISSUER/.well-known/openid-configuration`). */
  | { kind: 'discovery'; url?: string }
  /** Keys held in this process, such as the development issuer's; asked again on an unknown `kid`. */
  | { kind: 'local'; jwks(): JSONWebKeySet | Promise<JSONWebKeySet> };

export interface KeyResolverOptions {
  issuer: string;
  fetch: typeof fetch;
  /** After a fetch, an unknown `kid` does not cause another one for this long. */
  cooldownMs: number;
  /** A fetched key set is used for at most this long before it is fetched again. */
  cacheMaxAgeMs: number;
  timeoutMs: number;
  /** Milliseconds since the epoch, for the age of local key sets. */
  now(): number;
}

/**
 * A jose key resolver for a key source. Remote sets are cached and fetched again when a token names
 * a `kid` they do not hold (key rotation), at most once per cooldown.
 */
export function createKeyResolver(source: KeySource, options: KeyResolverOptions): JWTVerifyGetKey {
  switch (source.kind) {
    case 'jwks-url':
      return remoteResolver(source.url, options);
    case 'discovery':
      return discoveredResolver(source.url ?? discoveryUrlOf(options.issuer), options);
    case 'local':
      return localResolver(source.jwks, options);
  }
}

function remoteResolver(url: string, options: KeyResolverOptions): JWTVerifyGetKey {
  return createRemoteJWKSet(new URL(url), {
    cooldownDuration: options.cooldownMs,
    cacheMaxAge: options.cacheMaxAgeMs,
    timeoutDuration: options.timeoutMs,
    [customFetch]: options.fetch as FetchImplementation,
  });
}

/** Discovers `jwks_uri` on first use (again after a failure), then behaves as a remote set. */
function discoveredResolver(discoveryUrl: string, options: KeyResolverOptions): JWTVerifyGetKey {
  let resolver: Promise<JWTVerifyGetKey> | undefined;
  return async (header, token) => {
    resolver ??= discoverJwksUri(discoveryUrl, options.issuer, options.fetch, options.timeoutMs).then(
      (jwksUri) => remoteResolver(jwksUri, options),
      (error: unknown) => {
        resolver = undefined;
        throw error;
      },
    );
    return (await resolver)(header, token);
  };
}

/** Asks the source again on an unknown `kid`, and when the set is older than the cache age. */
function localResolver(
  load: () => JSONWebKeySet | Promise<JSONWebKeySet>,
  options: KeyResolverOptions,
): JWTVerifyGetKey {
  let current: { keys: Promise<JWTVerifyGetKey>; loadedAt: number } | undefined;
  const reload = () => {
    const keys = Promise.resolve()
      .then(load)
      .then((jwks) => createLocalJWKSet(jwks) as JWTVerifyGetKey);
    const entry = { keys, loadedAt: options.now() };
    current = entry;
    keys.catch(() => {
      if (current === entry) current = undefined;
    });
    return keys;
  };
  return async (header, token) => {
    const fresh = current !== undefined && options.now() - current.loadedAt < options.cacheMaxAgeMs;
    const keys = await (fresh && current ? current.keys : reload());
    try {
      return await keys(header, token);
    } catch (error) {
      if (!(error instanceof errors.JWKSNoMatchingKey)) throw error;
      return (await reload())(header, token);
    }
  };
}

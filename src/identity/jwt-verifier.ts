import { decodeProtectedHeader, type JWTPayload, jwtVerify, type ProtectedHeaderParameters } from 'jose';
import { type Clock, systemClock } from '../clock/clock.ts';
import { AppError } from '../errors/index.ts';
import {
  type ClaimMapping,
  type ClaimNames,
  defaultClaimNames,
  defaultOperatorScope,
  defaultSupplierScopes,
  hasAgentScope,
  tenantContextOf,
} from './claims.ts';
import { createKeyResolver, type KeySource } from './key-source.ts';
import type { TenantContext, TokenVerifier } from './tenant-context.ts';
import { rejection, rejectionFromJose } from './verification-error.ts';

/** Signature algorithms accepted unless configured otherwise. */
export const defaultAlgorithms: readonly string[] = ['ES256', 'RS256'];

/** Public-key algorithms that may be configured; `none` and the HMAC (`HS*`) family never may. */
export const supportedAlgorithms: readonly string[] = [
  'ES256',
  'ES384',
  'ES512',
  'RS256',
  'RS384',
  'RS512',
  'PS256',
  'PS384',
  'PS512',
  'EdDSA',
  'Ed25519',
];

/** Tokens longer than this are refused unread. */
export const maxTokenLength = 16 * 1024;

export interface JwtVerifierOptions {
  /** The expected `iss`, exactly (`https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_AbC`). */
  issuer: string;
  /** The expected audience: the token must name one of these. */
  audience: string | readonly string[];
  /**
   * The claim that names the audience. Default `aud`; `client_id` for providers whose access tokens
   * carry no `aud` (Amazon Cognito).
   */
  audienceClaim?: string;
  /** Where the issuer's public keys come from. */
  keys: KeySource;
  /** Whether a tenant id names a tenant of this platform; false refuses the token (`unknown_tenant`). */
  knownTenant(tenantId: string): boolean | Promise<boolean>;
  /** Accepted signature algorithms. Default ES256 and RS256. */
  algorithms?: readonly string[];
  /** Leeway for `exp`, `nbf` and `iat`, in seconds. Default 30. */
  clockToleranceSeconds?: number;
  /** Claim names; each defaults to `defaultClaimNames`. */
  claims?: Partial<ClaimNames>;
  /** The scope of operator tokens. Default `supplier-agent.operator`. */
  operatorScope?: string;
  /** A non-operator token needs at least one of these. Default: the CSP supplier scopes. */
  supplierScopes?: readonly string[];
  /** Source of "now" for expiry checks. Default the system clock. */
  clock?: Clock;
  /** Used for discovery and JWKS requests. Default global `fetch`. */
  fetch?: typeof fetch;
  /** After a JWKS fetch, an unknown `kid` triggers no new fetch for this long. Default 30. */
  jwksCooldownSeconds?: number;
  /** A fetched (or local) key set is read again after this long. Default 600. */
  jwksCacheMaxAgeSeconds?: number;
  /** Timeout of one discovery or JWKS request, in milliseconds. Default 5000. */
  jwksTimeoutMs?: number;
}

/**
 * A `TokenVerifier` for bearer JWTs signed by an OpenID Connect provider (or the development
 * issuer). Checks header, signature, issuer, audience and times with jose, then maps the claims to a
 * `TenantContext`, refusing unknown tenants and tokens without any supplier scope.
 */
export function createJwtVerifier(options: JwtVerifierOptions): TokenVerifier {
  const algorithms = checkedAlgorithms(options.algorithms ?? defaultAlgorithms);
  const tolerance = options.clockToleranceSeconds ?? 30;
  if (!Number.isInteger(tolerance) || tolerance < 0 || tolerance > 600) {
    throw new AppError('invalid_argument', 'clockToleranceSeconds must be a whole number from 0 to 600.');
  }
  if (options.issuer.trim() === '') throw new AppError('invalid_argument', 'The issuer must not be empty.');
  const audience = typeof options.audience === 'string' ? [options.audience] : [...options.audience];
  if (audience.length === 0 || audience.some((name) => name.trim() === '')) {
    throw new AppError('invalid_argument', 'The audience must name at least one non-empty value.');
  }
  const mapping: ClaimMapping = {
    claims: { ...defaultClaimNames, ...options.claims },
    operatorScope: options.operatorScope ?? defaultOperatorScope,
    supplierScopes: options.supplierScopes ?? defaultSupplierScopes,
  };
  const clock = options.clock ?? systemClock;
  const audienceClaim = options.audienceClaim ?? 'aud';
  const getKey = createKeyResolver(options.keys, {
    issuer: options.issuer,
    fetch: options.fetch ?? fetch,
    cooldownMs: (options.jwksCooldownSeconds ?? 30) * 1000,
    cacheMaxAgeMs: (options.jwksCacheMaxAgeSeconds ?? 600) * 1000,
    timeoutMs: options.jwksTimeoutMs ?? 5000,
    now: () => clock.now().getTime(),
  });

  return {
    async verify(token: string): Promise<TenantContext> {
      checkHeader(token, algorithms);
      const now = clock.now();
      let payload: JWTPayload;
      try {
        ({ payload } = await jwtVerify(token, getKey, {
          issuer: options.issuer,
          ...(audienceClaim === 'aud' ? { audience } : {}),
          algorithms: [...algorithms],
          clockTolerance: tolerance,
          currentDate: now,
          requiredClaims: ['exp'],
        }));
      } catch (error) {
        throw rejectionFromJose(error);
      }
      if (typeof payload.iat === 'number' && payload.iat > Math.floor(now.getTime() / 1000) + tolerance) {
        throw rejection(
          'token_not_yet_valid',
          'issued_in_future',
          'The token is not valid yet ("iat" is in the future).',
        );
      }
      if (audienceClaim !== 'aud') checkAudienceClaim(payload, audienceClaim, audience);
      const context = tenantContextOf(payload, mapping);
      if (!(await options.knownTenant(context.tenantId))) {
        throw rejection(
          'unknown_tenant',
          'unknown_tenant',
          `The token's tenant ${quoted(context.tenantId)} is not known here.`,
        );
      }
      if (!hasAgentScope(context, mapping)) {
        throw rejection(
          'insufficient_scope',
          'no_agent_scope',
          'The token grants none of the supplier scopes this service needs.',
        );
      }
      return context;
    },
  };
}

/** Refuses what must never reach signature checking: no token, not a compact JWS, a forbidden `alg`. */
function checkHeader(token: string, algorithms: readonly string[]): void {
  if (typeof token !== 'string' || token.trim() === '') {
    throw rejection('unauthenticated', 'missing_token', 'No bearer token was given.');
  }
  if (token.length > maxTokenLength) {
    throw rejection('unauthenticated', 'malformed', `The token is longer than ${maxTokenLength} characters.`);
  }
  if (token.split('.').length !== 3) {
    throw rejection(
      'unauthenticated',
      'malformed',
      'The token is not a signed JWT (three dot-separated parts).',
    );
  }
  let header: ProtectedHeaderParameters;
  try {
    header = decodeProtectedHeader(token);
  } catch (error) {
    throw rejection('unauthenticated', 'malformed', 'The token header is not valid base64url JSON.', error);
  }
  const alg = header.alg;
  if (typeof alg !== 'string') {
    throw rejection('unauthenticated', 'malformed', 'The token header names no algorithm.');
  }
  if (alg.toLowerCase() === 'none') {
    throw rejection(
      'unauthenticated',
      'algorithm_none',
      'Unsigned tokens ("alg": "none") are never accepted.',
    );
  }
  if (/^HS/i.test(alg)) {
    throw rejection(
      'unauthenticated',
      'algorithm_not_allowed',
      `The token is signed with a shared-secret algorithm (${quoted(alg)}); only public-key signatures are accepted.`,
    );
  }
  if (!algorithms.includes(alg)) {
    throw rejection(
      'unauthenticated',
      'algorithm_not_allowed',
      `The token's algorithm ${quoted(alg)} is not allowed (allowed: ${algorithms.join(', ')}).`,
    );
  }
}

/** The audience check for a claim other than `aud` (jose checks `aud` itself). */
function checkAudienceClaim(payload: JWTPayload, claim: string, audience: readonly string[]): void {
  const value = payload[claim];
  if (value === undefined)
    throw rejection('unauthenticated', 'missing_claim', `The token has no "${claim}" claim.`);
  const named = Array.isArray(value) ? value : [value];
  if (!named.some((name) => typeof name === 'string' && audience.includes(name))) {
    throw rejection('unauthenticated', 'wrong_audience', 'The token is not meant for this audience.');
  }
}

/** Validates configured algorithms: public-key ones only. */
export function checkedAlgorithms(algorithms: readonly string[]): readonly string[] {
  if (algorithms.length === 0)
    throw new AppError('invalid_argument', 'At least one algorithm must be allowed.');
  for (const alg of algorithms) {
    if (!supportedAlgorithms.includes(alg)) {
      throw new AppError(
        'invalid_argument',
        `Algorithm ${quoted(alg)} may not be allowed: use public-key algorithms (${supportedAlgorithms.join(', ')}); "none" and HS* never.`,
      );
    }
  }
  return [...new Set(algorithms)];
}

/** A value from a token, quoted and cut short, for messages. */
function quoted(value: string): string {
  return JSON.stringify(value.length > 64 ? `${value.slice(0, 64)}...` : value);
}

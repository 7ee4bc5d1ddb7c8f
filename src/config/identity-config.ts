import { AppError } from '../errors/index.ts';
import { type ClaimNames, defaultClaimNames, defaultOperatorScope } from '../identity/claims.ts';
import { defaultAudience, devIssuerName } from '../identity/dev-issuer.ts';
import { discoveryUrlOf } from '../identity/discovery.ts';
import { checkedAlgorithms, defaultAlgorithms } from '../identity/jwt-verifier.ts';

/** Where the gateway gets the keys that sign bearer tokens. */
export type IdentityKeySettings =
  /** The embedded development issuer of the data dir (no `SUPPLIER_AGENT_OIDC_ISSUER`). */
  | { kind: 'dev-issuer' }
  /** `SUPPLIER_AGENT_OIDC_JWKS_URL`. */
  | { kind: 'jwks-url'; url: string }
  /** OpenID discovery: `SUPPLIER_AGENT_OIDC_DISCOVERY_URL`, default `ISSUER/.well-known/openid-configuration`. */
  | { kind: 'discovery'; url: string };

/** How bearer tokens are verified; see docs/identity.md. */
export interface IdentitySettings {
  /** Expected `iss`. `SUPPLIER_AGENT_OIDC_ISSUER`; default `supplier-agent-dev` (the dev issuer). */
  issuer: string;
  /** Expected `aud`. `SUPPLIER_AGENT_OIDC_AUDIENCE`; default `supplier-agent`. */
  audience: string;
  /** The claim holding the audience. `SUPPLIER_AGENT_OIDC_AUDIENCE_CLAIM`; default `aud` (Cognito access tokens: `client_id`). */
  audienceClaim: string;
  keys: IdentityKeySettings;
  /** `SUPPLIER_AGENT_OIDC_ALGORITHMS` (comma- or space-separated); default `ES256,RS256`. */
  algorithms: string[];
  /** `SUPPLIER_AGENT_OIDC_CLOCK_TOLERANCE` in seconds; default 30. */
  clockToleranceSeconds: number;
  /** `SUPPLIER_AGENT_OIDC_{TENANT,USER,SCOPE,CUSTOMERS}_CLAIM`; defaults tenant, sub, scope, customers. */
  claims: ClaimNames;
  /** `SUPPLIER_AGENT_OIDC_OPERATOR_SCOPE`; default `supplier-agent.operator`. */
  operatorScope: string;
}

/**
 * Reads the identity settings from the environment. Without `SUPPLIER_AGENT_OIDC_ISSUER` the
 * platform trusts its embedded development issuer; with it, an external OpenID Connect provider,
 * whose keys come from `SUPPLIER_AGENT_OIDC_JWKS_URL` or else from discovery. In production mode
 * (`Config.production`) the development issuer is refused.
 */
export function resolveIdentitySettings(
  env: NodeJS.ProcessEnv = process.env,
  options: { production?: boolean } = {},
): IdentitySettings {
  const issuer = nonEmpty(env.SUPPLIER_AGENT_OIDC_ISSUER);
  if (issuer === undefined && options.production) {
    throw new AppError(
      'invalid_argument',
      'Production mode needs an identity provider: set SUPPLIER_AGENT_OIDC_ISSUER (the development issuer lets anyone who can read the data dir mint tokens).',
    );
  }
  const jwksUrl = nonEmpty(env.SUPPLIER_AGENT_OIDC_JWKS_URL);
  const discoveryUrl = nonEmpty(env.SUPPLIER_AGENT_OIDC_DISCOVERY_URL);
  if (issuer === undefined && (jwksUrl !== undefined || discoveryUrl !== undefined)) {
    throw new AppError(
      'invalid_argument',
      'SUPPLIER_AGENT_OIDC_JWKS_URL and SUPPLIER_AGENT_OIDC_DISCOVERY_URL need SUPPLIER_AGENT_OIDC_ISSUER (the expected "iss").',
    );
  }
  return {
    issuer: issuer ?? devIssuerName,
    audience: nonEmpty(env.SUPPLIER_AGENT_OIDC_AUDIENCE) ?? defaultAudience,
    audienceClaim: claimName(env, 'SUPPLIER_AGENT_OIDC_AUDIENCE_CLAIM') ?? 'aud',
    keys: keySettings(issuer, jwksUrl, discoveryUrl),
    algorithms: algorithmsOf(env.SUPPLIER_AGENT_OIDC_ALGORITHMS),
    clockToleranceSeconds: toleranceOf(env.SUPPLIER_AGENT_OIDC_CLOCK_TOLERANCE),
    claims: {
      tenant: claimName(env, 'SUPPLIER_AGENT_OIDC_TENANT_CLAIM') ?? defaultClaimNames.tenant,
      user: claimName(env, 'SUPPLIER_AGENT_OIDC_USER_CLAIM') ?? defaultClaimNames.user,
      scope: claimName(env, 'SUPPLIER_AGENT_OIDC_SCOPE_CLAIM') ?? defaultClaimNames.scope,
      customers: claimName(env, 'SUPPLIER_AGENT_OIDC_CUSTOMERS_CLAIM') ?? defaultClaimNames.customers,
    },
    operatorScope: claimName(env, 'SUPPLIER_AGENT_OIDC_OPERATOR_SCOPE') ?? defaultOperatorScope,
  };
}

function keySettings(
  issuer: string | undefined,
  jwksUrl: string | undefined,
  discoveryUrl: string | undefined,
): IdentityKeySettings {
  if (issuer === undefined) return { kind: 'dev-issuer' };
  if (jwksUrl !== undefined)
    return { kind: 'jwks-url', url: httpUrl('SUPPLIER_AGENT_OIDC_JWKS_URL', jwksUrl) };
  if (discoveryUrl !== undefined) {
    return { kind: 'discovery', url: httpUrl('SUPPLIER_AGENT_OIDC_DISCOVERY_URL', discoveryUrl) };
  }
  if (!/^https?:\/\//.test(issuer)) {
    throw new AppError(
      'invalid_argument',
      `SUPPLIER_AGENT_OIDC_ISSUER "${issuer}" is not a URL, so its keys cannot be discovered: set SUPPLIER_AGENT_OIDC_JWKS_URL.`,
    );
  }
  return { kind: 'discovery', url: discoveryUrlOf(issuer) };
}

function httpUrl(name: string, value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new AppError('invalid_argument', `${name} "${value}" is not a URL.`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new AppError('invalid_argument', `${name} must be an http(s) URL, got "${value}".`);
  }
  return url.href;
}

function algorithmsOf(text: string | undefined): string[] {
  const names = (text ?? '').split(/[\s,]+/).filter((name) => name !== '');
  if (names.length === 0) return [...defaultAlgorithms];
  try {
    return [...checkedAlgorithms(names)];
  } catch (error) {
    throw new AppError('invalid_argument', `SUPPLIER_AGENT_OIDC_ALGORITHMS: ${(error as Error).message}`);
  }
}

function toleranceOf(text: string | undefined): number {
  if (text === undefined || text.trim() === '') return 30;
  const value = Number(text);
  if (!/^\d+$/.test(text.trim()) || value > 600) {
    throw new AppError(
      'invalid_argument',
      `SUPPLIER_AGENT_OIDC_CLOCK_TOLERANCE must be a whole number of seconds from 0 to 600, got "${text}".`,
    );
  }
  return value;
}

function claimName(env: NodeJS.ProcessEnv, name: string): string | undefined {
  const value = nonEmpty(env[name]);
  if (value !== undefined && /\s/.test(value)) {
    throw new AppError('invalid_argument', `${name} must not contain spaces, got "${value}".`);
  }
  return value;
}

function nonEmpty(value: string | undefined): string | undefined {
  const trimmed = value?.trim();
  return trimmed === undefined || trimmed === '' ? undefined : trimmed;
}

import { decodeProtectedHeader, importJWK, type JWK, SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../../src/errors/index.ts';
import { createJwtVerifier, type JwtVerifierOptions } from '../../src/identity/jwt-verifier.ts';
import type { TokenVerifier } from '../../src/identity/tenant-context.ts';
import { rejectionReasonOf } from '../../src/identity/verification-error.ts';
import {
  generateProviderKey,
  type OidcProviderServer,
  type OidcTestClient,
  startOidcProvider,
} from './support/oidc-provider-server.ts';

/**
 * Interoperability with an independently written, certified OpenID Provider (`oidc-provider`):
 * it issues RFC 9068 JWT access tokens over HTTP; the verifier finds its keys through discovery and
 * JWKS only, follows a key rotation, and refuses what it should.
 */
const tenantClaim = 'https://supplier-agent.example/tenant';
const northwind: OidcTestClient = {
  clientId: 'northwind-integration',
  clientSecret: 'northwind-integration-secret-0123456789',
  tenant: 'northwind',
};
const acme: OidcTestClient = {
  clientId: 'acme-integration',
  clientSecret: 'acme-integration-secret-0123456789',
  tenant: 'acme',
};
const supplierAgent = 'urn:supplier-agent';
const otherApi = 'urn:other-api';

let provider: OidcProviderServer;
let firstKey: JWK;
const fetched: string[] = [];

function verifierWith(overrides: Partial<JwtVerifierOptions> = {}): TokenVerifier {
  return createJwtVerifier({
    issuer: provider.issuer,
    audience: 'supplier-agent',
    keys: { kind: 'discovery' },
    claims: { tenant: tenantClaim },
    knownTenant: (tenantId) => tenantId === 'northwind',
    // A rotation is followed at once here; production keeps the default 30 s between re-fetches.
    jwksCooldownSeconds: 0,
    fetch: (input, init) => {
      fetched.push(new URL(String(input)).pathname);
      return fetch(input, init);
    },
    ...overrides,
  });
}

async function accessToken(client: OidcTestClient, form: Record<string, string>): Promise<string> {
  const { status, body } = await provider.requestToken(client, { grant_type: 'client_credentials', ...form });
  expect(status, JSON.stringify(body)).toBe(200);
  expect(body.token_type).toBe('Bearer');
  return body.access_token as string;
}

async function refusal(verifier: TokenVerifier, token: string) {
  const error = await verifier.verify(token).then(
    () => new Error('expected a rejection'),
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(AppError);
  return { code: (error as AppError).code, reason: rejectionReasonOf(error) };
}

beforeAll(async () => {
  firstKey = await generateProviderKey('provider-key-1');
  provider = await startOidcProvider({
    clients: [northwind, acme],
    keys: [firstKey],
    resources: {
      [supplierAgent]: { audience: 'supplier-agent', scope: 'csp.orders.read csp.invoices.read' },
      [otherApi]: { audience: 'other-api', scope: 'reports.read' },
    },
    tenantClaim,
  });
});
afterAll(async () => {
  await provider?.close();
});

describe('tokens of a real OpenID Provider', () => {
  it('verifies a JWT access token obtained over HTTP, with keys found by discovery', async () => {
    const token = await accessToken(northwind, {
      scope: 'csp.orders.read csp.invoices.read',
      resource: supplierAgent,
    });
    expect(decodeProtectedHeader(token)).toMatchObject({
      alg: 'RS256',
      typ: 'at+jwt',
      kid: 'provider-key-1',
    });
    fetched.length = 0;
    const verifier = verifierWith();
    await expect(verifier.verify(token)).resolves.toEqual({
      tenantId: 'northwind',
      userId: 'northwind-integration',
      scopes: ['csp.orders.read', 'csp.invoices.read'],
      customers: [],
      operator: false,
    });
    expect(fetched).toEqual(['/.well-known/openid-configuration', '/jwks']);
  });

  it("refuses the provider's tokens for another audience, an unknown tenant, or without a supplier scope", async () => {
    const verifier = verifierWith();
    const good = await accessToken(northwind, { scope: 'csp.orders.read', resource: supplierAgent });
    await expect(verifier.verify(good)).resolves.toMatchObject({ tenantId: 'northwind' });

    const forOtherApi = await accessToken(northwind, { scope: 'reports.read', resource: otherApi });
    expect(await refusal(verifier, forOtherApi)).toEqual({
      code: 'unauthenticated',
      reason: 'wrong_audience',
    });

    const unknownTenant = await accessToken(acme, { scope: 'csp.orders.read', resource: supplierAgent });
    expect(await refusal(verifier, unknownTenant)).toEqual({
      code: 'unknown_tenant',
      reason: 'unknown_tenant',
    });

    const noScope = await accessToken(northwind, { resource: supplierAgent });
    expect(await refusal(verifier, noScope)).toEqual({
      code: 'insufficient_scope',
      reason: 'no_agent_scope',
    });
  });

  it('refuses them when another issuer is expected', async () => {
    const token = await accessToken(northwind, { scope: 'csp.orders.read', resource: supplierAgent });
    const elsewhere = verifierWith({
      issuer: 'https://idp.elsewhere.example',
      keys: { kind: 'jwks-url', url: `${provider.issuer}/jwks` },
    });
    expect(await refusal(elsewhere, token)).toEqual({ code: 'unauthenticated', reason: 'wrong_issuer' });
  });

  it('follows a key rotation: after a restart with a new key first, its tokens verify after one re-fetch; old ones still do', async () => {
    const verifier = verifierWith();
    const before = await accessToken(northwind, { scope: 'csp.orders.read', resource: supplierAgent });
    await expect(verifier.verify(before)).resolves.toMatchObject({ tenantId: 'northwind' });

    const secondKey = await generateProviderKey('provider-key-2');
    provider.restart([secondKey, firstKey]);
    const after = await accessToken(northwind, { scope: 'csp.orders.read', resource: supplierAgent });
    expect(decodeProtectedHeader(after).kid).toBe('provider-key-2');

    fetched.length = 0;
    await expect(verifier.verify(after)).resolves.toMatchObject({
      tenantId: 'northwind',
      scopes: ['csp.orders.read'],
    });
    expect(fetched).toEqual(['/jwks']);
    await expect(verifier.verify(before)).resolves.toMatchObject({ tenantId: 'northwind' });
    expect(fetched).toEqual(['/jwks']);

    // A key the provider never published: refused after exactly one more fetch.
    const rogueKey = await generateProviderKey('provider-key-rogue');
    const rogue = await new SignJWT({ [tenantClaim]: 'northwind', scope: 'csp.orders.read' })
      .setProtectedHeader({ alg: 'RS256', kid: 'provider-key-rogue' })
      .setIssuer(provider.issuer)
      .setAudience('supplier-agent')
      .setSubject('northwind-integration')
      .setIssuedAt()
      .setExpirationTime('5m')
      .sign(await importJWK(rogueKey, 'RS256'));
    expect(await refusal(verifier, rogue)).toEqual({ code: 'unauthenticated', reason: 'unknown_key' });
    expect(fetched).toEqual(['/jwks', '/jwks']);
  });
});

import { createHmac } from 'node:crypto';
import { base64url, exportJWK, exportSPKI, generateKeyPair, importJWK, type JWTPayload, SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createManualClock } from '../clock/clock.ts';
import { AppError, type ErrorCode, httpStatusOf } from '../errors/index.ts';
import { createTempDir } from '../testing/temp-dir.ts';
import { createDevIssuer, type DevIssuer } from './dev-issuer.ts';
import { devIssuerKeyPath, readKeyFile } from './dev-issuer-keys.ts';
import { createJwtVerifier, type JwtVerifierOptions } from './jwt-verifier.ts';
import type { TokenVerifier } from './tenant-context.ts';
import { type RejectionReason, rejectionReasonOf } from './verification-error.ts';

const start = new Date('2026-03-01T09:00:00Z');
const nowSeconds = Math.floor(start.getTime() / 1000);
const knownTenants = new Set(['northwind', 'bluepeak']);
const orderScopes = ['csp.orders.read', 'csp.invoices.read'];

const dir = createTempDir('identity-verifier-');
const clock = createManualClock(start);
let issuer: DevIssuer;
let verifier: TokenVerifier;
let jwksCalls = 0;

function verifierWith(overrides: Partial<JwtVerifierOptions> = {}): TokenVerifier {
  return createJwtVerifier({
    issuer: 'supplier-agent-dev',
    audience: 'supplier-agent',
    keys: {
      kind: 'local',
      jwks: () => {
        jwksCalls += 1;
        return issuer.jwks();
      },
    },
    knownTenant: (tenantId) => knownTenants.has(tenantId),
    clock,
    ...overrides,
  });
}

/** Signs arbitrary claims with the development issuer's own key (for tokens it would never mint). */
async function signWithDevKey(payload: JWTPayload, header: Record<string, unknown> = {}): Promise<string> {
  const file = await readKeyFile(devIssuerKeyPath(dir.path));
  const key = file!.keys.at(-1)!;
  return new SignJWT(payload)
    .setProtectedHeader({ alg: 'ES256', kid: key.kid, ...header })
    .sign(await importJWK(key.privateJwk, 'ES256'));
}

function goodClaims(): JWTPayload {
  return {
    iss: 'supplier-agent-dev',
    aud: 'supplier-agent',
    sub: 'maria.chen',
    tenant: 'northwind',
    scope: orderScopes.join(' '),
    iat: nowSeconds,
    exp: nowSeconds + 600,
  };
}

/** Asserts a refusal with its code and reason, and that the message does not echo the token. */
async function expectRejection(
  promise: Promise<unknown>,
  token: string,
  code: ErrorCode,
  reason: RejectionReason,
): Promise<AppError> {
  const error = await promise.then(
    () => {
      throw new Error(`expected a ${code} rejection, but the token verified`);
    },
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(AppError);
  const appError = error as AppError;
  expect({ code: appError.code, reason: rejectionReasonOf(appError) }).toEqual({ code, reason });
  for (const part of token.split('.').filter((segment) => segment.length > 8)) {
    expect(appError.message).not.toContain(part);
  }
  return appError;
}

beforeAll(() => {
  issuer = createDevIssuer({ dataDir: dir.path, clock });
  verifier = verifierWith();
});
afterAll(() => dir.remove());

describe('createJwtVerifier: a good token (positive control)', () => {
  it('maps the claims of a development token to the tenant context', async () => {
    const token = await issuer.mint({ tenantId: 'northwind', userId: 'maria.chen', scopes: orderScopes });
    await expect(verifier.verify(token)).resolves.toEqual({
      tenantId: 'northwind',
      userId: 'maria.chen',
      scopes: orderScopes,
      customers: [],
      operator: false,
    });
  });

  it('accepts a hand-signed token with the same claims, scopes as an array, and customers', async () => {
    const token = await signWithDevKey({ ...goodClaims(), scope: orderScopes, customers: ['globex'] });
    const context = await verifier.verify(token);
    expect(context.scopes).toEqual(orderScopes);
    expect(context.customers).toEqual(['globex']);
  });
});

describe('createJwtVerifier: malformed and unsigned tokens', () => {
  it('refuses an empty token', async () => {
    await expectRejection(verifier.verify(''), '', 'unauthenticated', 'missing_token');
  });

  it.each([
    ['not a JWT', 'hello'],
    ['two parts', 'abc.def'],
    ['garbage header', 'abc.def.ghi'],
    ['an encrypted (five-part) token', 'a.b.c.d.e'],
  ])('refuses %s', async (_name, token) => {
    await expectRejection(verifier.verify(token), token, 'unauthenticated', 'malformed');
  });

  it('refuses an oversized token', async () => {
    const token = await signWithDevKey({ ...goodClaims(), padding: 'x'.repeat(20_000) });
    await expectRejection(verifier.verify(token), token, 'unauthenticated', 'malformed');
  });

  it('refuses alg "none" with otherwise perfect claims', async () => {
    const encode = (value: object) => base64url.encode(JSON.stringify(value));
    for (const alg of ['none', 'None', 'NONE']) {
      const token = `${encode({ alg, typ: 'JWT' })}.${encode(goodClaims())}.`;
      await expectRejection(verifier.verify(token), token, 'unauthenticated', 'algorithm_none');
    }
  });

  it('refuses a signature that does not match the claims (tampered tenant)', async () => {
    const token = await issuer.mint({ tenantId: 'northwind', userId: 'maria.chen', scopes: orderScopes });
    const [header, , signature] = token.split('.');
    const forged = { ...goodClaims(), tenant: 'bluepeak' };
    const tampered = `${header}.${base64url.encode(JSON.stringify(forged))}.${signature}`;
    await expect(verifier.verify(token)).resolves.toMatchObject({ tenantId: 'northwind' });
    await expectRejection(verifier.verify(tampered), tampered, 'unauthenticated', 'bad_signature');
  });

  it("refuses a token signed by another key under the issuer's kid", async () => {
    const { privateKey } = await generateKeyPair('ES256');
    const kid = await issuer.currentKeyId();
    const token = await new SignJWT(goodClaims()).setProtectedHeader({ alg: 'ES256', kid }).sign(privateKey);
    await expectRejection(verifier.verify(token), token, 'unauthenticated', 'bad_signature');
  });
});

describe('createJwtVerifier: algorithms', () => {
  it('refuses HS256 signed with the RSA public key (HS/RS confusion); RS256 with the private key verifies', async () => {
    const { publicKey, privateKey } = await generateKeyPair('RS256', { extractable: true });
    const publicJwk = { ...(await exportJWK(publicKey)), kid: 'rsa-1', alg: 'RS256', use: 'sig' };
    const rsaVerifier = verifierWith({ keys: { kind: 'local', jwks: () => ({ keys: [publicJwk] }) } });
    const good = await new SignJWT(goodClaims())
      .setProtectedHeader({ alg: 'RS256', kid: 'rsa-1' })
      .sign(privateKey);
    await expect(rsaVerifier.verify(good)).resolves.toMatchObject({ tenantId: 'northwind' });

    const encode = (value: object) => base64url.encode(JSON.stringify(value));
    const signingInput = `${encode({ alg: 'HS256', kid: 'rsa-1', typ: 'JWT' })}.${encode(goodClaims())}`;
    for (const secret of [await exportSPKI(publicKey), JSON.stringify(publicJwk)]) {
      const mac = createHmac('sha256', secret).update(signingInput).digest('base64url');
      const confused = `${signingInput}.${mac}`;
      await expectRejection(
        rsaVerifier.verify(confused),
        confused,
        'unauthenticated',
        'algorithm_not_allowed',
      );
    }
  });

  it('refuses an algorithm outside the allowed list, and accepts it once allowed', async () => {
    const { publicKey, privateKey } = await generateKeyPair('ES384', { extractable: true });
    const jwk = { ...(await exportJWK(publicKey)), kid: 'p384' };
    const token = await new SignJWT(goodClaims())
      .setProtectedHeader({ alg: 'ES384', kid: 'p384' })
      .sign(privateKey);
    const keys = { kind: 'local' as const, jwks: () => ({ keys: [jwk] }) };
    await expectRejection(
      verifierWith({ keys }).verify(token),
      token,
      'unauthenticated',
      'algorithm_not_allowed',
    );
    await expect(verifierWith({ keys, algorithms: ['ES384'] }).verify(token)).resolves.toMatchObject({
      userId: 'maria.chen',
    });
  });

  it.each([[['none']], [['HS256']], [['ES256', 'HS512']], [[]], [['XX999']]])(
    'refuses to be configured with %j',
    (algorithms) => {
      expect(() => verifierWith({ algorithms })).toThrowError(
        expect.objectContaining({ code: 'invalid_argument' }) as Error,
      );
    },
  );
});

describe('createJwtVerifier: keys', () => {
  it('refuses an unknown kid after asking the key source once more', async () => {
    const { privateKey } = await generateKeyPair('ES256');
    const token = await new SignJWT(goodClaims())
      .setProtectedHeader({ alg: 'ES256', kid: 'not-published' })
      .sign(privateKey);
    const fresh = verifierWith();
    const good = await issuer.mint({ tenantId: 'northwind', userId: 'maria.chen', scopes: orderScopes });
    jwksCalls = 0;
    await expect(fresh.verify(good)).resolves.toMatchObject({ tenantId: 'northwind' });
    expect(jwksCalls).toBe(1);
    await expectRejection(fresh.verify(token), token, 'unauthenticated', 'unknown_key');
    expect(jwksCalls).toBe(2);
  });
});

describe('createJwtVerifier: issuer and audience', () => {
  it('refuses a token from another issuer signed with the very same key', async () => {
    const other = createDevIssuer({ dataDir: dir.path, clock, issuer: 'someone-else' });
    const token = await other.mint({ tenantId: 'northwind', userId: 'maria.chen', scopes: orderScopes });
    await expectRejection(verifier.verify(token), token, 'unauthenticated', 'wrong_issuer');
    await expect(verifierWith({ issuer: 'someone-else' }).verify(token)).resolves.toMatchObject({
      tenantId: 'northwind',
    });
  });

  it('refuses a token for another audience', async () => {
    const other = createDevIssuer({ dataDir: dir.path, clock, audience: 'another-service' });
    const token = await other.mint({ tenantId: 'northwind', userId: 'maria.chen', scopes: orderScopes });
    await expectRejection(verifier.verify(token), token, 'unauthenticated', 'wrong_audience');
    await expect(
      verifierWith({ audience: ['supplier-agent', 'another-service'] }).verify(token),
    ).resolves.toMatchObject({ tenantId: 'northwind' });
  });

  it('checks another audience claim when configured (access tokens with client_id and no aud)', async () => {
    const { aud: _aud, ...claims } = goodClaims();
    const token = await signWithDevKey({ ...claims, client_id: '3n4b5c' });
    const cognitoLike = verifierWith({ audience: '3n4b5c', audienceClaim: 'client_id' });
    await expect(cognitoLike.verify(token)).resolves.toMatchObject({ tenantId: 'northwind' });
    await expectRejection(verifier.verify(token), token, 'unauthenticated', 'missing_claim');
    const otherClient = await signWithDevKey({ ...claims, client_id: 'another-client' });
    await expectRejection(cognitoLike.verify(otherClient), otherClient, 'unauthenticated', 'wrong_audience');
    const noClient = await signWithDevKey(claims);
    await expectRejection(cognitoLike.verify(noClient), noClient, 'unauthenticated', 'missing_claim');
  });

  it('refuses tokens without iss, aud or exp', async () => {
    for (const claim of ['iss', 'aud', 'exp']) {
      const { [claim]: _dropped, ...claims } = goodClaims();
      const token = await signWithDevKey(claims);
      await expectRejection(verifier.verify(token), token, 'unauthenticated', 'missing_claim');
    }
  });
});

describe('createJwtVerifier: time', () => {
  it('accepts a token within the clock tolerance after exp, and refuses it past that', async () => {
    const token = await issuer.mint({
      tenantId: 'northwind',
      userId: 'maria.chen',
      scopes: orderScopes,
      ttlSeconds: 60,
    });
    const later = createManualClock(new Date(start.getTime() + 89_000));
    await expect(verifierWith({ clock: later }).verify(token)).resolves.toMatchObject({
      tenantId: 'northwind',
    });
    later.advance(2_000);
    const error = await expectRejection(
      verifierWith({ clock: later }).verify(token),
      token,
      'token_expired',
      'expired',
    );
    expect(error.httpStatus).toBe(401);
  });

  it('refuses a token whose nbf is in the future, and accepts it once nbf has come', async () => {
    const token = await signWithDevKey({ ...goodClaims(), nbf: nowSeconds + 120, exp: nowSeconds + 900 });
    const error = await expectRejection(
      verifier.verify(token),
      token,
      'token_not_yet_valid',
      'not_yet_valid',
    );
    expect(error.httpStatus).toBe(401);
    const later = createManualClock(new Date(start.getTime() + 120_000));
    await expect(verifierWith({ clock: later }).verify(token)).resolves.toMatchObject({
      tenantId: 'northwind',
    });
  });

  it('refuses a token issued in the future (iat beyond the tolerance)', async () => {
    const token = await signWithDevKey({ ...goodClaims(), iat: nowSeconds + 300, exp: nowSeconds + 900 });
    await expectRejection(verifier.verify(token), token, 'token_not_yet_valid', 'issued_in_future');
    const within = await signWithDevKey({ ...goodClaims(), iat: nowSeconds + 20 });
    await expect(verifier.verify(within)).resolves.toMatchObject({ tenantId: 'northwind' });
  });
});

describe('createJwtVerifier: tenant and scopes', () => {
  it('refuses a token for a tenant this platform does not know (401)', async () => {
    const token = await issuer.mint({ tenantId: 'acme', userId: 'maria.chen', scopes: orderScopes });
    const error = await expectRejection(verifier.verify(token), token, 'unknown_tenant', 'unknown_tenant');
    expect(httpStatusOf(error.code)).toBe(401);
    expect(error.message).toContain('"acme"');
  });

  it('refuses a token without any supplier scope (403), accepts an operator token without one', async () => {
    for (const scopes of [[], ['openid', 'profile']]) {
      const token = await issuer.mint({ tenantId: 'northwind', userId: 'tom.baker', scopes });
      const error = await expectRejection(
        verifier.verify(token),
        token,
        'insufficient_scope',
        'no_agent_scope',
      );
      expect(error.httpStatus).toBe(403);
    }
    const operator = await issuer.mint({ tenantId: 'northwind', userId: 'ops', scopes: [], operator: true });
    await expect(verifier.verify(operator)).resolves.toEqual({
      tenantId: 'northwind',
      userId: 'ops',
      scopes: ['supplier-agent.operator'],
      customers: [],
      operator: true,
    });
  });

  it('refuses a token without a tenant or with a malformed scope claim', async () => {
    const { tenant: _tenant, ...withoutTenant } = goodClaims();
    const noTenant = await signWithDevKey(withoutTenant);
    await expectRejection(verifier.verify(noTenant), noTenant, 'unauthenticated', 'missing_claim');
    const numericScope = await signWithDevKey({ ...goodClaims(), scope: 42 });
    await expectRejection(verifier.verify(numericScope), numericScope, 'unauthenticated', 'invalid_claim');
    const objectTenant = await signWithDevKey({ ...goodClaims(), tenant: { id: 'northwind' } });
    await expectRejection(verifier.verify(objectTenant), objectTenant, 'unauthenticated', 'invalid_claim');
  });

  it('reads configured claim names, and then no longer the default ones', async () => {
    const claims = { tenant: 'custom:tenant', user: 'email', scope: 'scp', customers: 'custom:customers' };
    const custom = createDevIssuer({ dataDir: dir.path, clock, claims, operatorScope: 'ops.admin' });
    const token = await custom.mint({
      tenantId: 'bluepeak',
      userId: 'sam.rivera@bluepeak.test',
      scopes: ['csp.orders.read'],
      customers: ['initech'],
      operator: true,
    });
    await expect(verifierWith({ claims, operatorScope: 'ops.admin' }).verify(token)).resolves.toEqual({
      tenantId: 'bluepeak',
      userId: 'sam.rivera@bluepeak.test',
      scopes: ['csp.orders.read', 'ops.admin'],
      customers: ['initech'],
      operator: true,
    });
    await expectRejection(verifier.verify(token), token, 'unauthenticated', 'missing_claim');
  });
});

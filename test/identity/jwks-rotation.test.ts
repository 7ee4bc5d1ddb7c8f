import { generateKeyPair, SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../../src/errors/index.ts';
import { createDevIssuer, type DevIssuer } from '../../src/identity/dev-issuer.ts';
import { createJwtVerifier, type JwtVerifierOptions } from '../../src/identity/jwt-verifier.ts';
import type { KeySource } from '../../src/identity/key-source.ts';
import { rejectionReasonOf } from '../../src/identity/verification-error.ts';
import { createTempDir } from '../../src/testing/temp-dir.ts';
import { type KeyServer, startKeyServer } from './support/key-server.ts';

/**
 * The verifier against keys served over HTTP, as the gateway's `/.well-known/jwks.json` and
 * discovery serve the development issuer's: caching, re-fetch on an unknown `kid`, rotation.
 */
const dir = createTempDir('identity-rotation-');
let issuer: DevIssuer;
let server: KeyServer;
const request = { tenantId: 'northwind', userId: 'maria.chen', scopes: ['csp.orders.read'] };

function verifierWith(keys: KeySource, overrides: Partial<JwtVerifierOptions> = {}) {
  return createJwtVerifier({
    issuer: issuer.issuer,
    audience: issuer.audience,
    keys,
    knownTenant: (tenantId) => tenantId === 'northwind',
    jwksCooldownSeconds: 0,
    jwksTimeoutMs: 2000,
    ...overrides,
  });
}

async function failureOf(promise: Promise<unknown>): Promise<AppError> {
  const error = await promise.then(
    () => new Error('expected a rejection'),
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(AppError);
  return error as AppError;
}

async function tokenWithUnknownKid(): Promise<string> {
  const { privateKey } = await generateKeyPair('ES256');
  return new SignJWT({ tenant: 'northwind', scope: 'csp.orders.read' })
    .setProtectedHeader({ alg: 'ES256', kid: 'never-published' })
    .setIssuer(issuer.issuer)
    .setAudience(issuer.audience)
    .setSubject('maria.chen')
    .setIssuedAt()
    .setExpirationTime('5m')
    .sign(privateKey);
}

beforeAll(async () => {
  issuer = createDevIssuer({ dataDir: dir.path });
  server = await startKeyServer(issuer.issuer, () => issuer.jwks());
});
afterAll(async () => {
  await server.close();
  dir.remove();
});

describe('verifying against served keys', () => {
  it('discovers the JWKS, caches it, re-fetches once on a new kid after rotation, and refuses an unknown kid after one re-fetch', async () => {
    const verifier = verifierWith({ kind: 'discovery', url: server.discoveryUrl });
    server.hits = { discovery: 0, jwks: 0 };
    const oldToken = await issuer.mint(request);
    await expect(verifier.verify(oldToken)).resolves.toMatchObject({ tenantId: 'northwind' });
    await expect(verifier.verify(oldToken)).resolves.toMatchObject({ tenantId: 'northwind' });
    expect(server.hits).toEqual({ discovery: 1, jwks: 1 });

    await issuer.rotate();
    const newToken = await issuer.mint(request);
    await expect(verifier.verify(newToken)).resolves.toMatchObject({ tenantId: 'northwind' });
    expect(server.hits).toEqual({ discovery: 1, jwks: 2 });
    await expect(verifier.verify(oldToken)).resolves.toMatchObject({ tenantId: 'northwind' });
    expect(server.hits.jwks).toBe(2);

    const unknown = await tokenWithUnknownKid();
    const error = await failureOf(verifier.verify(unknown));
    expect({ code: error.code, reason: rejectionReasonOf(error) }).toEqual({
      code: 'unauthenticated',
      reason: 'unknown_key',
    });
    expect(server.hits).toEqual({ discovery: 1, jwks: 3 });
  });

  it('fetches again at most once per cooldown, however many unknown kids arrive', async () => {
    const verifier = verifierWith({ kind: 'jwks-url', url: server.jwksUrl }, { jwksCooldownSeconds: 30 });
    server.hits = { discovery: 0, jwks: 0 };
    await expect(verifier.verify(await issuer.mint(request))).resolves.toMatchObject({
      userId: 'maria.chen',
    });
    expect(server.hits.jwks).toBe(1);
    for (let attempt = 0; attempt < 5; attempt += 1) {
      const error = await failureOf(verifier.verify(await tokenWithUnknownKid()));
      expect(rejectionReasonOf(error)).toBe('unknown_key');
    }
    expect(server.hits.jwks).toBe(1);
  });

  it('refuses discovery that names another issuer (a misconfiguration, 503)', async () => {
    server.discoveryOverrides = { issuer: 'https://elsewhere.example' };
    try {
      const verifier = verifierWith({ kind: 'discovery', url: server.discoveryUrl });
      const error = await failureOf(verifier.verify(await issuer.mint(request)));
      expect(error.code).toBe('unavailable');
      expect(error.message).toContain('elsewhere.example');
    } finally {
      server.discoveryOverrides = {};
    }
  });

  it('reports an unreachable key set as unavailable and retryable, and recovers when it is back', async () => {
    const verifier = verifierWith({ kind: 'jwks-url', url: server.jwksUrl });
    const token = await issuer.mint(request);
    server.failWith = 500;
    const error = await failureOf(verifier.verify(token));
    server.failWith = undefined;
    expect({ code: error.code, retryable: error.retryable, reason: rejectionReasonOf(error) }).toEqual({
      code: 'unavailable',
      retryable: true,
      reason: 'keys_unavailable',
    });
    await expect(verifier.verify(token)).resolves.toMatchObject({ tenantId: 'northwind' });

    const closed = verifierWith({ kind: 'jwks-url', url: 'http://127.0.0.1:9/.well-known/jwks.json' });
    const refused = await failureOf(closed.verify(token));
    expect(refused.code).toBe('unavailable');
  });
});

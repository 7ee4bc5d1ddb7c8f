import fs from 'node:fs';
import { decodeJwt, decodeProtectedHeader } from 'jose';
import { afterEach, describe, expect, it } from 'vitest';
import { createManualClock } from '../clock/clock.ts';
import { AppError } from '../errors/index.ts';
import { createTempDir } from '../testing/temp-dir.ts';
import { createDevIssuer, type DevIssuer } from './dev-issuer.ts';
import { devIssuerKeyPath } from './dev-issuer-keys.ts';
import { createJwtVerifier } from './jwt-verifier.ts';
import { rejectionReasonOf } from './verification-error.ts';

const start = new Date('2026-03-01T09:00:00Z');
const dirs: { remove(): void }[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) dir.remove();
});

function tempDataDir(): string {
  const dir = createTempDir('identity-dev-issuer-');
  dirs.push(dir);
  return dir.path;
}

function verifierFor(issuer: DevIssuer, clock = createManualClock(start)) {
  return createJwtVerifier({
    issuer: issuer.issuer,
    audience: issuer.audience,
    keys: { kind: 'local', jwks: () => issuer.jwks() },
    knownTenant: () => true,
    clock,
  });
}

const request = { tenantId: 'northwind', userId: 'maria.chen', scopes: ['csp.orders.read'] };

describe('createDevIssuer', () => {
  it('generates its key on first use into DATA_DIR/identity/dev-issuer.json, readable by the owner only', async () => {
    const dataDir = tempDataDir();
    const issuer = createDevIssuer({ dataDir, clock: createManualClock(start) });
    const file = devIssuerKeyPath(dataDir);
    expect(fs.existsSync(file)).toBe(false);
    const jwks = await issuer.jwks();
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    expect(fs.statSync(`${dataDir}/identity`).mode & 0o777).toBe(0o700);
    expect(jwks.keys).toHaveLength(1);
    const [key] = jwks.keys;
    expect(key).toMatchObject({
      kty: 'EC',
      crv: 'P-256',
      alg: 'ES256',
      use: 'sig',
      kid: await issuer.currentKeyId(),
    });
    expect(Object.keys(key!).sort()).toEqual(['alg', 'crv', 'kid', 'kty', 'use', 'x', 'y']);
    expect(JSON.stringify(jwks)).not.toContain('"d"');
    expect(fs.readFileSync(file, 'utf8')).toContain('"d"');
  });

  it('mints a token with iss, aud, sub, tenant, scope, iat, nbf, exp, kid and jti', async () => {
    const clock = createManualClock(start);
    const issuer = createDevIssuer({ dataDir: tempDataDir(), clock, generateId: () => 'token-1' });
    const token = await issuer.mint({ ...request, customers: ['globex'], ttlSeconds: 120 });
    const issuedAt = start.getTime() / 1000;
    expect(decodeProtectedHeader(token)).toEqual({
      alg: 'ES256',
      kid: await issuer.currentKeyId(),
      typ: 'JWT',
    });
    expect(decodeJwt(token)).toEqual({
      iss: 'supplier-agent-dev',
      aud: 'supplier-agent',
      sub: 'maria.chen',
      tenant: 'northwind',
      scope: 'csp.orders.read',
      customers: ['globex'],
      iat: issuedAt,
      nbf: issuedAt,
      exp: issuedAt + 120,
      jti: 'token-1',
    });
    expect(decodeJwt(await issuer.mint(request)).exp).toBe(issuedAt + 3600);
    await expect(verifierFor(issuer, clock).verify(token)).resolves.toMatchObject({ customers: ['globex'] });
  });

  it('adds the operator scope for operator tokens', async () => {
    const issuer = createDevIssuer({ dataDir: tempDataDir(), clock: createManualClock(start) });
    const token = await issuer.mint({ ...request, operator: true });
    expect(decodeJwt(token).scope).toBe('csp.orders.read supplier-agent.operator');
  });

  it('refuses invalid mint requests, naming the fields', async () => {
    const issuer = createDevIssuer({ dataDir: tempDataDir(), clock: createManualClock(start) });
    await expect(issuer.mint({ ...request, ttlSeconds: 0 })).rejects.toMatchObject({
      code: 'validation_failed',
      fields: { ttlSeconds: [expect.any(String)] },
    });
    await expect(issuer.mint({ ...request, tenantId: '', scopes: ['a b'] })).rejects.toMatchObject({
      code: 'validation_failed',
      fields: { tenantId: [expect.any(String)], scopes: [expect.any(String)] },
    });
    await expect(issuer.mint(request)).resolves.toEqual(expect.any(String));
  });

  it('shares its key with other instances (processes) on the same data dir, even when they start together', async () => {
    const dataDir = tempDataDir();
    const clock = createManualClock(start);
    const instances = Array.from({ length: 4 }, () => createDevIssuer({ dataDir, clock }));
    const kids = await Promise.all(instances.map((instance) => instance.currentKeyId()));
    expect(new Set(kids).size).toBe(1);
    const token = await instances[1]!.mint(request);
    await expect(verifierFor(instances[2]!, clock).verify(token)).resolves.toMatchObject({
      userId: 'maria.chen',
    });
  });

  it('rotates: new tokens use the new key, old tokens verify during the grace period, then not', async () => {
    const dataDir = tempDataDir();
    const clock = createManualClock(start);
    const issuer = createDevIssuer({ dataDir, clock, graceSeconds: 600 });
    const verifier = verifierFor(issuer, clock);
    const oldKid = await issuer.currentKeyId();
    // Another instance on the same data dir (another process) that has already read the key.
    const elsewhere = createDevIssuer({ dataDir, clock, graceSeconds: 600 });
    expect(await elsewhere.currentKeyId()).toBe(oldKid);
    const oldToken = await issuer.mint(request);
    await expect(verifier.verify(oldToken)).resolves.toMatchObject({ tenantId: 'northwind' });

    const { kid: newKid } = await issuer.rotate();
    expect(newKid).not.toBe(oldKid);
    const newToken = await issuer.mint(request);
    expect(decodeProtectedHeader(newToken).kid).toBe(newKid);
    expect((await issuer.jwks()).keys.map((key) => key.kid)).toEqual([newKid, oldKid]);
    await expect(verifier.verify(newToken)).resolves.toMatchObject({ tenantId: 'northwind' });
    await expect(verifier.verify(oldToken)).resolves.toMatchObject({ tenantId: 'northwind' });

    expect(await elsewhere.currentKeyId()).toBe(newKid);

    clock.advance(601_000);
    expect((await issuer.jwks()).keys.map((key) => key.kid)).toEqual([newKid]);
    // The same verifier reads the key set again once its cached copy is older than 600 s.
    const refused = await verifier.verify(oldToken).catch((error: unknown) => error);
    expect(rejectionReasonOf(refused)).toBe('unknown_key');
    await expect(verifierFor(issuer, clock).verify(newToken)).resolves.toMatchObject({
      tenantId: 'northwind',
    });
  });

  it('reports a damaged key file instead of replacing it', async () => {
    const dataDir = tempDataDir();
    const issuer = createDevIssuer({ dataDir, clock: createManualClock(start) });
    await issuer.jwks();
    fs.writeFileSync(devIssuerKeyPath(dataDir), '{"version":1,"keys":[]}');
    const error = await createDevIssuer({ dataDir })
      .jwks()
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe('internal');
    expect((error as AppError).message).toContain('delete it');
  });
});

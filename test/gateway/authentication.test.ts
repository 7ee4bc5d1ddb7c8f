import { SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createManualClock } from '../../src/clock/clock.ts';
import { createDevIssuer } from '../../src/identity/dev-issuer.ts';
import { createTempDir } from '../../src/testing/temp-dir.ts';
import { type GatewayRig, scripted, startGatewayRig } from './support/gateway-rig.ts';

let rig: GatewayRig;
let maria: string;
const otherKeys = createTempDir('gateway-other-issuer-');

beforeAll(async () => {
  rig = await startGatewayRig();
  maria = await rig.token('northwind', 'maria.chen');
}, 60_000);
afterAll(async () => {
  await rig?.close();
  otherKeys.remove();
});

const base64url = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

/** Every route that needs a token, with a body it would accept. */
const protectedRoutes = [
  ['POST', '/v1/sessions', { message: 'hi', skill: 'order-status' }],
  ['POST', '/v1/sessions/some-session/messages', { message: 'hi' }],
  ['POST', '/v1/sessions/some-session/interrupt', {}],
  ['GET', '/v1/sessions/some-session', undefined],
  ['GET', '/v1/sessions/some-session/audit', undefined],
  ['POST', '/v1/tenants/northwind/suspend', { reason: 'test' }],
  ['POST', '/v1/tenants/northwind/resume', {}],
] as const;

describe('bearer tokens', () => {
  it('refuses every /v1 route without a token (401 unauthenticated, WWW-Authenticate)', async () => {
    for (const [method, path, body] of protectedRoutes) {
      const response = await rig.request(method, path, body === undefined ? {} : { body });
      expect(response.status, `${method} ${path}`).toBe(401);
      expect(response.body.error).toMatchObject({
        code: 'unauthenticated',
        details: { reason: 'missing_token' },
      });
      expect(response.headers.get('www-authenticate')).toMatch(/^Bearer /);
    }
    expect(rig.agent.audit.sessionIds()).toEqual([]);
  });

  it('refuses bad tokens, each with its stable code', async () => {
    const expiredIssuer = createDevIssuer({
      dataDir: otherKeys.path,
      clock: createManualClock(new Date(Date.now() - 3 * 3600_000)),
    });
    // Same keys as the gateway trusts, but a token two hours past its expiry.
    const sameKeysOldClock = createDevIssuer({
      dataDir: rig.identityDataDir,
      clock: createManualClock(new Date(Date.now() - 3 * 3600_000)),
    });
    const wrongAudience = createDevIssuer({
      dataDir: rig.identityDataDir,
      audience: 'someone-else',
    });
    const [header, payload] = maria.split('.');
    const cases: Array<[string, string, number, string]> = [
      ['not a JWT', 'Bearer not-a-jwt', 401, 'unauthenticated'],
      ['Basic scheme', `Basic ${Buffer.from('maria:secret').toString('base64')}`, 401, 'unauthenticated'],
      ['empty bearer', 'Bearer ', 401, 'unauthenticated'],
      ['alg none', `Bearer ${base64url({ alg: 'none', typ: 'JWT' })}.${payload}.`, 401, 'unauthenticated'],
      [
        'tampered payload',
        `Bearer ${header}.${base64url({ tenant: 'bluepeak', sub: 'x' })}.${maria.split('.')[2]}`,
        401,
        'unauthenticated',
      ],
      [
        'signed by an unknown key',
        `Bearer ${await expiredIssuer.mint({ tenantId: 'northwind', userId: 'maria.chen', scopes: ['csp.orders.read'], ttlSeconds: 7 * 24 * 3600 })}`,
        401,
        'unauthenticated',
      ],
      [
        'expired',
        `Bearer ${await sameKeysOldClock.mint({ tenantId: 'northwind', userId: 'maria.chen', scopes: ['csp.orders.read'] })}`,
        401,
        'token_expired',
      ],
      [
        'wrong audience',
        `Bearer ${await wrongAudience.mint({ tenantId: 'northwind', userId: 'maria.chen', scopes: ['csp.orders.read'] })}`,
        401,
        'unauthenticated',
      ],
      [
        'unknown tenant',
        `Bearer ${await rig.issuer.mint({ tenantId: 'nowhere', userId: 'x', scopes: ['csp.orders.read'] })}`,
        401,
        'unknown_tenant',
      ],
      [
        'no supplier scope',
        `Bearer ${await rig.issuer.mint({ tenantId: 'northwind', userId: 'maria.chen', scopes: ['profile'] })}`,
        403,
        'insufficient_scope',
      ],
    ];
    for (const [what, authorization, status, code] of cases) {
      const response = await rig.request('POST', '/v1/sessions', {
        headers: { authorization },
        body: { message: 'hi', skill: 'order-status' },
      });
      expect(response.status, what).toBe(status);
      expect(response.body.error.code, what).toBe(code);
      expect(response.text, what).not.toMatch(/stack|at .*\.ts:\d+/);
    }
    expect(rig.agent.audit.sessionIds()).toEqual([]);
    const metrics = await rig.request('GET', '/metrics');
    expect(metrics.text).toMatch(/^supplier_agent_unauthenticated_total (\d+)$/m);
    expect(
      Number(/^supplier_agent_unauthenticated_total (\d+)$/m.exec(metrics.text)?.[1]),
    ).toBeGreaterThanOrEqual(cases.length - 1 + protectedRoutes.length);

    // Positive control: the same request with a good token runs a turn.
    rig.useModel(scripted([{ text: 'Hello.' }]));
    const good = await rig.request('POST', '/v1/sessions', {
      token: maria,
      body: { message: 'hi', skill: 'order-status' },
    });
    expect(good.status).toBe(201);
    expect(good.body.turn.status).toBe('completed');
  }, 60_000);

  it('checks the token before reading the body: no token and a huge body is 401, not 413', async () => {
    const response = await rig.request('POST', '/v1/sessions', {
      rawBody: JSON.stringify({ message: 'x'.repeat(200_000) }),
      headers: { 'content-type': 'application/json' },
    });
    expect(response.status).toBe(401);
  });

  it('refuses an HS256 token signed with a guessable secret (algorithm confusion)', async () => {
    const forged = await new SignJWT({ tenant: 'northwind', scope: 'csp.orders.read' })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('maria.chen')
      .setIssuer(rig.issuer.issuer)
      .setAudience(rig.issuer.audience)
      .setExpirationTime('1h')
      .sign(new TextEncoder().encode('a shared secret anyone could guess'));
    const response = await rig.request('GET', '/v1/sessions/some-session', { token: forged });
    expect(response.status).toBe(401);
    expect(response.body.error.code).toBe('unauthenticated');
  });
});

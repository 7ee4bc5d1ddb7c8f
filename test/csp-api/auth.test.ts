import { SignJWT, UnsecuredJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createManualClock } from '../../src/clock/clock.ts';
import { tokenAudience, tokenIssuer } from '../../src/csp-api/auth/token-service.ts';
import { type CspApiHarness, startCspApi } from '../../src/testing/csp-api-harness.ts';

const clock = createManualClock(new Date('2026-12-01T08:00:00Z'));
let api: CspApiHarness;

beforeAll(async () => {
  api = await startCspApi({ clock });
});
afterAll(() => api.close());

const tokenRequest = (form: Record<string, string>, headers: Record<string, string> = {}) =>
  fetch(`${api.url}/oauth2/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
    body: new URLSearchParams(form).toString(),
  });

describe('POST /oauth2/token', () => {
  it('issues a bearer JWT bound to the supplier with the requested scopes', async () => {
    const { clientId, clientSecret } = api.credentials('northwind');
    const response = await tokenRequest({
      grant_type: 'client_credentials',
      client_id: clientId,
      client_secret: clientSecret,
      scope: 'csp.orders.read',
    });
    expect(response.status).toBe(200);
    const body = (await response.json()) as Record<string, unknown>;
    expect(body).toMatchObject({ token_type: 'bearer', expires_in: 86399, scope: 'csp.orders.read' });
    const payload = JSON.parse(Buffer.from(String(body.access_token).split('.')[1]!, 'base64url').toString());
    expect(payload).toMatchObject({
      sub: 'supplier:1',
      supplier_id: 1,
      scope: 'csp.orders.read',
      iss: tokenIssuer,
    });
  });

  it('accepts HTTP Basic client authentication', async () => {
    const { clientId, clientSecret } = api.credentials('bluepeak');
    const basic = Buffer.from(`${clientId}:${clientSecret}`).toString('base64');
    const response = await tokenRequest(
      { grant_type: 'client_credentials' },
      { authorization: `Basic ${basic}` },
    );
    expect(response.status).toBe(200);
  });

  it('refuses a wrong secret, an unknown client, a wrong grant and an unknown scope', async () => {
    const { clientId, clientSecret } = api.credentials('northwind');
    const wrongSecret = await tokenRequest({
      grant_type: 'client_credentials',
      client_id: clientId,
      client_secret: `${clientSecret}x`,
    });
    expect(wrongSecret.status).toBe(401);
    expect(await wrongSecret.json()).toMatchObject({ error: 'invalid_client' });
    const unknown = await tokenRequest({
      grant_type: 'client_credentials',
      client_id: 'nobody',
      client_secret: clientSecret,
    });
    expect(unknown.status).toBe(401);
    const grant = await tokenRequest({
      grant_type: 'password',
      client_id: clientId,
      client_secret: clientSecret,
    });
    expect(await grant.json()).toMatchObject({ error: 'unsupported_grant_type' });
    const scope = await tokenRequest({
      grant_type: 'client_credentials',
      client_id: clientId,
      client_secret: clientSecret,
      scope: 'csp.sim.buyer',
    });
    expect(scope.status).toBe(400);
    expect(await scope.json()).toMatchObject({ error: 'invalid_scope' });
  });
});

describe('bearer tokens on /api', () => {
  const listOrders = (token?: string, raw?: string) =>
    api.request(
      'GET',
      '/api/purchase_orders?limit=1',
      raw ? { headers: { authorization: raw } } : token ? { token } : {},
    );

  it('positive control: a fresh token reads', async () => {
    expect((await listOrders(await api.token('northwind'))).status).toBe(200);
  });

  it('401 without a token, with a malformed header, or with garbage', async () => {
    for (const response of [
      await listOrders(),
      await listOrders(undefined, 'Token abc'),
      await listOrders('not.a.jwt'),
    ]) {
      expect(response.status).toBe(401);
      expect(response.body.code).toBe('unauthenticated');
    }
  });

  it('401 for a token with a forged signature, alg none, or another issuer', async () => {
    const good = await api.token('northwind');
    const [header, payload] = good.split('.');
    const tampered = `${header}.${Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(payload!, 'base64url').toString()), supplier_id: 2 })).toString('base64url')}.${good.split('.')[2]}`;
    const none = new UnsecuredJWT({ client_id: 'northwind-agent', supplier_id: 1, scope: 'csp.orders.read' })
      .setIssuer(tokenIssuer)
      .setAudience(tokenAudience)
      .setSubject('supplier:1')
      .setExpirationTime('1h')
      .encode();
    const otherKey = await new SignJWT({
      client_id: 'northwind-agent',
      supplier_id: 1,
      scope: 'csp.orders.read',
    })
      .setProtectedHeader({ alg: 'HS256' })
      .setIssuer(tokenIssuer)
      .setAudience(tokenAudience)
      .setSubject('supplier:1')
      .setExpirationTime('1h')
      .sign(new TextEncoder().encode('a-guessed-shared-secret-of-32-bytes!!'));
    for (const token of [tampered, none, otherKey]) {
      const response = await listOrders(token);
      expect(response.status).toBe(401);
    }
  });

  it('401 token_expired once the token has lived past expires_in', async () => {
    const token = await api.token('northwind');
    expect((await listOrders(token)).status).toBe(200);
    clock.advance(86_400 * 1000);
    const expired = await listOrders(token);
    expect(expired.status).toBe(401);
    expect(expired.body.code).toBe('token_expired');
    clock.advance(-86_400 * 1000);
  });

  it('403 insufficient scope, with the Coupa error body; the scope that is held works', async () => {
    const token = await api.token('northwind', ['csp.invoices.read']);
    const denied = await api.request('GET', '/api/purchase_orders', { token });
    expect(denied.status).toBe(403);
    expect(denied.body).toEqual({ errors: { scope: ['insufficient scope'] }, code: 'insufficient_scope' });
    expect((await api.request('GET', '/api/invoices?limit=1', { token })).status).toBe(200);
  });

  it('a buyer token cannot read supplier data', async () => {
    const denied = await api.request('GET', '/api/purchase_orders', { token: await api.buyerToken() });
    expect(denied.status).toBe(403);
  });
});

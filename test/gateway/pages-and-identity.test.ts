import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createJwtVerifier } from '../../src/identity/jwt-verifier.ts';
import { createTempDir } from '../../src/testing/temp-dir.ts';
import { type GatewayRig, startGatewayRig } from './support/gateway-rig.ts';

const site = createTempDir('gateway-site-');
const outside = createTempDir('gateway-outside-');
const indexHtml = '<!doctype html><title>Supplier Agent</title><script src="app.js"></script>';
let rig: GatewayRig;

beforeAll(async () => {
  fs.writeFileSync(path.join(site.path, 'index.html'), indexHtml);
  fs.writeFileSync(path.join(site.path, 'app.js'), 'console.log("hi");');
  fs.writeFileSync(path.join(site.path, 'style.css'), 'body { margin: 0 }');
  fs.writeFileSync(path.join(site.path, 'logo.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
  fs.writeFileSync(path.join(site.path, '.env'), 'SECRET=1');
  fs.mkdirSync(path.join(site.path, 'assets'));
  fs.writeFileSync(path.join(site.path, 'assets', 'data.json'), '{"a":1}');
  fs.writeFileSync(path.join(outside.path, 'secret.txt'), 'outside the site');
  fs.symlinkSync(path.join(outside.path, 'secret.txt'), path.join(site.path, 'link.txt'));
  rig = await startGatewayRig({ wellKnown: true, gateway: { staticDir: site.path } });
}, 60_000);
afterAll(async () => {
  await rig?.close();
  site.remove();
  outside.remove();
});

/** A raw request line, so `..` reaches the server unnormalized. */
function rawGet(target: string): Promise<string> {
  const { port, hostname } = new URL(rig.url);
  return new Promise((resolve, reject) => {
    const socket = net.connect(Number(port), hostname, () => {
      socket.write(`GET ${target} HTTP/1.1\r\nHost: ${hostname}\r\nConnection: close\r\n\r\n`);
    });
    let answer = '';
    socket.on('data', (chunk) => {
      answer += chunk.toString();
    });
    socket.on('end', () => resolve(answer));
    socket.on('error', reject);
  });
}

describe('the web pages', () => {
  it('serves index.html at / and assets with their content types, without a token', async () => {
    const page = await rig.request('GET', '/');
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(page.headers.get('x-content-type-options')).toBe('nosniff');
    expect(page.headers.get('x-frame-options')).toBe('DENY');
    expect(page.text).toBe(indexHtml);
    const types: Array<[string, string]> = [
      ['/index.html', 'text/html; charset=utf-8'],
      ['/app.js', 'text/javascript; charset=utf-8'],
      ['/style.css', 'text/css; charset=utf-8'],
      ['/logo.svg', 'image/svg+xml'],
      ['/assets/data.json', 'application/json; charset=utf-8'],
    ];
    for (const [file, type] of types) {
      const response = await rig.request('GET', file);
      expect(response.status, file).toBe(200);
      expect(response.headers.get('content-type'), file).toBe(type);
    }
    const head = await fetch(`${rig.url}/app.js`, { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(head.headers.get('content-length')).toBe(String('console.log("hi");'.length));
    const etag = page.headers.get('etag');
    expect(etag).toBeTruthy();
    const again = await fetch(`${rig.url}/`, { headers: { 'if-none-match': etag as string } });
    expect(again.status).toBe(304);
  });

  it('lists no directory and serves nothing outside the folder or hidden', async () => {
    for (const target of [
      '/assets',
      '/assets/',
      '/.env',
      '/link.txt',
      '/missing.html',
      '/assets/%2e%2e/.env',
    ]) {
      const response = await rig.request('GET', target);
      expect(response.status, target).toBe(404);
      expect(response.body).toEqual({ error: { code: 'not_found', message: 'No such route.' } });
    }
    for (const target of [
      '/../../../../etc/passwd',
      '/assets/../../secret.txt',
      '/%2e%2e/%2e%2e/etc/passwd',
      '/assets/..%2f..%2f.env',
      `/${encodeURIComponent(path.join(outside.path, 'secret.txt'))}`,
    ]) {
      const answer = await rawGet(target);
      expect(answer, target).toMatch(/^HTTP\/1\.1 (400|404) /);
      expect(answer, target).not.toContain('outside the site');
      expect(answer, target).not.toContain('root:');
      expect(answer, target).not.toContain('SECRET=1');
    }
  });

  it('leaves the API as it was: token routes still want a token, health still answers', async () => {
    expect((await rig.request('GET', '/healthz')).status).toBe(200);
    const session = await rig.request('GET', '/v1/sessions/abc');
    expect(session.status).toBe(401);
    expect(session.body.error.code).toBe('unauthenticated');
  });
});

describe('the identity documents', () => {
  it('publishes the key set and discovery document, and a verifier reading them accepts our tokens', async () => {
    const discovery = await rig.request('GET', '/.well-known/openid-configuration');
    expect(discovery.status).toBe(200);
    expect(discovery.body).toMatchObject({
      issuer: rig.issuer.issuer,
      jwks_uri: `${rig.url}/.well-known/jwks.json`,
    });
    const jwks = await rig.request('GET', '/.well-known/jwks.json');
    expect(jwks.status).toBe(200);
    expect(jwks.body.keys[0]).toMatchObject({ kty: 'EC', kid: await rig.issuer.currentKeyId() });
    expect(JSON.stringify(jwks.body)).not.toContain('"d"');

    const verifier = createJwtVerifier({
      issuer: rig.issuer.issuer,
      audience: rig.issuer.audience,
      keys: { kind: 'jwks-url', url: discovery.body.jwks_uri },
      knownTenant: (tenantId) => tenantId === 'northwind',
    });
    const context = await verifier.verify(await rig.token('northwind', 'tom.baker'));
    expect(context).toMatchObject({ tenantId: 'northwind', userId: 'tom.baker', operator: false });
  });
});

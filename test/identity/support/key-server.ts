import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { JSONWebKeySet } from 'jose';
import { type DiscoveryDocument, devIssuerDiscovery } from '../../../src/identity/discovery.ts';

/** A local server publishing an issuer's discovery document and JWKS, counting requests. */
export interface KeyServer {
  baseUrl: string;
  discoveryUrl: string;
  jwksUrl: string;
  /** Requests served per path. */
  hits: { discovery: number; jwks: number };
  /** Answer the next requests with this HTTP status instead (undefined: serve normally). */
  failWith: number | undefined;
  /** Overrides fields of the discovery document. */
  discoveryOverrides: Partial<DiscoveryDocument>;
  close(): Promise<void>;
}

export async function startKeyServer(issuer: string, jwks: () => Promise<JSONWebKeySet>): Promise<KeyServer> {
  const server = http.createServer((request, response) => {
    void (async () => {
      const send = (status: number, body: unknown) => {
        response.writeHead(status, { 'content-type': 'application/json' });
        response.end(JSON.stringify(body));
      };
      if (state.failWith !== undefined) return send(state.failWith, { error: 'unavailable' });
      if (request.url === '/.well-known/openid-configuration') {
        state.hits.discovery += 1;
        return send(200, {
          ...devIssuerDiscovery({ issuer, baseUrl: state.baseUrl }),
          ...state.discoveryOverrides,
        });
      }
      if (request.url === '/.well-known/jwks.json') {
        state.hits.jwks += 1;
        return send(200, await jwks());
      }
      return send(404, { error: 'not found' });
    })();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const baseUrl = `http://127.0.0.1:${port}`;
  const state: KeyServer = {
    baseUrl,
    discoveryUrl: `${baseUrl}/.well-known/openid-configuration`,
    jwksUrl: `${baseUrl}/.well-known/jwks.json`,
    hits: { discovery: 0, jwks: 0 },
    failWith: undefined,
    discoveryOverrides: {},
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
  return state;
}

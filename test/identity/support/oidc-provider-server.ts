import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, type JWK } from 'jose';
import Provider from 'oidc-provider';

/**
 * A certified, independently written OpenID Provider (the `oidc-provider` package) on 127.0.0.1,
 * issuing RFC 9068 JWT access tokens through the client credentials grant. `restart(keys)` replaces
 * the provider with a fresh instance (same issuer, same port) holding other signing keys, as an
 * operator rotating keys would.
 */
export interface OidcProviderServer {
  issuer: string;
  /** POSTs to the token endpoint; returns the HTTP status and JSON body. */
  requestToken(
    client: OidcTestClient,
    form: Record<string, string>,
  ): Promise<{ status: number; body: Record<string, unknown> }>;
  restart(keys: JWK[]): void;
  close(): Promise<void>;
}

export interface OidcTestClient {
  clientId: string;
  clientSecret: string;
  /** Written into every access token of this client (claim name `tenantClaim`). */
  tenant: string;
}

export interface OidcProviderServerOptions {
  clients: OidcTestClient[];
  /** Private signing keys, the first signs. */
  keys: JWK[];
  /** Resource indicator -> audience and scopes of that API. */
  resources: Record<string, { audience: string; scope: string }>;
  /** Claim carrying the tenant id. */
  tenantClaim: string;
}

/** An RS256 signing key with a kid, as a private JWK. */
export async function generateProviderKey(kid: string): Promise<JWK> {
  const { privateKey } = await generateKeyPair('RS256', { extractable: true });
  return { ...(await exportJWK(privateKey)), kid, alg: 'RS256', use: 'sig' };
}

export async function startOidcProvider(options: OidcProviderServerOptions): Promise<OidcProviderServer> {
  let handler: http.RequestListener = (_request, response) => response.end();
  const server = http.createServer((request, response) => handler(request, response));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const tenants = new Map(options.clients.map((client) => [client.clientId, client.tenant]));

  const configure = (keys: JWK[]) => {
    const provider = new Provider(issuer, {
      clients: options.clients.map((client) => ({
        client_id: client.clientId,
        client_secret: client.clientSecret,
        grant_types: ['client_credentials'],
        redirect_uris: [],
        response_types: [],
        token_endpoint_auth_method: 'client_secret_basic',
      })),
      jwks: { keys },
      features: {
        devInteractions: { enabled: false },
        clientCredentials: { enabled: true },
        resourceIndicators: {
          enabled: true,
          defaultResource: () => Object.keys(options.resources)[0],
          useGrantedResource: () => true,
          getResourceServerInfo: (_context: unknown, resourceIndicator: string) => {
            const resource = options.resources[resourceIndicator];
            if (!resource) throw new Error(`unknown resource ${resourceIndicator}`);
            return {
              audience: resource.audience,
              scope: resource.scope,
              accessTokenTTL: 300,
              accessTokenFormat: 'jwt',
              jwt: { sign: { alg: 'RS256' } },
            };
          },
        },
      },
      extraTokenClaims: (_context: unknown, token: { clientId?: string }) => {
        const tenant = token.clientId === undefined ? undefined : tenants.get(token.clientId);
        return tenant === undefined ? undefined : { [options.tenantClaim]: tenant };
      },
      ttl: { ClientCredentials: 300 },
      // No cookies are used by the client credentials grant; a fixed key keeps the provider quiet.
      cookies: { keys: ['interop-test-cookie-key'] },
    });
    handler = provider.callback();
  };
  configure(options.keys);

  return {
    issuer,
    async requestToken(client, form) {
      const response = await fetch(`${issuer}/token`, {
        method: 'POST',
        headers: {
          authorization: `Basic ${Buffer.from(`${client.clientId}:${client.clientSecret}`).toString('base64')}`,
          'content-type': 'application/x-www-form-urlencoded',
        },
        body: new URLSearchParams(form).toString(),
      });
      return { status: response.status, body: (await response.json()) as Record<string, unknown> };
    },
    restart: configure,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

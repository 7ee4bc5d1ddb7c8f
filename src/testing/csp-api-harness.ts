import type { Clock } from '../clock/clock.ts';
import { type CspApiConfig, defaultConfig, type RateLimitConfig } from '../config/index.ts';
import { listClientCredentials } from '../csp-api/auth/clients.ts';
import { buyerClientId, supplierClientId } from '../csp-api/seed/seed.ts';
import { type CspApiServer, createCspApiServer } from '../csp-api/server.ts';
import { listTenants, type Tenant } from '../csp-api/tenants/tenant.ts';
import { createTempDir } from './temp-dir.ts';

export interface CspApiHarness {
  server: CspApiServer;
  /** Base URL of the running server (`http://127.0.0.1:PORT`). */
  url: string;
  dataDir: string;
  tenants: Tenant[];
  /** Client credentials of a tenant's API client. */
  credentials(tenantId: string): { clientId: string; clientSecret: string };
  /** A supplier access token from `POST /oauth2/token` (all scopes unless given). */
  token(tenantId: string, scopes?: string[]): Promise<string>;
  /** A buyer-side token for the `/sim` routes. */
  buyerToken(): Promise<string>;
  /** `fetch` against the server with an optional bearer token and JSON body. */
  request(method: string, path: string, options?: RequestOptions): Promise<HarnessResponse>;
  close(): Promise<void>;
}

export interface RequestOptions {
  token?: string;
  body?: unknown;
  headers?: Record<string, string>;
}

export interface HarnessResponse {
  status: number;
  headers: Headers;
  // biome-ignore lint/suspicious/noExplicitAny: test code reads arbitrary JSON shapes
  body: any;
}

export interface CspApiHarnessOptions {
  clock?: Clock;
  rateLimit?: RateLimitConfig;
  config?: Partial<CspApiConfig>;
}

/** Starts a real CSP API on port 0 over a fresh data dir (real SQLite, real HTTP). */
export async function startCspApi(options: CspApiHarnessOptions = {}): Promise<CspApiHarness> {
  const dir = createTempDir('csp-api-');
  const config: CspApiConfig = {
    ...defaultConfig.cspApi,
    rateLimit: options.rateLimit ?? false,
    ...options.config,
  };
  const server = await createCspApiServer({
    dataDir: dir.path,
    config,
    ...(options.clock ? { clock: options.clock } : {}),
  });
  const url = await server.listen(0, '127.0.0.1');
  const secrets = new Map(
    listClientCredentials(server.db).map((client) => [client.clientId, client.clientSecret]),
  );

  const request = async (
    method: string,
    path: string,
    requestOptions: RequestOptions = {},
  ): Promise<HarnessResponse> => {
    const headers: Record<string, string> = { ...requestOptions.headers };
    if (requestOptions.token) headers.authorization = `Bearer ${requestOptions.token}`;
    let body: string | undefined;
    if (requestOptions.body !== undefined) {
      body =
        typeof requestOptions.body === 'string' ? requestOptions.body : JSON.stringify(requestOptions.body);
      headers['content-type'] ??= 'application/json';
    }
    const response = await fetch(`${url}${path}`, {
      method,
      headers,
      ...(body === undefined ? {} : { body }),
    });
    const text = await response.text();
    let parsed: unknown = text;
    try {
      parsed = text === '' ? undefined : JSON.parse(text);
    } catch {
      // not JSON: keep the text
    }
    return { status: response.status, headers: response.headers, body: parsed };
  };

  const tokenFor = async (clientId: string, scopes?: string[]): Promise<string> => {
    const form = new URLSearchParams({
      grant_type: 'client_credentials',
      client_id: clientId,
      client_secret: secrets.get(clientId) ?? '',
    });
    if (scopes) form.set('scope', scopes.join(' '));
    const response = await fetch(`${url}/oauth2/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: form.toString(),
    });
    const json = (await response.json()) as { access_token?: string };
    if (!json.access_token)
      throw new Error(`token request failed: ${response.status} ${JSON.stringify(json)}`);
    return json.access_token;
  };

  return {
    server,
    url,
    dataDir: dir.path,
    tenants: listTenants(server.db),
    credentials: (tenantId) => {
      const clientId = supplierClientId(tenantId);
      return { clientId, clientSecret: secrets.get(clientId) ?? '' };
    },
    token: (tenantId, scopes) => tokenFor(supplierClientId(tenantId), scopes),
    buyerToken: () => tokenFor(buyerClientId),
    request,
    async close() {
      await server.close();
      dir.remove();
    },
  };
}

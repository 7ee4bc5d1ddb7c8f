import { systemClock } from '../../../src/clock/clock.ts';
import { seedSuppliers } from '../../../src/csp-api/seed/seed-data.ts';
import { createGateway, type Gateway, type GatewayOptions } from '../../../src/gateway/index.ts';
import { createDevIssuer, type DevIssuer } from '../../../src/identity/dev-issuer.ts';
import { devIssuerDiscovery } from '../../../src/identity/discovery.ts';
import { createJwtVerifier } from '../../../src/identity/jwt-verifier.ts';
import type { ModelAdapter } from '../../../src/models/model-types.ts';
import { createSessionManager } from '../../../src/sessions/session-manager.ts';
import type { AdmissionLimits, SessionManager } from '../../../src/sessions/session-manager-types.ts';
import { createTempDir } from '../../../src/testing/temp-dir.ts';
import { type AgentRig, scripted, startAgentRig } from '../../agent/agent-rig.ts';

export { scripted };

/**
 * The gateway on port 0 in front of the real parts: the session manager running turns in real cells
 * behind their brokers, the CSP API, the SQLite audit log, and tokens from the development issuer
 * checked by the JWT verifier. The model is the test's: `useModel` swaps it between tests.
 */
export interface GatewayRig {
  url: string;
  gateway: Gateway;
  sessions: SessionManager;
  issuer: DevIssuer;
  /** The data dir of the development issuer (its key file is under it). */
  identityDataDir: string;
  agent: AgentRig;
  useModel(model: ModelAdapter): void;
  /** A token of a seeded user (all their seeded scopes unless given). */
  token(
    tenantId: string,
    userId: string,
    options?: { scopes?: string[]; operator?: boolean },
  ): Promise<string>;
  /** `fetch` against the gateway with a bearer token and a JSON body. */
  request(method: string, path: string, options?: RigRequest): Promise<RigResponse>;
  close(): Promise<void>;
}

export interface RigRequest {
  token?: string;
  body?: unknown;
  /** Sent as is (no JSON encoding). */
  rawBody?: string | Uint8Array;
  headers?: Record<string, string>;
}

export interface RigResponse {
  status: number;
  headers: Headers;
  text: string;
  // biome-ignore lint/suspicious/noExplicitAny: tests read arbitrary JSON shapes
  body: any;
}

export interface GatewayRigOptions {
  limits?: Partial<AdmissionLimits>;
  /** Publish the development issuer's key set and discovery document under `/.well-known/`. */
  wellKnown?: boolean;
  gateway?: Partial<Omit<GatewayOptions, 'sessions' | 'verifier'>>;
  poolSize?: number;
}

const knownTenants = new Set(seedSuppliers.map((tenant) => tenant.tenantId));

export function seededScopes(tenantId: string, userId: string): string[] {
  const user = seedSuppliers
    .find((tenant) => tenant.tenantId === tenantId)
    ?.users.find((candidate) => candidate.id === userId);
  if (!user) throw new Error(`the seed has no user ${userId} in ${tenantId}`);
  return [...user.scopes];
}

export async function startGatewayRig(options: GatewayRigOptions = {}): Promise<GatewayRig> {
  const agent = await startAgentRig({ poolSize: options.poolSize ?? 2 });
  const identityDir = createTempDir('gateway-identity-');
  const issuer = createDevIssuer({ dataDir: identityDir.path, clock: systemClock });
  const verifier = createJwtVerifier({
    issuer: issuer.issuer,
    audience: issuer.audience,
    keys: { kind: 'local', jwks: () => issuer.jwks() },
    knownTenant: (tenantId) => knownTenants.has(tenantId),
  });
  let model: ModelAdapter = scripted([]);
  const switchable: ModelAdapter = {
    id: 'scripted',
    demo: false,
    converse: (request, call) => model.converse(request, call),
  };
  const sessions = createSessionManager({
    runtime: agent.runtime(switchable),
    clock: systemClock,
    ...(options.limits ? { limits: options.limits } : {}),
  });
  let url = '';
  const wellKnown = {
    jwks: () => issuer.jwks(),
    discovery: () => devIssuerDiscovery({ issuer: issuer.issuer, baseUrl: url }),
  };
  const gateway = createGateway({
    sessions,
    verifier,
    ...(options.wellKnown ? { wellKnown } : {}),
    ...options.gateway,
  });
  url = await gateway.listen(0, '127.0.0.1');
  return {
    url,
    gateway,
    sessions,
    issuer,
    identityDataDir: identityDir.path,
    agent,
    useModel(next) {
      model = next;
    },
    token(tenantId, userId, tokenOptions = {}) {
      return issuer.mint({
        tenantId,
        userId,
        scopes: tokenOptions.scopes ?? seededScopes(tenantId, userId),
        ...(tokenOptions.operator ? { operator: true } : {}),
      });
    },
    async request(method, path, requestOptions = {}) {
      const headers: Record<string, string> = { ...requestOptions.headers };
      if (requestOptions.token) headers.authorization = `Bearer ${requestOptions.token}`;
      let body: string | Uint8Array | undefined = requestOptions.rawBody;
      if (requestOptions.body !== undefined) {
        body = JSON.stringify(requestOptions.body);
        headers['content-type'] ??= 'application/json';
      }
      const response = await fetch(`${url}${path}`, {
        method,
        headers,
        ...(body === undefined ? {} : { body }),
      });
      const text = await response.text();
      let parsed: unknown = text;
      if ((response.headers.get('content-type') ?? '').includes('json') && text !== '')
        parsed = JSON.parse(text);
      return { status: response.status, headers: response.headers, text, body: parsed };
    },
    async close() {
      await sessions.close('test over');
      await gateway.close();
      await agent.close();
      identityDir.remove();
    },
  };
}

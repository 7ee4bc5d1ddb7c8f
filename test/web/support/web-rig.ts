import path from 'node:path';
import { systemClock } from '../../../src/clock/clock.ts';
import { seedSuppliers } from '../../../src/csp-api/seed/seed-data.ts';
import { type DevUser, devTokensRoute } from '../../../src/gateway/dev-tokens-route.ts';
import { createGateway, type Gateway } from '../../../src/gateway/index.ts';
import { createDevIssuer, type DevIssuer } from '../../../src/identity/dev-issuer.ts';
import { createJwtVerifier } from '../../../src/identity/jwt-verifier.ts';
import type { TokenVerifier } from '../../../src/identity/tenant-context.ts';
import type { ModelAdapter } from '../../../src/models/model-types.ts';
import { createSessionManager } from '../../../src/sessions/session-manager.ts';
import type { SessionManager } from '../../../src/sessions/session-manager-types.ts';
import { createTempDir } from '../../../src/testing/temp-dir.ts';
import { type AgentRig, startAgentRig } from '../../agent/agent-rig.ts';

export const webDir = path.resolve(import.meta.dirname, '../../../web');

/**
 * The gateway as `serve` runs it in development, on port 0: the web pages, the demo sign-in, the
 * session manager running turns in real cells behind their brokers over the CSP API and the SQLite
 * audit log, tokens from the development issuer checked by the JWT verifier.
 */
export interface WebRig {
  url: string;
  gateway: Gateway;
  sessions: SessionManager;
  issuer: DevIssuer;
  verifier: TokenVerifier;
  agent: AgentRig;
  /** A gateway over the same parts with the demo sign-in in production mode (not listening). */
  productionGateway(): Promise<Gateway>;
  close(): Promise<void>;
}

/** The seeded supplier users, as the page offers them. */
export function seededDevUsers(): DevUser[] {
  return seedSuppliers.flatMap((tenant) =>
    tenant.users.map((user) => ({
      tenantId: tenant.tenantId,
      tenantName: tenant.name,
      userId: user.id,
      name: user.name,
      role: user.role,
    })),
  );
}

function seededScopes(user: DevUser): string[] {
  const seeded = seedSuppliers
    .find((tenant) => tenant.tenantId === user.tenantId)
    ?.users.find((candidate) => candidate.id === user.userId);
  return seeded ? [...seeded.scopes] : [];
}

export async function startWebRig(options: { model: ModelAdapter }): Promise<WebRig> {
  const agent = await startAgentRig({ poolSize: 1 });
  const identityDir = createTempDir('web-identity-');
  const issuer = createDevIssuer({ dataDir: identityDir.path, clock: systemClock });
  const knownTenants = new Set(seedSuppliers.map((tenant) => tenant.tenantId));
  const verifier = createJwtVerifier({
    issuer: issuer.issuer,
    audience: issuer.audience,
    keys: { kind: 'local', jwks: () => issuer.jwks() },
    knownTenant: (tenantId) => knownTenants.has(tenantId),
  });
  const sessions = createSessionManager({ runtime: agent.runtime(options.model), clock: systemClock });
  const devTokens = (production: boolean) => ({
    users: seededDevUsers,
    mint: (user: DevUser) =>
      issuer.mint({ tenantId: user.tenantId, userId: user.userId, scopes: seededScopes(user) }),
    production,
  });
  const gateway = createGateway({ sessions, verifier, staticDir: webDir });
  gateway.app.register(devTokensRoute, devTokens(false));
  const url = await gateway.listen(0, '127.0.0.1');
  const extra: Gateway[] = [];
  return {
    url,
    gateway,
    sessions,
    issuer,
    verifier,
    agent,
    async productionGateway() {
      const production = createGateway({ sessions, verifier, staticDir: webDir });
      production.app.register(devTokensRoute, devTokens(true));
      await production.app.ready();
      extra.push(production);
      return production;
    },
    async close() {
      await sessions.close('test over');
      for (const other of extra) await other.close();
      await gateway.close();
      await agent.close();
      identityDir.remove();
    },
  };
}

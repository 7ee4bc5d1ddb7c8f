import path from 'node:path';
import { configuredSigner } from '../audit/checkpoint-signer.ts';
import { createCheckpointer } from '../audit/checkpointer.ts';
import { openAuditStore } from '../audit/open-audit-store.ts';
import { prepareAgentEntry } from '../cell/agent/agent-bundle.ts';
import type { Clock } from '../clock/clock.ts';
import type { EmailConfig } from '../config/email-config.ts';
import type { GatewayConfig } from '../config/gateway-config.ts';
import { resolveIdentitySettings } from '../config/identity-config.ts';
import type { Config } from '../config/index.ts';
import { createCspApiServer } from '../csp-api/server.ts';
import { listTenants } from '../csp-api/tenants/tenant.ts';
import { type DnsResolver, type RunningEmailChannel, startEmailChannel } from '../email/index.ts';
import { createGateway } from '../gateway/create-gateway.ts';
import { devTokensRoute } from '../gateway/dev-tokens-route.ts';
import { createIdentity, type DevIssuer, devIssuerDiscovery } from '../identity/index.ts';
import type { ModelAdapter } from '../models/model-types.ts';
import { createCellPool } from '../sandbox/cell-pool.ts';
import { selectCellDriver } from '../sandbox/select-cell-driver.ts';
import { createCredentialProviders } from '../sessions/credential-providers.ts';
import { agentCommand } from '../sessions/run-skill-in-cell.ts';
import { createSessionManager } from '../sessions/session-manager.ts';
import type { SessionManager } from '../sessions/session-manager-types.ts';
import { tenantCredentials } from '../sessions/tenant-credentials.ts';
import { loadSkills } from '../skills/index.ts';

export interface PlatformOptions {
  config: Config;
  env: NodeJS.ProcessEnv;
  /** The application root (mounted read-only into cells; `web/` is served at `/`). */
  appRoot: string;
  model: ModelAdapter;
  clock: Clock;
  /** Gateway port, body limit, heartbeats, web folder and admission limits. */
  gateway: GatewayConfig;
  /** The e-mail channel: SMTP listener, inbound webhook, outbound delivery (`loadEmailConfig`). */
  email: EmailConfig;
  /** DNS for e-mail sender authentication; default the system resolver (tests inject fixtures). */
  dnsResolver?: DnsResolver;
  log: { info(line: string): void; warn(line: string): void };
}

export interface Platform {
  /** The gateway's base URL. */
  url: string;
  /** The embedded CSP API's base URL (loopback, for the brokers). */
  cspUrl: string;
  sessions: SessionManager;
  /** The e-mail channel; `email.smtp` is the SMTP listener's address unless it is off. */
  email: RunningEmailChannel;
  /** The development issuer, unless an external identity provider is configured. */
  devIssuer: DevIssuer | undefined;
  /** A development token for a seeded user with their seeded scopes (undefined without the dev issuer). */
  devToken(tenantId: string, userId: string): Promise<string | undefined>;
  /**
   * Stops taking mail, interrupts running turns (recorded; e-mail senders get their answer), then
   * stops the gateway, cells, audit log and CSP API.
   */
  close(reason: string): Promise<void>;
}

/**
 * Everything embedded on one data dir: the CSP API, the audit log, a warm pool of cells, the
 * session manager, the e-mail channel (SMTP listener, inbound webhook, outbox), identity (the
 * development issuer unless an OIDC provider is configured) and the gateway with the web chat.
 * Every part is checked before the gateway listens: skills, the sandbox driver (refused when
 * unsafe in production), the identity settings, the agent loop's bundle.
 */
export async function startPlatform(options: PlatformOptions): Promise<Platform> {
  const { config, log, clock } = options;
  const skills = loadSkills(config.skillsDir ? { skillsDir: config.skillsDir } : {});
  const driver = await selectCellDriver({
    preferred: config.sandbox.driver,
    production: config.production,
    log,
  });
  const identitySettings = resolveIdentitySettings(options.env, { production: config.production });
  const agentEntry = await prepareAgentEntry(options.appRoot, log);
  // A bad signing key stops start-up, before anything runs.
  const signer = configuredSigner(config.audit, config.dataDir);
  const stack: Array<() => Promise<void>> = [];
  const unwind = async () => {
    for (const step of stack.reverse()) await step().catch(() => {});
  };
  try {
    const csp = await createCspApiServer({ dataDir: config.dataDir, config: config.cspApi });
    const cspUrl = await csp.listen(0, '127.0.0.1');
    stack.push(() => csp.close());
    const pool = createCellPool({
      driver,
      size: config.sandbox.poolSize,
      cellsDir: path.join(config.dataDir, 'cells'),
      appRoot: options.appRoot,
      protectedPaths: [config.dataDir],
      limits: config.sandbox,
      log,
      prepare: agentCommand(agentEntry.relativePath),
    });
    stack.push(() => pool.close());
    const audit = await openAuditStore({ ...config.audit, dataDir: config.dataDir }, clock);
    stack.push(() => audit.close());
    // Seals every session head periodically and once more at shutdown, before the store closes.
    const checkpointer = createCheckpointer({
      store: audit,
      clock,
      ...(signer ? { signer } : {}),
      intervalMs: config.audit.checkpointSeconds * 1000,
      log,
    });
    checkpointer.start();
    stack.push(() => checkpointer.stop());
    const sessions = createSessionManager({
      runtime: {
        skills,
        model: options.model,
        pool,
        audit,
        upstreamUrl: cspUrl,
        clock,
        agentEntry: agentEntry.relativePath,
        credentials: createCredentialProviders({
          apiUrl: cspUrl,
          secrets: (tenantId) => tenantCredentials(csp.db, tenantId),
          clock,
        }),
      },
      clock,
      limits: options.gateway.admission,
    });
    const email = await startEmailChannel({
      settings: options.email,
      dataDir: config.dataDir,
      host: config.host,
      sessions,
      audit,
      tenants: () => listTenants(csp.db),
      clock,
      log,
      resolver: options.dnsResolver,
    });
    // Mail first (no new turns), then the turns, then the answers they owe by mail.
    const closeTurns = async (reason: string) => {
      await email.stopListening();
      const draining = email.close();
      await sessions.close(reason);
      await draining;
    };
    stack.push(() => closeTurns('the platform is shutting down'));
    const identity = createIdentity(identitySettings, {
      dataDir: config.dataDir,
      clock,
      knownTenant: (tenantId) => listTenants(csp.db).some((tenant) => tenant.id === tenantId),
    });
    const { devIssuer } = identity;
    const devToken = async (tenantId: string, userId: string) => {
      const user = listTenants(csp.db)
        .find((tenant) => tenant.id === tenantId)
        ?.users.find((candidate) => candidate.id === userId);
      if (!devIssuer || !user) return undefined;
      return devIssuer.mint({ tenantId, userId, scopes: [...user.scopes] });
    };
    let baseUrl = '';
    const gateway = createGateway({
      sessions,
      verifier: identity.verifier,
      staticDir: options.gateway.webDir ?? path.join(options.appRoot, 'web'),
      limits: { bodyLimitBytes: options.gateway.bodyLimitBytes },
      sse: { heartbeatMs: options.gateway.heartbeatSeconds * 1000 },
      log,
      ...(devIssuer
        ? {
            wellKnown: {
              jwks: () => devIssuer.jwks(),
              discovery: () => devIssuerDiscovery({ issuer: devIssuer.issuer, baseUrl }),
            },
          }
        : {}),
    });
    if (devIssuer) {
      await gateway.app.register(devTokensRoute, {
        production: config.production,
        users: () =>
          listTenants(csp.db).flatMap((tenant) =>
            tenant.users.map((user) => ({
              tenantId: tenant.id,
              tenantName: tenant.name,
              userId: user.id,
              name: user.name,
              role: user.role,
            })),
          ),
        mint: async (user) => (await devToken(user.tenantId, user.userId)) ?? '',
      });
    }
    await email.registerWebhook(gateway.app);
    // Stop taking requests first, then interrupt what runs, then the rest.
    const url = await gateway.listen(options.gateway.port, config.host);
    baseUrl = url;
    const closeRest = [...stack];
    return {
      url,
      cspUrl,
      sessions,
      email,
      devIssuer,
      devToken,
      async close(reason) {
        await closeTurns(reason);
        await gateway.close();
        for (const step of closeRest.reverse()) await step().catch(() => {});
      },
    };
  } catch (error) {
    await unwind();
    throw error;
  }
}

import Fastify, { type FastifyInstance } from 'fastify';
import { type Clock, systemClock } from '../clock/clock.ts';
import type { CspApiConfig } from '../config/index.ts';
import { AppError } from '../errors/index.ts';
import { loadSigningKey } from './auth/signing-key.ts';
import { registerTokenRoute } from './auth/token-route.ts';
import { createTokenService, type TokenService } from './auth/token-service.ts';
import { registerCatalogRoutes } from './catalogs/routes.ts';
import { registerCustomerRoutes } from './customers/routes.ts';
import { errorBody, toAppError } from './http/error-body.ts';
import { createIdempotencyStore } from './http/idempotency.ts';
import { createRateLimiter } from './http/rate-limiter.ts';
import { type ApiOperation, createRouteKit } from './http/route-kit.ts';
import { registerInvoiceRoutes } from './invoices/routes.ts';
import { registerOrderRoutes } from './orders/routes.ts';
import { registerProfileRoutes } from './profile/routes.ts';
import { seedIfEmpty } from './seed/seed.ts';
import { openCspDatabase, type SqliteDatabase } from './store/open-database.ts';
import { type CspStores, createCspStores } from './store/stores.ts';
import { listTenants } from './tenants/tenant.ts';

export interface CspApiServerOptions {
  /** Data dir holding `csp-api.sqlite`; `':memory:'` for a throwaway one. */
  dataDir: string;
  config: CspApiConfig;
  clock?: Clock;
}

export interface CspApiServer {
  app: FastifyInstance;
  db: SqliteDatabase;
  stores: CspStores;
  tokens: TokenService;
  /** Every operation the API serves (method + path template). */
  operations: readonly ApiOperation[];
  /** Starts listening; resolves to the base URL (`http://127.0.0.1:PORT`). */
  listen(port: number, host: string): Promise<string>;
  close(): Promise<void>;
}

/** Builds the CSP API simulator on a data dir, seeding it on first use. */
export async function createCspApiServer(options: CspApiServerOptions): Promise<CspApiServer> {
  const clock = options.clock ?? systemClock;
  const { config } = options;
  const db = openCspDatabase(options.dataDir);
  seedIfEmpty(db);
  const stores = createCspStores(db);
  const key = await loadSigningKey(db, clock.now());
  const tenantIds = new Map(listTenants(db).map((tenant) => [tenant.supplierId, tenant.id]));
  const tokens = createTokenService({
    db,
    key,
    clock,
    ttlSeconds: config.tokenTtlSeconds,
    tenantOf: (supplierId) => tenantIds.get(supplierId),
  });
  const limiter = config.rateLimit === false ? undefined : createRateLimiter({ ...config.rateLimit, clock });

  const app = Fastify({ logger: false, bodyLimit: config.bodyLimitBytes, return503OnClosing: true });
  app.addContentTypeParser(
    'application/x-www-form-urlencoded',
    { parseAs: 'string' },
    (_request, body, done) => {
      done(null, Object.fromEntries(new URLSearchParams(body as string)));
    },
  );
  app.addContentTypeParser(['text/csv', 'text/plain'], { parseAs: 'string' }, (_request, body, done) =>
    done(null, body),
  );
  app.decorateRequest('principal', undefined);

  app.addHook('onRequest', async (request, reply) => {
    const authorization = request.headers.authorization;
    const bearer = authorization === undefined ? undefined : /^Bearer\s+(\S+)$/i.exec(authorization);
    if (authorization !== undefined && !bearer && !request.url.startsWith('/oauth2/')) {
      throw new AppError('unauthenticated', 'The Authorization header must be "Bearer TOKEN".');
    }
    if (bearer?.[1] && !request.url.startsWith('/oauth2/'))
      request.principal = await tokens.verify(bearer[1]);
    if (!limiter) return;
    const decision = limiter.take(request.principal?.clientId ?? `ip:${request.ip}`);
    if (!decision.allowed) {
      reply.header('retry-after', String(decision.retryAfterSeconds));
      throw new AppError('rate_limited', 'Rate limit exceeded: 25 requests per second, bursts of 20.', {
        retryable: true,
      });
    }
  });

  app.setErrorHandler((error, _request, reply) => {
    const appError = toAppError(error);
    if (appError.code === 'internal') reply.log.error(error);
    return reply.code(appError.httpStatus).send(errorBody(appError));
  });
  app.setNotFoundHandler((_request, reply) => {
    reply.code(404).send(errorBody(new AppError('not_found', 'No such route.')));
  });

  app.get('/healthz', async () => ({ status: 'ok' }));
  registerTokenRoute(app, db, tokens);
  const kit = createRouteKit(app, { stores, clock, idempotency: createIdempotencyStore(db) });
  registerCustomerRoutes(kit);
  registerOrderRoutes(kit);
  registerInvoiceRoutes(kit);
  registerProfileRoutes(kit);
  registerCatalogRoutes(kit);

  return {
    app,
    db,
    stores,
    tokens,
    operations: kit.operations,
    async listen(port, host) {
      await app.listen({ port, host });
      const address = app.server.address();
      const actualPort = typeof address === 'object' && address ? address.port : port;
      return `http://${host.includes(':') ? `[${host}]` : host}:${actualPort}`;
    },
    async close() {
      await app.close();
      db.close();
    },
  };
}

import type { FastifyInstance } from 'fastify';
import { AppError } from '../../errors/index.ts';
import type { SessionManager } from '../../sessions/session-manager-types.ts';
import type { WellKnownDocuments } from '../gateway-types.ts';
import { type GatewayCounters, renderMetrics } from '../metrics.ts';

export interface HealthRouteOptions {
  sessions: SessionManager;
  counters: GatewayCounters;
  ready: () => boolean;
  wellKnown: WellKnownDocuments | undefined;
}

/** The routes without a token: `/healthz`, `/metrics`, and the identity documents when given. */
export function registerHealthRoutes(app: FastifyInstance, options: HealthRouteOptions): void {
  app.get('/healthz', async () => {
    if (!options.ready()) throw new AppError('unavailable', 'Not ready.', { retryable: true });
    return { status: 'ok' };
  });

  app.get('/metrics', async (_request, reply) => {
    const text = renderMetrics(options.sessions.stats(), options.counters, process.memoryUsage());
    return reply
      .type('text/plain; version=0.0.4; charset=utf-8')
      .header('cache-control', 'no-store')
      .send(text);
  });

  const { wellKnown } = options;
  if (!wellKnown) return;
  app.get('/.well-known/jwks.json', async (_request, reply) =>
    reply.header('cache-control', 'public, max-age=60').send(await wellKnown.jwks()),
  );
  app.get('/.well-known/openid-configuration', async (_request, reply) =>
    reply.header('cache-control', 'public, max-age=300').send(await wellKnown.discovery()),
  );
}

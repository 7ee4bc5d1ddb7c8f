import Fastify, { type FastifyInstance } from 'fastify';
import { AppError } from '../errors/index.ts';
import { createAuthHook } from './auth-hook.ts';
import { sendError, toAppError } from './error-replies.ts';
import {
  defaultBodyLimitBytes,
  defaultCloseGraceMs,
  type Gateway,
  type GatewayOptions,
  type RouteContext,
} from './gateway-types.ts';
import { createGatewayCounters } from './metrics.ts';
import { registerHealthRoutes } from './routes/health.ts';
import { registerOperatorRoutes } from './routes/operator.ts';
import { registerSessionRoutes } from './routes/sessions.ts';
import { registerStaticFiles } from './routes/static-files.ts';
import type { EventStream } from './sse.ts';

/** Headers on every answer: no sniffing, no framing, no referrer. */
export const securityHeaders: Readonly<Record<string, string>> = {
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'no-referrer',
};

/**
 * The HTTP API: sessions and turns (JSON or an event stream), interrupts, session state and audit,
 * operator suspension, health and metrics, the identity documents and the web pages. Wires the
 * route modules; every error leaves as `{ "error": { "code", "message" } }`.
 */
export function createGateway(options: GatewayOptions): Gateway {
  const counters = createGatewayCounters();
  const streams = new Set<EventStream>();
  let closing = false;
  const app = Fastify({
    logger: false,
    bodyLimit: options.limits?.bodyLimitBytes ?? defaultBodyLimitBytes,
    return503OnClosing: true,
    routerOptions: { maxParamLength: 200 },
  });
  acceptJsonOnly(app);
  app.decorateRequest('tenantContext', undefined);

  app.addHook('onSend', async (_request, reply) => {
    reply.headers(securityHeaders);
  });
  app.setErrorHandler((error, request, reply) => {
    const appError = toAppError(error);
    if (appError.code === 'internal') {
      const detail = error instanceof Error ? (error.stack ?? error.message) : String(error);
      options.log?.warn(`gateway: internal error on ${request.method} ${request.url}: ${detail}`);
    }
    return sendError(reply, appError);
  });
  app.setNotFoundHandler((_request, reply) => sendError(reply, new AppError('not_found', 'No such route.')));

  const context: RouteContext = {
    sessions: options.sessions,
    counters,
    heartbeatMs: options.sse?.heartbeatMs,
    streams,
    securityHeaders: { ...securityHeaders },
  };
  registerHealthRoutes(app, {
    sessions: options.sessions,
    counters,
    ready: () => !closing && (options.ready?.() ?? true),
    wellKnown: options.wellKnown,
  });
  app.register(
    async (v1) => {
      v1.addHook(
        'onRequest',
        createAuthHook(options.verifier, () => {
          counters.unauthenticated += 1;
        }),
      );
      v1.addHook('onSend', async (_request, reply) => {
        reply.header('cache-control', 'no-store');
      });
      registerSessionRoutes(v1, context);
      registerOperatorRoutes(v1, context);
    },
    { prefix: '/v1' },
  );
  if (options.staticDir !== undefined) registerStaticFiles(app, options.staticDir);

  let closingDown: Promise<void> | undefined;
  const closeServer = async () => {
    closing = true;
    for (const stream of streams) stream.end();
    const closed = app.close();
    const grace = new Promise<'timeout'>((resolve) => {
      setTimeout(() => resolve('timeout'), options.closeGraceMs ?? defaultCloseGraceMs).unref();
    });
    if ((await Promise.race([closed, grace])) === 'timeout') app.server.closeAllConnections();
    await closed;
  };

  return {
    app,
    async listen(port, host) {
      await app.listen({ port, host });
      const address = app.server.address();
      const actualPort = typeof address === 'object' && address ? address.port : port;
      return `http://${host.includes(':') ? `[${host}]` : host}:${actualPort}`;
    },
    close() {
      closingDown ??= closeServer();
      return closingDown;
    },
  };
}

/**
 * Bodies are JSON (with Fastify's guard against `__proto__` and `constructor` keys) or nothing:
 * any other type is 415. An empty JSON body reads as no body, for routes whose fields are optional.
 */
function acceptJsonOnly(app: FastifyInstance): void {
  const parseJson = app.getDefaultJsonParser('error', 'error');
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
    if (body === '' || (typeof body === 'string' && body.trim() === '')) {
      done(null, undefined);
      return;
    }
    void parseJson(request, body as string, done);
  });
}

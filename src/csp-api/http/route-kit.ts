import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Clock } from '../../clock/clock.ts';
import { AppError } from '../../errors/index.ts';
import type { Principal, SupplierPrincipal } from '../auth/principal.ts';
import type { SupplierScope } from '../auth/scopes.ts';
import { buyerScope } from '../auth/scopes.ts';
import type { CspStores } from '../store/stores.ts';
import { type IdempotencyStore, maxIdempotencyKeyLength, requestFingerprint } from './idempotency.ts';

export type HttpMethod = 'GET' | 'POST' | 'PUT';

/** One operation of the API: what the tool manifest and the egress policy refer to. */
export interface ApiOperation {
  method: HttpMethod;
  /** Fastify-style template: `/api/purchase_orders/:id`. */
  path: string;
  scope: SupplierScope | typeof buyerScope;
}

export interface RouteRequest {
  params: Record<string, string>;
  query: URLSearchParams;
  body: unknown;
  now: Date;
}

export interface SupplierRouteRequest extends RouteRequest {
  principal: SupplierPrincipal;
  supplierId: number;
}

export interface RouteResult {
  status?: number;
  body: unknown;
}

export interface RouteOptions {
  /** Largest body for this route in bytes (defaults to the server's limit). */
  bodyLimit?: number;
}

/** Registers routes with the cross-cutting rules applied once: auth, scope, tenant, transactions, idempotency. */
export interface RouteKit {
  readonly stores: CspStores;
  readonly clock: Clock;
  /** A supplier read (`GET`), scoped to the caller's supplier. */
  read(path: string, scope: SupplierScope, handler: (request: SupplierRouteRequest) => unknown): void;
  /** A supplier write: one transaction; honours `Idempotency-Key`. */
  write(
    method: 'POST' | 'PUT',
    path: string,
    scope: SupplierScope,
    handler: (request: SupplierRouteRequest) => RouteResult,
    options?: RouteOptions,
  ): void;
  /** A buyer-side simulation route under `/sim`, for tests and drills: one transaction, idempotent too. */
  buyer(method: HttpMethod, path: string, handler: (request: RouteRequest) => RouteResult): void;
  /** Every operation registered so far. */
  readonly operations: readonly ApiOperation[];
}

declare module 'fastify' {
  interface FastifyRequest {
    principal: Principal | undefined;
  }
}

/** Sends a write's result, flagging a response replayed for a repeated Idempotency-Key. */
function send(reply: FastifyReply, result: RouteResult & { replayed?: boolean }) {
  if (result.replayed) reply.header('idempotent-replayed', 'true');
  return reply.code(result.status ?? 200).send(result.body);
}

export function createRouteKit(
  app: FastifyInstance,
  deps: { stores: CspStores; clock: Clock; idempotency: IdempotencyStore },
): RouteKit {
  const { stores, clock, idempotency } = deps;
  const operations: ApiOperation[] = [];

  const baseRequest = (request: FastifyRequest): RouteRequest => ({
    params: request.params as Record<string, string>,
    query: new URL(request.url, 'http://localhost').searchParams,
    body: request.body,
    now: clock.now(),
  });

  const supplierOf = (request: FastifyRequest, scope: SupplierScope): SupplierPrincipal => {
    const principal = request.principal;
    if (!principal) throw new AppError('unauthenticated', 'A bearer access token is required.');
    if (principal.kind !== 'supplier' || !principal.scopes.has(scope)) {
      throw new AppError('insufficient_scope', `This operation needs the ${scope} scope.`, {
        details: { required: scope },
      });
    }
    return principal;
  };

  /** Runs a write once per Idempotency-Key: a retry returns the first response and changes nothing. */
  const idempotent = (request: FastifyRequest, principalKey: string, run: () => RouteResult): RouteResult => {
    const key = request.headers['idempotency-key'];
    if (key === undefined) return stores.transaction(run);
    if (typeof key !== 'string' || key.length === 0 || key.length > maxIdempotencyKeyLength) {
      throw new AppError(
        'invalid_argument',
        `Idempotency-Key must be 1 to ${maxIdempotencyKeyLength} characters.`,
        {
          fields: { 'idempotency-key': ['must be 1 to 255 characters'] },
        },
      );
    }
    const fingerprint = requestFingerprint(request.method, request.url, request.body);
    return stores.transaction(() => {
      const earlier = idempotency.lookup(principalKey, key, fingerprint);
      if (earlier) return { ...earlier, replayed: true };
      const result = run();
      idempotency.save(
        principalKey,
        key,
        fingerprint,
        { status: result.status ?? 200, body: result.body },
        clock.now(),
      );
      return result;
    });
  };

  return {
    stores,
    clock,
    operations,
    read(path, scope, handler) {
      operations.push({ method: 'GET', path, scope });
      app.get(path, async (request) => {
        const principal = supplierOf(request, scope);
        return handler({ ...baseRequest(request), principal, supplierId: principal.supplierId });
      });
    },
    write(method, path, scope, handler, options = {}) {
      operations.push({ method, path, scope });
      app.route({
        method,
        url: path,
        ...(options.bodyLimit === undefined ? {} : { bodyLimit: options.bodyLimit }),
        handler: async (request, reply) => {
          const principal = supplierOf(request, scope);
          const result = idempotent(request, `supplier:${principal.supplierId}`, () =>
            handler({ ...baseRequest(request), principal, supplierId: principal.supplierId }),
          );
          return send(reply, result);
        },
      });
    },
    buyer(method, path, handler) {
      operations.push({ method, path, scope: buyerScope });
      app.route({
        method,
        url: path,
        handler: async (request, reply) => {
          const principal = request.principal;
          if (!principal) throw new AppError('unauthenticated', 'A bearer access token is required.');
          if (principal.kind !== 'buyer' || !principal.scopes.has(buyerScope)) {
            throw new AppError('insufficient_scope', `This operation needs the ${buyerScope} scope.`);
          }
          const result = idempotent(request, `buyer:${principal.clientId}`, () =>
            handler(baseRequest(request)),
          );
          return send(reply, result);
        },
      });
    },
  };
}

import type { FastifyRequest } from 'fastify';
import { AppError, isAppError } from '../errors/index.ts';
import type { TenantContext, TokenVerifier } from '../identity/tenant-context.ts';

declare module 'fastify' {
  interface FastifyRequest {
    /** Who is calling, once the bearer token was verified (routes under `/v1`). */
    tenantContext: TenantContext | undefined;
  }
}

/** The token of an `Authorization: Bearer TOKEN` header; anything else is `unauthenticated`. */
export function bearerToken(authorization: string | undefined): string {
  if (authorization === undefined || authorization.trim() === '') {
    throw new AppError('unauthenticated', 'A bearer token is required: Authorization: Bearer TOKEN.', {
      details: { reason: 'missing_token' },
    });
  }
  const match = /^Bearer[ ]+([A-Za-z0-9\-._~+/]+=*)[ ]*$/i.exec(authorization);
  if (!match?.[1]) {
    throw new AppError('unauthenticated', 'The Authorization header must be "Bearer TOKEN".', {
      details: { reason: 'malformed' },
    });
  }
  return match[1];
}

/**
 * An `onRequest` hook: verifies the bearer token before the body is read, so an unauthenticated
 * client costs a header parse, and sets `request.tenantContext`.
 */
export function createAuthHook(verifier: TokenVerifier, onRefused: () => void) {
  return async function authenticate(request: FastifyRequest): Promise<void> {
    try {
      request.tenantContext = await verifier.verify(bearerToken(request.headers.authorization));
    } catch (error) {
      if (isAppError(error) && error.httpStatus === 401) onRefused();
      throw error;
    }
  };
}

/** The verified caller; a route under the auth hook always has one. */
export function callerOf(request: FastifyRequest): TenantContext {
  const context = request.tenantContext;
  if (!context) throw new AppError('unauthenticated', 'A bearer token is required.');
  return context;
}

/** Operator routes: any other token is `insufficient_scope` (403). */
export function requireOperator(context: TenantContext): void {
  if (!context.operator) {
    throw new AppError('insufficient_scope', 'This route needs an operator token.', {
      details: { required: 'supplier-agent.operator' },
    });
  }
}

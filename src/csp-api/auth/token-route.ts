import type { FastifyInstance } from 'fastify';
import type { SqliteDatabase } from '../store/open-database.ts';
import { authenticateClient } from './clients.ts';
import type { Scope } from './scopes.ts';
import type { TokenService } from './token-service.ts';

/**
 * `POST /oauth2/token`: OAuth 2.0 client credentials (RFC 6749 section 4.4). Credentials come in the form
 * body or as HTTP Basic; `scope` is space-separated and defaults to everything the client may have.
 * Errors use the OAuth 2.0 shape `{ "error", "error_description" }`.
 */
export function registerTokenRoute(app: FastifyInstance, db: SqliteDatabase, tokens: TokenService): void {
  app.post('/oauth2/token', async (request, reply) => {
    const form = (request.body ?? {}) as Record<string, string | undefined>;
    const oauthError = (status: number, error: string, description: string) =>
      reply.code(status).header('cache-control', 'no-store').send({ error, error_description: description });

    let clientId = form.client_id;
    let clientSecret = form.client_secret;
    const basic = /^Basic\s+(.+)$/i.exec(request.headers.authorization ?? '');
    if (basic?.[1]) {
      const decoded = Buffer.from(basic[1], 'base64').toString('utf8');
      const colon = decoded.indexOf(':');
      clientId = decodeURIComponent(decoded.slice(0, colon));
      clientSecret = decodeURIComponent(decoded.slice(colon + 1));
    }
    if (form.grant_type !== 'client_credentials') {
      return oauthError(400, 'unsupported_grant_type', 'grant_type must be client_credentials.');
    }
    if (!clientId || !clientSecret) {
      return oauthError(401, 'invalid_client', 'client_id and client_secret are required.');
    }
    const client = authenticateClient(db, clientId, clientSecret);
    if (!client) return oauthError(401, 'invalid_client', 'Unknown client or wrong secret.');

    const requested = form.scope?.split(' ').filter(Boolean) ?? client.scopes;
    const unknown = requested.filter((scope) => !client.scopes.includes(scope as Scope));
    if (unknown.length > 0)
      return oauthError(400, 'invalid_scope', `Scope not allowed for this client: ${unknown.join(' ')}`);

    const issued = await tokens.issue(client, requested as Scope[]);
    return reply.header('cache-control', 'no-store').send({
      access_token: issued.accessToken,
      token_type: 'bearer',
      expires_in: issued.expiresIn,
      scope: issued.scopes.join(' '),
    });
  });
}

import type { FastifyPluginAsync } from 'fastify';
import { z } from 'zod';
import { AppError } from '../errors/index.ts';
import { parseBody } from './body-schemas.ts';

/** A supplier user the web chat offers to sign in as (the development seed's users). */
export interface DevUser {
  tenantId: string;
  /** The supplier's display name (`Northwind Components Ltd`), when known. */
  tenantName?: string;
  userId: string;
  name: string;
  role: string;
}

export interface DevTokensRouteOptions {
  /** The users offered; a token is minted only for one of them. */
  users(): DevUser[] | Promise<DevUser[]>;
  /** Signs a bearer token for the user (the development issuer, with the user's seeded scopes). */
  mint(user: DevUser): Promise<string>;
  /** In production the plugin registers nothing: `/dev/...` is the 404 of any unknown route. */
  production: boolean;
}

const tokenBodySchema = z.strictObject({
  tenantId: z.string({ error: 'is required and must be a string' }).min(1, { error: 'must not be empty' }),
  userId: z.string({ error: 'is required and must be a string' }).min(1, { error: 'must not be empty' }),
});

/**
 * The demo sign-in of the web chat, for development only: `GET /dev/users` lists the seeded
 * supplier users (grouped by the page by tenant), `POST /dev/token { tenantId, userId }` mints a
 * development token for one of them. Anyone who can reach these routes can act as any seeded
 * user, which is why production never registers them.
 *
 * Register it on the gateway's Fastify instance before `listen`:
 * `gateway.app.register(devTokensRoute, { users, mint, production })`.
 */
export const devTokensRoute: FastifyPluginAsync<DevTokensRouteOptions> = async (app, options) => {
  if (options.production) return;

  app.addHook('onSend', async (_request, reply) => {
    reply.header('cache-control', 'no-store');
  });

  app.get('/dev/users', async () => {
    const users = await options.users();
    return { users: users.map(publicUser) };
  });

  app.post('/dev/token', async (request) => {
    const body = parseBody(tokenBodySchema, request.body);
    const users = await options.users();
    const user = users.find(
      (candidate) => candidate.tenantId === body.tenantId && candidate.userId === body.userId,
    );
    if (!user) throw new AppError('not_found', `No demo user ${body.userId} in tenant ${body.tenantId}.`);
    const token = await options.mint(user);
    return { token, tokenType: 'Bearer', tenantId: user.tenantId, userId: user.userId };
  });
};

function publicUser(user: DevUser): DevUser {
  return {
    tenantId: user.tenantId,
    ...(user.tenantName === undefined ? {} : { tenantName: user.tenantName }),
    userId: user.userId,
    name: user.name,
    role: user.role,
  };
}

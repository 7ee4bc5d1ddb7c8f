import type { SqliteDatabase } from '../csp-api/store/open-database.ts';
import { listTenants } from '../csp-api/tenants/tenant.ts';
import { AppError } from '../errors/index.ts';
import type { TurnUser } from './turn-types.ts';

/**
 * A supplier user of a tenant with their scopes, from the data dir's user directory (the dev seed).
 * An unknown tenant or user is a usage error that lists the known ones.
 */
export function tenantUser(db: SqliteDatabase, tenantId: string, userId: string): TurnUser {
  const tenants = listTenants(db);
  const tenant = tenants.find((candidate) => candidate.id === tenantId);
  if (!tenant) {
    throw new AppError(
      'usage',
      `Unknown tenant "${tenantId}"; known tenants: ${tenants.map((t) => t.id).join(', ')}.`,
    );
  }
  const user = tenant.users.find((candidate) => candidate.id === userId);
  if (!user) {
    throw new AppError(
      'usage',
      `Tenant ${tenantId} has no user "${userId}"; its users: ${tenant.users.map((u) => u.id).join(', ')}.`,
    );
  }
  return { id: user.id, scopes: [...user.scopes] };
}

import { listClientCredentials } from '../csp-api/auth/clients.ts';
import { supplierClientId } from '../csp-api/seed/seed.ts';
import type { SqliteDatabase } from '../csp-api/store/open-database.ts';
import { listTenants } from '../csp-api/tenants/tenant.ts';
import { AppError } from '../errors/index.ts';

export interface TenantCredentials {
  tenantId: string;
  clientId: string;
  clientSecret: string;
}

/**
 * The downstream client credentials of one tenant, read on the host from the CSP database of the
 * data dir. Only brokers use them; a cell never sees them.
 */
export function tenantCredentials(db: SqliteDatabase, tenantId: string): TenantCredentials {
  const tenant = listTenants(db).find((candidate) => candidate.id === tenantId);
  if (!tenant) {
    const known = listTenants(db).map((candidate) => candidate.id);
    throw new AppError(
      'invalid_argument',
      `Unknown tenant "${tenantId}"; known tenants: ${known.join(', ')}.`,
    );
  }
  const clientId = supplierClientId(tenant.id);
  const client = listClientCredentials(db).find((candidate) => candidate.clientId === clientId);
  if (!client) throw new AppError('invalid_argument', `Tenant "${tenantId}" has no API client.`);
  return { tenantId: tenant.id, clientId, clientSecret: client.clientSecret };
}

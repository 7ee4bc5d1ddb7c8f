import type { SqliteDatabase } from '../store/open-database.ts';

/** A supplier user; the platform's identity layer maps people to these. */
export interface SupplierUser {
  id: string;
  email: string;
  name: string;
  role: 'admin' | 'accounts-receivable' | 'sales' | 'catalog-manager';
  /** What this person may have the agent do, as CSP scopes. */
  scopes: string[];
}

/** One supplier account on the portal: the platform's tenant. */
export interface Tenant {
  /** Stable tenant id used across the platform, e.g. `northwind`. */
  id: string;
  /** Numeric supplier id inside the CSP API. */
  supplierId: number;
  name: string;
  /** Prefix of every document number this supplier owns, so a leak is visible (`NWC`). */
  prefix: string;
  number: string;
  users: SupplierUser[];
}

export function listTenants(db: SqliteDatabase): Tenant[] {
  const rows = db.prepare('SELECT doc FROM suppliers ORDER BY id').all() as { doc: string }[];
  return rows.map((row) => JSON.parse(row.doc) as Tenant);
}

export function insertTenant(db: SqliteDatabase, tenant: Tenant): void {
  db.prepare('INSERT INTO suppliers (id, tenant_id, doc) VALUES (?, ?, ?)').run(
    tenant.supplierId,
    tenant.id,
    JSON.stringify(tenant),
  );
}

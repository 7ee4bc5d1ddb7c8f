/** Scopes a supplier client may hold, in Coupa's `service.object.right` form. */
export const supplierScopes = [
  'csp.orders.read',
  'csp.orders.write',
  'csp.invoices.read',
  'csp.invoices.write',
  'csp.profile.read',
  'csp.profile.write',
  'csp.catalogs.read',
  'csp.catalogs.write',
] as const;

export type SupplierScope = (typeof supplierScopes)[number];

/** The simulator's buyer-side role: moves documents through their lifecycle (`/sim/...`). */
export const buyerScope = 'csp.sim.buyer';

export type Scope = SupplierScope | typeof buyerScope;

export function isSupplierScope(value: string): value is SupplierScope {
  return (supplierScopes as readonly string[]).includes(value);
}

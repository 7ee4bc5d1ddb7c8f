import type { Scope } from './scopes.ts';

/** Who is calling, as established from the access token alone. */
export type Principal =
  | { kind: 'supplier'; supplierId: number; tenantId: string; clientId: string; scopes: ReadonlySet<Scope> }
  | { kind: 'buyer'; clientId: string; scopes: ReadonlySet<Scope> };

export type SupplierPrincipal = Extract<Principal, { kind: 'supplier' }>;

/**
 * Who is calling, as the gateway established it from a verified token. Travels explicitly to every
 * session operation; never read from a global.
 */
export interface TenantContext {
  /** The supplier tenant (`northwind`). */
  tenantId: string;
  /** The supplier user (`maria.chen`). */
  userId: string;
  /** The user's scopes (`csp.orders.read` ...): the skills and tools they may use. */
  scopes: string[];
  /** Customers in the user's data scope, when the identity provider restricts them; empty: all. */
  customers: string[];
  /** True for an operator token (`supplier-agent.operator` scope): may suspend tenants, read any audit. */
  operator: boolean;
}

/** Verifies a bearer token; rejects with an AppError carrying a stable code (see docs/identity.md). */
export interface TokenVerifier {
  verify(token: string): Promise<TenantContext>;
}

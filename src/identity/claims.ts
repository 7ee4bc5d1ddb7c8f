import type { JWTPayload } from 'jose';
import { supplierScopes } from '../csp-api/auth/scopes.ts';
import type { TenantContext } from './tenant-context.ts';
import { rejection } from './verification-error.ts';

/** Which token claims carry the tenant context; identity providers name them differently. */
export interface ClaimNames {
  /** The supplier tenant id. Default `tenant`. */
  tenant: string;
  /** The supplier user id. Default `sub`. */
  user: string;
  /** The scopes: a space-separated string or an array of strings. Default `scope`. */
  scope: string;
  /** Customers in the user's data scope (array, or space-separated string). Default `customers`. */
  customers: string;
}

export const defaultClaimNames: Readonly<ClaimNames> = {
  tenant: 'tenant',
  user: 'sub',
  scope: 'scope',
  customers: 'customers',
};

/** The scope that makes a token an operator's (suspend tenants, read any audit). */
export const defaultOperatorScope = 'supplier-agent.operator';

/** Scopes that let a supplier user use the agent at all; a token needs one of them (or be an operator's). */
export const defaultSupplierScopes: readonly string[] = supplierScopes;

export interface ClaimMapping {
  claims: ClaimNames;
  operatorScope: string;
  supplierScopes: readonly string[];
}

/**
 * Maps the claims of a verified token to a `TenantContext`, without the tenant check (the caller
 * knows the tenants). Rejects a token whose tenant or user claim is missing or not a string, or
 * whose scope or customers claim has the wrong shape.
 */
export function tenantContextOf(payload: JWTPayload, mapping: ClaimMapping): TenantContext {
  const tenantId = requiredString(payload, mapping.claims.tenant);
  const userId = requiredString(payload, mapping.claims.user);
  const scopes = stringList(payload, mapping.claims.scope);
  const customers = stringList(payload, mapping.claims.customers);
  return { tenantId, userId, scopes, customers, operator: scopes.includes(mapping.operatorScope) };
}

/** A context may use the agent when it is an operator's or holds at least one supplier scope. */
export function hasAgentScope(context: TenantContext, mapping: ClaimMapping): boolean {
  return context.operator || context.scopes.some((scope) => mapping.supplierScopes.includes(scope));
}

function requiredString(payload: JWTPayload, name: string): string {
  const value = payload[name];
  if (value === undefined) {
    throw rejection('unauthenticated', 'missing_claim', `The token has no "${name}" claim.`);
  }
  if (typeof value !== 'string' || value.trim() === '' || value.length > 256) {
    throw rejection('unauthenticated', 'invalid_claim', `The token's "${name}" claim is not a valid id.`);
  }
  return value;
}

/** A space-separated string or an array of strings; absent: empty. Duplicates are dropped. */
function stringList(payload: JWTPayload, name: string): string[] {
  const value = payload[name];
  if (value === undefined || value === null) return [];
  if (typeof value === 'string') return [...new Set(value.split(/\s+/).filter((item) => item !== ''))];
  if (Array.isArray(value) && value.every((item) => typeof item === 'string' && item !== '')) {
    return [...new Set(value as string[])];
  }
  throw rejection(
    'unauthenticated',
    'invalid_claim',
    `The token's "${name}" claim must be a space-separated string or an array of strings.`,
  );
}

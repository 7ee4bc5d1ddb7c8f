import type { ToolDefinition } from '../tools/manifest/index.ts';
import { toolManifest } from '../tools/manifest/index.ts';
import type { ApiOperationRef } from './egress-decision.ts';

/**
 * Operations the CSP API serves that no tool performs: the buyer-side simulation routes, token
 * issuance and the health check. They are listed so that a request for one is matched and then
 * denied by a named policy (`forbidden-by-policy`), which says more in the audit log than
 * `unknown-operation`. A test compares this list with a running server's routes.
 */
export const serverOnlyOperations: readonly ApiOperationRef[] = [
  { method: 'GET', path: '/healthz' },
  { method: 'POST', path: '/oauth2/token' },
  { method: 'POST', path: '/sim/purchase_orders' },
  { method: 'PUT', path: '/sim/purchase_orders/:id/confirmations/accept' },
  { method: 'PUT', path: '/sim/purchase_orders/:id/confirmations/reject' },
  { method: 'PUT', path: '/sim/po_changes/:id/approve' },
  { method: 'PUT', path: '/sim/po_changes/:id/reject' },
  { method: 'PUT', path: '/sim/invoices/:id/approve' },
  { method: 'PUT', path: '/sim/invoices/:id/dispute' },
  { method: 'PUT', path: '/sim/invoices/:id/withdraw_dispute' },
  { method: 'PUT', path: '/sim/invoices/:id/pay' },
  { method: 'PUT', path: '/sim/profile_change_requests/:id/approve' },
  { method: 'PUT', path: '/sim/profile_change_requests/:id/decline' },
  { method: 'PUT', path: '/sim/remit_to_addresses/:id/approve' },
  { method: 'PUT', path: '/sim/remit_to_addresses/:id/decline' },
  { method: 'PUT', path: '/sim/catalogs/:id/accept' },
  { method: 'PUT', path: '/sim/catalogs/:id/reject' },
];

/**
 * Every operation the CSP API serves, without a running server: each `/api` operation some tool
 * performs, then `serverOnlyOperations`. Duplicates are removed; the order is stable.
 */
export function cspApiOperations(tools: readonly ToolDefinition[] = toolManifest): ApiOperationRef[] {
  const seen = new Set<string>();
  const operations: ApiOperationRef[] = [];
  const add = (operation: ApiOperationRef) => {
    const key = `${operation.method} ${operation.path}`;
    if (seen.has(key)) return;
    seen.add(key);
    operations.push({ method: operation.method, path: operation.path });
  };
  for (const tool of tools) for (const operation of tool.operations) add(operation);
  for (const operation of serverOnlyOperations) add(operation);
  return operations;
}

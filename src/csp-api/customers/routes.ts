import { registerDocumentReads } from '../http/document-reads.ts';
import type { RouteKit } from '../http/route-kit.ts';
import { customerFields } from './fields.ts';

/** `GET /api/customers[/:id]`: the buyers this supplier serves. Readable with any read scope. */
export function registerCustomerRoutes(kit: RouteKit): void {
  registerDocumentReads(kit, {
    path: '/api/customers',
    scope: 'csp.orders.read',
    table: kit.stores.customers,
    fields: customerFields,
  });
}

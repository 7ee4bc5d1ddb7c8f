import { registerDocumentReads } from '../http/document-reads.ts';
import type { RouteKit } from '../http/route-kit.ts';
import { invoiceFields } from './fields.ts';

/** Invoices and credit notes. */
export function registerInvoiceRoutes(kit: RouteKit): void {
  registerDocumentReads(kit, {
    path: '/api/invoices',
    scope: 'csp.invoices.read',
    table: kit.stores.invoices,
    fields: invoiceFields,
  });
}

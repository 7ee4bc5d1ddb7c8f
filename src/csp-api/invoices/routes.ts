import { registerDocumentReads } from '../http/document-reads.ts';
import type { RouteKit } from '../http/route-kit.ts';
import { registerInvoiceComments } from './comments.ts';
import { registerInvoiceEdit } from './edit.ts';
import { invoiceFields } from './fields.ts';
import { registerInvoiceSimRoutes } from './sim-routes.ts';
import { registerInvoiceSubmit } from './submit.ts';
import { registerInvoiceVoid } from './void.ts';

/**
 * Invoices and credit notes: reads, supplier writes and the buyer's `/sim` side. Invoices are
 * created by flipping an order (see `orders/flip-to-invoice.ts`).
 */
export function registerInvoiceRoutes(kit: RouteKit): void {
  registerDocumentReads(kit, {
    path: '/api/invoices',
    scope: 'csp.invoices.read',
    table: kit.stores.invoices,
    fields: invoiceFields,
  });
  registerInvoiceEdit(kit);
  registerInvoiceSubmit(kit);
  registerInvoiceVoid(kit);
  registerInvoiceComments(kit);
  registerInvoiceSimRoutes(kit);
}

import { illegalTransition, parseBody } from '../http/body.ts';
import { findForBuyer } from '../http/buyer-lookup.ts';
import type { RouteKit } from '../http/route-kit.ts';
import { withComment } from './comments.ts';
import { awaitingCustomerStatuses } from './invoice-statuses.ts';
import { disputeBody } from './schemas.ts';
import type { Invoice, InvoiceStatus, StoredInvoice } from './types.ts';

function assertStatus(invoice: Invoice, allowed: readonly InvoiceStatus[], action: string): void {
  if (!allowed.includes(invoice.status)) {
    throw illegalTransition(`A ${invoice.status} invoice cannot be ${action}: only ${allowed.join(', ')}.`);
  }
}

/**
 * `PUT /sim/invoices/:id/{approve,dispute,withdraw_dispute}`: the customer's decisions on a submitted
 * invoice. A dispute names a reason code; withdrawing it returns the invoice to approval.
 */
export function registerSimInvoiceDecisions(kit: RouteKit): void {
  const { invoices } = kit.stores;
  kit.buyer('PUT', '/sim/invoices/:id/approve', (request) => {
    const { supplierId, doc: invoice } = findForBuyer(invoices, request.params.id);
    assertStatus(invoice, awaitingCustomerStatuses, 'approved');
    const approved: StoredInvoice = {
      ...invoice,
      status: 'approved',
      'updated-at': request.now.toISOString(),
    };
    return { body: invoices.update(supplierId, approved) };
  });
  kit.buyer('PUT', '/sim/invoices/:id/dispute', (request) => {
    const { supplierId, doc: invoice } = findForBuyer(invoices, request.params.id);
    const body = parseBody(disputeBody, request.body);
    assertStatus(invoice, awaitingCustomerStatuses, 'disputed');
    let disputed: StoredInvoice = {
      ...invoice,
      status: 'disputed',
      'dispute-reasons': [{ code: body.code, description: body.description ?? body.code }],
      'updated-at': request.now.toISOString(),
    };
    if (body.comment) disputed = withComment(disputed, body.comment, 'buyer', request.now);
    return { body: invoices.update(supplierId, disputed) };
  });
  kit.buyer('PUT', '/sim/invoices/:id/withdraw_dispute', (request) => {
    const { supplierId, doc: invoice } = findForBuyer(invoices, request.params.id);
    assertStatus(invoice, ['disputed'], 'returned to approval');
    const withdrawn: StoredInvoice = {
      ...invoice,
      status: 'pending_approval',
      'dispute-reasons': [],
      'updated-at': request.now.toISOString(),
    };
    return { body: invoices.update(supplierId, withdrawn) };
  });
}

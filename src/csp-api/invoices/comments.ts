import { found, parseBody } from '../http/body.ts';
import type { RouteKit } from '../http/route-kit.ts';
import type { Comment } from '../shared-types.ts';
import { commentBody } from './schemas.ts';
import type { Invoice } from './types.ts';

/** The invoice with one more comment (ids count up per invoice). */
export function withComment<T extends Invoice>(
  invoice: T,
  text: string,
  by: Comment['created-by'],
  now: Date,
): T {
  const id = invoice.comments.reduce((highest, comment) => Math.max(highest, comment.id), 0) + 1;
  const timestamp = now.toISOString();
  return {
    ...invoice,
    comments: [...invoice.comments, { id, comment: text, 'created-at': timestamp, 'created-by': by }],
    'updated-at': timestamp,
  };
}

/** `POST /api/invoices/:id/comments`: a supplier comment, on an invoice in any status. Answers the invoice. */
export function registerInvoiceComments(kit: RouteKit): void {
  const { invoices } = kit.stores;
  kit.write('POST', '/api/invoices/:id/comments', 'csp.invoices.write', (request) => {
    const invoice = found(invoices.find(request.supplierId, request.params.id ?? ''));
    const body = parseBody(commentBody, request.body);
    const updated = withComment(invoice, body.comment, 'supplier', request.now);
    return { status: 201, body: invoices.update(request.supplierId, updated) };
  });
}

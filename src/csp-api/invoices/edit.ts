import { type FieldErrors, validationError } from '../../errors/index.ts';
import { found, illegalTransition, parseBody } from '../http/body.ts';
import type { RouteKit } from '../http/route-kit.ts';
import { definedOnly } from '../orders/defined-only.ts';
import { hasErrors } from '../orders/order-lines.ts';
import { invoiceNumberErrors } from './build-invoice.ts';
import { netDueDate } from './due-date.ts';
import { quantityErrors } from './quantity-checks.ts';
import { type EditInvoiceBody, editInvoiceBody } from './schemas.ts';
import { withTotals } from './totals.ts';
import type { Invoice, InvoiceLine } from './types.ts';

interface EditedLines {
  lines: InvoiceLine[];
  /** Which request line changed each invoice line, to name the field in errors. */
  requestIndex: Map<number, number>;
  errors: FieldErrors;
}

/** Applies `lines: [{line-num, quantity, description}]` to the invoice's own lines by line number. */
function editLines(invoice: Invoice, changes: NonNullable<EditInvoiceBody['lines']>): EditedLines {
  const lines = [...invoice['invoice-lines']];
  const requestIndex = new Map<number, number>();
  const errors: FieldErrors = {};
  // Credit notes store negative quantities; clients always write positive ones.
  const sign = invoice['document-type'] === 'Credit Note' ? -1 : 1;
  changes.forEach((change, index) => {
    const position = lines.findIndex((line) => line['line-num'] === change['line-num']);
    if (position < 0 || requestIndex.has(position)) {
      errors[`lines[${index}].line-num`] = [
        position < 0 ? 'does not exist on this invoice' : 'appears more than once',
      ];
      return;
    }
    requestIndex.set(position, index);
    const line = lines[position]!;
    lines[position] = {
      ...line,
      quantity: change.quantity === undefined ? line.quantity : sign * change.quantity,
      description: change.description ?? line.description,
    };
  });
  return { lines, requestIndex, errors };
}

/**
 * `PUT /api/invoices/:id`: edits a draft (409 otherwise). Totals and the due date are recomputed;
 * new quantities are checked against what is left on the order.
 */
export function registerInvoiceEdit(kit: RouteKit): void {
  const { stores } = kit;
  kit.write('PUT', '/api/invoices/:id', 'csp.invoices.write', (request) => {
    const { supplierId } = request;
    const invoice = found(stores.invoices.find(supplierId, request.params.id ?? ''));
    const body = parseBody(editInvoiceBody, request.body);
    if (invoice.status !== 'draft') {
      throw illegalTransition(`Only drafts can be edited; this invoice is ${invoice.status}.`);
    }
    const { lines: lineChanges, ...fields } = body;
    const edited = editLines(invoice, lineChanges ?? []);
    const invoiceDate = body['invoice-date'] ?? invoice['invoice-date'];
    const updated = withTotals({
      ...invoice,
      ...definedOnly(fields),
      'supplier-note': body['supplier-note'] === undefined ? invoice['supplier-note'] : body['supplier-note'],
      'invoice-lines': edited.lines,
      'net-due-date': netDueDate(invoiceDate, invoice['payment-term']),
      'updated-at': request.now.toISOString(),
    });
    const number = body['invoice-number'];
    const errors: FieldErrors = {
      ...edited.errors,
      ...(number ? invoiceNumberErrors(stores, supplierId, invoice.customer.id, number, invoice.id) : {}),
    };
    if (lineChanges && !hasErrors(edited.errors)) {
      const order = found(stores.purchaseOrders.get(supplierId, invoice['order-header-id']));
      const fieldOf = (position: number) => {
        const index = edited.requestIndex.get(position);
        return index === undefined ? `invoice-lines[${position}].quantity` : `lines[${index}].quantity`;
      };
      Object.assign(errors, quantityErrors(stores, supplierId, updated, order, fieldOf));
    }
    if (hasErrors(errors)) throw validationError(errors);
    return { body: stores.invoices.update(supplierId, updated, number) };
  });
}

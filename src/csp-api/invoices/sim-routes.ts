import type { RouteKit } from '../http/route-kit.ts';
import { registerSimInvoiceDecisions } from './sim-decisions.ts';
import { registerSimInvoicePayments } from './sim-payments.ts';

/** The buyer side of invoices under `/sim`: approve, dispute, withdraw a dispute, pay. */
export function registerInvoiceSimRoutes(kit: RouteKit): void {
  registerSimInvoiceDecisions(kit);
  registerSimInvoicePayments(kit);
}

import { planCatalogEnrichment } from './catalog-enrichment.ts';
import { planInvoiceCreate } from './invoice-create.ts';
import { planInvoiceStatus } from './invoice-status.ts';
import { planOrderConfirmation } from './order-confirmation.ts';
import { planOrderStatus } from './order-status.ts';
import type { Planner } from './planner-types.ts';
import { planProfileUpdate } from './profile-update.ts';

/** The demo model's planner for each shipped skill. */
export const skillPlanners: Readonly<Record<string, Planner>> = {
  'order-status': planOrderStatus,
  'order-confirmation': planOrderConfirmation,
  'invoice-status': planInvoiceStatus,
  'invoice-create': planInvoiceCreate,
  'profile-update': planProfileUpdate,
  'catalog-enrichment': planCatalogEnrichment,
};

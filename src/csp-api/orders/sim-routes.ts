import type { RouteKit } from '../http/route-kit.ts';
import { registerSimConfirmations } from './sim-confirmations.ts';
import { registerSimIssueOrder } from './sim-issue-order.ts';
import { registerSimPurchaseOrderChanges } from './sim-po-changes.ts';

/** The buyer side of orders under `/sim`: issuing orders and deciding proposals and changes. */
export function registerOrderSimRoutes(kit: RouteKit): void {
  registerSimIssueOrder(kit);
  registerSimConfirmations(kit);
  registerSimPurchaseOrderChanges(kit);
}

import type { ModelTool } from '../../../src/models/model-types.ts';
import { findTool } from '../../../src/tools/manifest/index.ts';

/** The allowed tools of each shipped skill (as its SKILL.md lists them). */
export const skillToolNames: Readonly<Record<string, readonly string[]>> = {
  'order-status': [
    'purchase_orders_list',
    'purchase_orders_show',
    'customers_list',
    'purchase_order_changes_list',
    'purchase_order_changes_show',
  ],
  'order-confirmation': [
    'purchase_orders_list',
    'purchase_orders_show',
    'purchase_orders_acknowledge',
    'purchase_orders_confirm',
    'purchase_orders_propose_change',
    'purchase_order_changes_list',
  ],
  'invoice-status': ['invoices_list', 'invoices_show', 'purchase_orders_show', 'customers_list'],
  'invoice-create': [
    'purchase_orders_list',
    'purchase_orders_show',
    'invoices_list',
    'invoices_show',
    'invoices_create_from_po',
    'invoices_submit',
  ],
  'profile-update': [
    'profile_show',
    'profile_request_change',
    'profile_change_requests_list',
    'profile_change_requests_show',
    'remit_to_addresses_list',
    'remit_to_addresses_show',
    'remit_to_addresses_add',
  ],
  'catalog-enrichment': [
    'catalogs_list',
    'catalogs_show',
    'catalog_items_list',
    'catalog_items_show',
    'catalog_items_update',
  ],
};

/** The tools of a skill as a model is offered them (from the tool manifest). */
export function skillTools(skill: string): ModelTool[] {
  return (skillToolNames[skill] ?? []).map((name) => {
    const tool = findTool(name);
    if (!tool) throw new Error(`unknown tool ${name}`);
    return { name: tool.name, description: tool.description, inputSchema: tool.inputSchema };
  });
}

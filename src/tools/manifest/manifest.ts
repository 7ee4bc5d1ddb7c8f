import type { ApiOperation } from '../csp/command-types.ts';
import { catalogTools } from './catalog-tools.ts';
import { invoiceTools } from './invoice-tools.ts';
import { orderTools } from './order-tools.ts';
import { profileTools } from './profile-tools.ts';
import type { JsonSchema, ToolDefinition } from './tool-types.ts';

/** Every tool the agent may be given: one per `csp` command (two for `catalog items add`). */
export const toolManifest: readonly ToolDefinition[] = [
  ...orderTools,
  ...invoiceTools,
  ...profileTools,
  ...catalogTools,
];

/** Names the external interface promises (scripts and drills call them). */
export const requiredToolNames = [
  'purchase_orders_list',
  'purchase_orders_show',
  'purchase_orders_acknowledge',
  'purchase_orders_confirm',
  'invoices_list',
  'invoices_show',
  'invoices_create_from_po',
  'invoices_submit',
  'profile_show',
  'remit_to_addresses_add',
  'catalog_items_list',
  'catalog_items_update',
] as const;

const byName = new Map(toolManifest.map((tool) => [tool.name, tool]));

export function findTool(name: string): ToolDefinition | undefined {
  return byName.get(name);
}

/** What a model or an operator sees of a tool (no zod, no argv mapping). */
export interface ToolDescription {
  name: string;
  description: string;
  inputSchema: JsonSchema;
  command: readonly string[];
  operations: readonly ApiOperation[];
}

export function describeTool(tool: ToolDefinition): ToolDescription {
  const { name, description, inputSchema, command, operations } = tool;
  return { name, description, inputSchema, command, operations };
}

/** The manifest as pretty JSON (for `supplier-agent tools --json`). */
export function manifestAsJson(): string {
  return `${JSON.stringify(toolManifest.map(describeTool), null, 2)}\n`;
}

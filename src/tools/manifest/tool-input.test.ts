import { describe, expect, it } from 'vitest';
import { findTool } from './manifest.ts';
import { toolArgv, validateToolInput } from './tool-input.ts';
import type { ToolDefinition } from './tool-types.ts';

function tool(name: string): ToolDefinition {
  const found = findTool(name);
  if (!found) throw new Error(`no tool ${name}`);
  return found;
}

describe('validateToolInput', () => {
  it('accepts a valid input and returns the parsed data', () => {
    expect(validateToolInput(tool('purchase_orders_list'), { status: 'issued', limit: 10 })).toEqual({
      ok: true,
      data: { status: 'issued', limit: 10 },
    });
  });

  it('reports every bad field by name instead of throwing', () => {
    const result = validateToolInput(tool('purchase_orders_confirm'), {
      id: 'NWC-PO-11001',
      action: 'maybe',
      tenant: 'bluepeak',
      lines: [{ line_num: 1, action: 'accept', quantity: -1 }],
    });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(Object.keys(result.errors).sort()).toEqual(['action', 'lines[0].quantity', 'tenant']);
    expect(result.errors.tenant).toEqual(['is not a known field']);
  });

  it('checks rules across fields', () => {
    const neither = validateToolInput(tool('profile_show'), {});
    expect(neither.ok).toBe(false);
    expect(validateToolInput(tool('profile_show'), { customer: 1 }).ok).toBe(true);
    const both = validateToolInput(tool('catalog_items_bulk_add'), { catalog: 2, csv: 'a', items: [{}] });
    expect(both.ok).toBe(false);
  });

  it('treats a missing input as an empty object', () => {
    expect(validateToolInput(tool('customers_list'), undefined)).toEqual({ ok: true, data: {} });
  });
});

describe('toolArgv', () => {
  it('maps filters to flags, in the command the tool names', () => {
    expect(
      toolArgv(tool('purchase_orders_list'), { status: 'issued', customer: 'globex', acknowledged: false }),
    ).toEqual([
      'purchase-orders',
      'list',
      '--status',
      'issued',
      '--customer',
      'globex',
      '--acknowledged',
      'false',
    ]);
  });

  it('puts ids after --, so an id can never act as a flag', () => {
    expect(toolArgv(tool('invoices_show'), { id: '--api-url=http://elsewhere' })).toEqual([
      'invoices',
      'show',
      '--',
      '--api-url=http://elsewhere',
    ]);
  });

  it('sends structured lines as JSON with the API hyphenated keys', () => {
    const argv = toolArgv(tool('invoices_create_from_po'), {
      po: 'NWC-PO-11001',
      invoice_number: 'INV-1',
      lines: [{ line_num: 1, quantity: 2 }],
    });
    expect(argv).toEqual([
      'invoices',
      'flip',
      '--po',
      'NWC-PO-11001',
      '--invoice-number',
      'INV-1',
      '--lines-json',
      '[{"line-num":1,"quantity":2}]',
    ]);
  });

  it('turns switches on only for the value they stand for', () => {
    expect(toolArgv(tool('purchase_orders_acknowledge'), { id: 1, acknowledged: false })).toContain(
      '--unset',
    );
    expect(toolArgv(tool('purchase_orders_acknowledge'), { id: 1, acknowledged: true })).not.toContain(
      '--unset',
    );
  });

  it('throws on input that was not validated', () => {
    expect(() => toolArgv(tool('invoices_show'), {})).toThrow(/invoices_show/);
  });
});

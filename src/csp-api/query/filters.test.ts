import { describe, expect, it } from 'vitest';
import { isAppError } from '../../errors/index.ts';
import { fieldsOf } from './field-schema.ts';
import { compileFilter, parseFilter, splitFilterKey } from './filters.ts';

const schema = {
  fields: fieldsOf({
    'po-number': 'string',
    total: 'number',
    paid: 'boolean',
    'created-at': 'datetime',
    'customer.name': 'string',
  }),
  collections: {
    'order-lines': { path: ['order-lines'], fields: fieldsOf({ 'source-part-num': 'string' }) },
  },
};

function codeOf(run: () => unknown): string | undefined {
  try {
    run();
  } catch (error) {
    return isAppError(error) ? error.code : 'not-an-app-error';
  }
  return undefined;
}

describe('splitFilterKey', () => {
  it('splits nested brackets', () => {
    expect(splitFilterKey('order-lines[source-part-num][contains]')).toEqual([
      'order-lines',
      'source-part-num',
      'contains',
    ]);
    expect(splitFilterKey('status')).toEqual(['status']);
  });
  it('refuses keys that are not attribute[operator] shaped', () => {
    expect(splitFilterKey('status]')).toBeUndefined();
    expect(splitFilterKey("x'); drop table")).toBeUndefined();
  });
});

describe('parseFilter', () => {
  it('defaults to exact match and accepts underscores for dashes', () => {
    const filter = parseFilter('po_number', 'NWC-PO-1', schema);
    expect(filter.operator).toBe('eq');
    expect(filter.field.path).toEqual(['po-number']);
  });
  it('reads association and collection filters', () => {
    expect(parseFilter('customer[name][contains]', 'glo', schema).field.path).toEqual(['customer', 'name']);
    const line = parseFilter('order-lines[source-part-num]', 'X', schema);
    expect(line.collectionPath).toEqual(['order-lines']);
  });
  it('rejects unknown attributes, wrong operators and wrong value types with invalid_filter', () => {
    expect(codeOf(() => parseFilter('supplier_id', '2', schema))).toBe('invalid_filter');
    expect(codeOf(() => parseFilter('total[contains]', '2', schema))).toBe('invalid_filter');
    expect(codeOf(() => parseFilter('total[gt]', 'lots', schema))).toBe('invalid_filter');
    expect(codeOf(() => parseFilter('paid', 'yes', schema))).toBe('invalid_filter');
    expect(codeOf(() => parseFilter('created-at[gt]', 'yesterday', schema))).toBe('invalid_filter');
    expect(codeOf(() => parseFilter('po-number[blank]', 'maybe', schema))).toBe('invalid_filter');
    expect(codeOf(() => parseFilter('total[in]', '1,x', schema))).toBe('invalid_filter');
  });
  it('accepts the same filters when well formed (positive control)', () => {
    for (const [key, value] of [
      ['total[gt]', '10.5'],
      ['paid', 'true'],
      ['created-at[gt]', '2026-05-01'],
      ['po-number[blank]', 'false'],
      ['total[in]', '1,2'],
    ] as const) {
      expect(codeOf(() => parseFilter(key, value, schema))).toBeUndefined();
    }
  });
});

describe('compileFilter', () => {
  it('binds every value as a parameter', () => {
    const condition = compileFilter(parseFilter('po-number[starts_with]', "NWC' OR 1=1 --", schema));
    expect(condition.sql).not.toContain('NWC');
    expect(condition.params).toEqual(["NWC' OR 1=1 --", "NWC' OR 1=1 --"]);
  });
  it('normalises dates to the stored ISO form', () => {
    expect(compileFilter(parseFilter('created-at[gt_or_eq]', '2026-05-01', schema)).params).toEqual([
      '2026-05-01T00:00:00.000Z',
    ]);
  });
  it('expresses collection filters as EXISTS over the array', () => {
    expect(compileFilter(parseFilter('order-lines[source-part-num]', 'X', schema)).sql).toMatch(/^EXISTS/);
  });
});

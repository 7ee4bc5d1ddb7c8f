import { describe, expect, it } from 'vitest';
import { parseProjection, project } from './projection.ts';

const order = {
  id: 7,
  'po-number': 'NWC-PO-1',
  customer: { id: 1, name: 'Globex' },
  'order-lines': [{ id: 7001, 'line-num': 1, quantity: 5 }],
};

describe('projection', () => {
  it('limited keeps only the id', () => {
    expect(project(order, parseProjection(null, 'limited'))).toEqual({ id: 7 });
  });
  it('shallow reduces related objects to their ids', () => {
    expect(project(order, parseProjection(null, 'shallow'))).toEqual({
      id: 7,
      'po-number': 'NWC-PO-1',
      customer: { id: 1 },
      'order-lines': [{ id: 7001 }],
    });
  });
  it('fields selects attributes and nested attributes', () => {
    const projection = parseProjection('["po-number",{"order-lines":["quantity"]}]', null);
    expect(project(order, projection)).toEqual({ 'po-number': 'NWC-PO-1', 'order-lines': [{ quantity: 5 }] });
  });
  it('rejects malformed shaping with invalid_argument', () => {
    expect(() => parseProjection('[1]', null)).toThrow(/fields/);
    expect(() => parseProjection('not json', null)).toThrow(/fields/);
    expect(() => parseProjection(null, 'deep')).toThrow(/return_object/);
  });
});

import { describe, expect, it } from 'vitest';
import {
  enrichmentFor,
  inferDescription,
  inferLeadTime,
  inferUnspsc,
  missingFields,
} from './catalog-inference.ts';
import { catalogItemFixture } from './planner-test-kit.ts';

describe('catalog inference', () => {
  it.each([
    ['Deep groove ball bearing 6204-2RS (variant 2)', '31171504'],
    ['Pillow block UCP205', '31171510'],
    ['Bearing inspection service', '73181100'],
    ['Hex bolt M8x30 A2 (box of 100)', '31161501'],
    ['Hex nut M10 zinc (box of 200)', '31161605'],
    ['Pipette tips 1000 ul (960)', '41121803'],
    ['Pipette 20-200 ul', '41121501'],
    ['Gel pen 0.7 mm blue (12 pack)', '44121701'],
    ['Quantum flux capacitor', undefined],
  ])('infers UNSPSC of "%s" as %s', (name, code) => {
    expect(inferUnspsc(name)).toBe(code);
  });

  it('sets lead time by UNSPSC segment, with a default', () => {
    expect(inferLeadTime('31171504')).toBe(7);
    expect(inferLeadTime('56112104')).toBe(21);
    expect(inferLeadTime('99999999')).toBe(7);
    expect(inferLeadTime(undefined)).toBe(7);
  });

  it("builds a description from the item's attributes", () => {
    expect(inferDescription(catalogItemFixture(1, { name: 'Hex nut M10', 'uom-code': 'BX' }))).toBe(
      'Hex nut M10, made by Northwind, sold per box, supplier part NWC-BRG-1.',
    );
  });

  it('fills only missing fields and never overwrites', () => {
    const item = catalogItemFixture(1, { 'unspsc-code': null, description: null, 'lead-time': null });
    expect(missingFields(item)).toEqual(['unspsc_code', 'description', 'lead_time']);
    expect(enrichmentFor(item)).toEqual({
      unspsc_code: '31171504',
      description:
        'Deep groove ball bearing 6204-2RS, made by Northwind, sold per each, supplier part NWC-BRG-1.',
      lead_time: 7,
    });
    expect(enrichmentFor(catalogItemFixture(2, { 'lead-time': null, 'unspsc-code': '56112104' }))).toEqual({
      lead_time: 21,
    });
    expect(enrichmentFor(catalogItemFixture(3))).toEqual({});
    expect(
      enrichmentFor(catalogItemFixture(4, { name: 'Quantum flux capacitor', 'unspsc-code': null })),
    ).toEqual({});
  });
});

import type { JsonRecord } from './plan-helpers.ts';

/**
 * Deterministic guesses for the fields catalog enrichment fills: a UNSPSC code from keywords in the
 * item's name, a lead time by category (the code's UNSPSC segment), and a description built from
 * the item's own attributes. More specific keywords come first.
 */
const unspscKeywords: readonly (readonly [RegExp, string])[] = [
  [/\binspection\b/i, '73181100'],
  [/\bcalibration\b/i, '81141504'],
  [/\bdelivery service\b/i, '78102203'],
  [/\bpillow block\b/i, '31171510'],
  [/\bbearing\b/i, '31171504'],
  [/\bbolts?\b|\bscrews?\b/i, '31161501'],
  [/\bnuts?\b/i, '31161605'],
  [/\bo-?rings?\b|\bseals?\b|\bgaskets?\b/i, '31411705'],
  [/\bcouplings?\b/i, '26111705'],
  [/\bbelts?\b/i, '26111802'],
  [/\bchains?\b/i, '26111902'],
  [/\bgrease\b|\blubricant\b|\boil\b/i, '15121902'],
  [/\bshafts?\b/i, '31171700'],
  [/\bcopy paper\b|\bpaper\b/i, '14111507'],
  [/\bnotebooks?\b/i, '14111514'],
  [/\btoner\b/i, '44103103'],
  [/\bpens?\b/i, '44121701'],
  [/\bbinders?\b/i, '44122003'],
  [/\bstaplers?\b/i, '44121615'],
  [/\bchairs?\b/i, '56112104'],
  [/\blabels?\b/i, '55121611'],
  [/\benvelopes?\b/i, '44121506'],
  [/\bcoffee\b/i, '50201706'],
  [/\bgloves?\b/i, '42132203'],
  [/\bpipette tips?\b/i, '41121803'],
  [/\bpipettes?\b/i, '41121501'],
  [/\btubes?\b/i, '41121701'],
  [/\bethanol\b|\balcohol\b/i, '12352104'],
  [/\bbeakers?\b/i, '41121603'],
  [/\brespirators?\b|\bmasks?\b/i, '46182008'],
  [/\bslides?\b/i, '41122101'],
  [/\bbuffer\b/i, '41116105'],
  [/\bfilters?\b/i, '41104902'],
  [/\blab coats?\b/i, '46181526'],
];

/** Lead time in days by UNSPSC segment (the first two digits). */
const leadTimeBySegment: Readonly<Record<string, number>> = {
  '12': 5, // chemicals
  '14': 3, // paper
  '15': 4, // lubricants
  '26': 10, // power transmission
  '31': 7, // industrial components
  '41': 7, // laboratory equipment
  '42': 4, // medical supplies
  '44': 3, // office supplies
  '46': 4, // safety
  '50': 4, // food and beverage
  '55': 3, // printed media
  '56': 21, // furniture
  '73': 2, // industrial services
  '78': 1, // delivery services
  '81': 10, // engineering services
};
export const defaultLeadTime = 7;

const unitNames: Readonly<Record<string, string>> = {
  EA: 'each',
  BX: 'box',
  CS: 'case',
  PK: 'pack',
  KT: 'kit',
  HR: 'hour',
  KG: 'kilogram',
  L: 'litre',
};

/** The UNSPSC code the item's name suggests, if any keyword matches. */
export function inferUnspsc(name: string): string | undefined {
  return unspscKeywords.find(([pattern]) => pattern.test(name))?.[1];
}

export function inferLeadTime(unspsc: string | undefined): number {
  return (unspsc && leadTimeBySegment[unspsc.slice(0, 2)]) || defaultLeadTime;
}

export function inferDescription(item: JsonRecord): string {
  const unit = String(item['uom-code'] ?? '');
  const parts = [
    String(item.name ?? 'Catalog item'),
    item.manufacturer ? `made by ${item.manufacturer}` : undefined,
    unit ? `sold per ${unitNames[unit] ?? unit}` : undefined,
    item['supplier-part-num'] ? `supplier part ${item['supplier-part-num']}` : undefined,
  ].filter((part) => part !== undefined);
  return `${parts.join(', ')}.`;
}

const blank = (value: unknown): boolean => value === null || value === undefined || value === '';

/** Which of the enrichment fields an item lacks. */
export function missingFields(item: JsonRecord): ('unspsc_code' | 'description' | 'lead_time')[] {
  return [
    ...(blank(item['unspsc-code']) ? (['unspsc_code'] as const) : []),
    ...(blank(item.description) ? (['description'] as const) : []),
    ...(blank(item['lead-time']) ? (['lead_time'] as const) : []),
  ];
}

/**
 * The fields to set on an item: only the missing ones, never overwriting what is there. A UNSPSC
 * code is left out when no keyword matches (reported for a person to fill in).
 */
export function enrichmentFor(item: JsonRecord): JsonRecord {
  const missing = missingFields(item);
  const code = blank(item['unspsc-code'])
    ? inferUnspsc(String(item.name ?? ''))
    : String(item['unspsc-code']);
  const fields: JsonRecord = {};
  if (missing.includes('unspsc_code') && code) fields.unspsc_code = code;
  if (missing.includes('description')) fields.description = inferDescription(item);
  if (missing.includes('lead_time')) fields.lead_time = inferLeadTime(code);
  return fields;
}

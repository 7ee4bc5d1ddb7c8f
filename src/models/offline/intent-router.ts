/**
 * Chooses the skill of a request by weighted keyword rules. Each rule that matches adds its weight
 * to its skill; the highest total wins (ties go to the earlier skill in `shippedSkills`). Requests
 * outside every skill (weather, jokes, another supplier's data) get `none`.
 */

export const shippedSkills = [
  'order-confirmation',
  'invoice-create',
  'catalog-enrichment',
  'profile-update',
  'invoice-status',
  'order-status',
] as const;

export interface RouteDecision {
  skill: string;
  reason: string;
}

interface Rule {
  skill: (typeof shippedSkills)[number];
  pattern: RegExp;
  weight: number;
}

const documentNumber = (kind: string) => new RegExp(`\\b[A-Z]{2,6}-${kind}-\\d+`, 'i');

const rules: readonly Rule[] = [
  { skill: 'order-confirmation', pattern: /\backnowledge\b|\backnowledging\b/i, weight: 6 },
  { skill: 'order-confirmation', pattern: /\bconfirm\b(?!ation status)|\bconfirming\b/i, weight: 6 },
  { skill: 'order-confirmation', pattern: /\b(accept|reject|decline)\b/i, weight: 6 },
  { skill: 'order-confirmation', pattern: /\bpropos(e|al)\b/i, weight: 5 },
  { skill: 'order-confirmation', pattern: /\b(can only|only) (ship|deliver|supply|make)\b/i, weight: 6 },
  {
    skill: 'order-confirmation',
    pattern: /\b(delivery|need[- ]?by|ship(ping)?|promised) date\b/i,
    weight: 2,
  },
  { skill: 'order-confirmation', pattern: /\b(delay|postpone|reschedule|push back)\b/i, weight: 3 },
  {
    skill: 'order-confirmation',
    pattern: /\b(need|needs|awaiting|to) (my |our )?(confirmation|acknowledg)/i,
    weight: 2,
  },
  { skill: 'order-confirmation', pattern: /\brequest (a |the )?cancel/i, weight: 4 },
  {
    skill: 'invoice-create',
    pattern: /\b(create|raise|issue|make|generate|prepare|draft|new)\b[^.?!]{0,20}\binvoice\b/i,
    weight: 6,
  },
  {
    skill: 'invoice-create',
    pattern: /\binvoice\s+(the\s+)?(po\b|order\b|purchase order\b|[A-Z]{2,6}-PO-\d+)/i,
    weight: 6,
  },
  { skill: 'invoice-create', pattern: /\b(bill|flip)\b/i, weight: 3 },
  {
    skill: 'invoice-create',
    pattern:
      /^\s*(please\s+)?invoice\b(?!s|\s+(number\s+)?#?[A-Z]{2,6}-INV-)|\binvoice\s+\d+\s+(of|units|pcs|from)\b/i,
    weight: 6,
  },
  {
    skill: 'invoice-create',
    pattern: /\bsubmit\b[^.?!]{0,30}\binvoice\b|\bsubmit\b[^.?!]{0,30}-INV-/i,
    weight: 5,
  },
  {
    skill: 'invoice-create',
    pattern: /\b(what|which) (orders )?can (i|we) invoice\b|\bready to (be )?invoice/i,
    weight: 6,
  },
  { skill: 'catalog-enrichment', pattern: /\bcatalog(ue)?s?\b/i, weight: 3 },
  { skill: 'catalog-enrichment', pattern: /\bunspsc\b/i, weight: 4 },
  { skill: 'catalog-enrichment', pattern: /\benrich/i, weight: 4 },
  { skill: 'catalog-enrichment', pattern: /\blead[- ]times?\b/i, weight: 3 },
  { skill: 'catalog-enrichment', pattern: /\bprice ?list\b/i, weight: 2 },
  { skill: 'catalog-enrichment', pattern: /\bitems?\b/i, weight: 1 },
  { skill: 'profile-update', pattern: /\bprofile\b/i, weight: 4 },
  { skill: 'profile-update', pattern: /\bremit[- ]?to\b|\bremittance\b/i, weight: 4 },
  {
    skill: 'profile-update',
    pattern: /\biban\b|\bswift\b|\bbic\b|\brouting number\b|\bsort code\b/i,
    weight: 4,
  },
  { skill: 'profile-update', pattern: /\bbank\b/i, weight: 2 },
  {
    skill: 'profile-update',
    pattern: /\b(phone|telephone|website|display name|tax id|duns|contact)\b/i,
    weight: 3,
  },
  {
    skill: 'profile-update',
    pattern: /\be-?mail address\b|\b(change|update|set)\b[^.?!]{0,30}\be-?mail\b/i,
    weight: 3,
  },
  { skill: 'profile-update', pattern: /\bmy (profile )?change requests?\b|\bprofile change/i, weight: 4 },
  { skill: 'invoice-status', pattern: /\binvoices?\b/i, weight: 2 },
  { skill: 'invoice-status', pattern: /\b(unpaid|overdue|paid|payments?|past due)\b/i, weight: 2 },
  { skill: 'invoice-status', pattern: /\bdisput/i, weight: 2 },
  { skill: 'invoice-status', pattern: documentNumber('INV'), weight: 2 },
  { skill: 'invoice-status', pattern: /\b(status|when|which|how much|owed)\b/i, weight: 1 },
  { skill: 'order-status', pattern: /\b(pos?|purchase orders?|orders?)\b/i, weight: 2 },
  { skill: 'order-status', pattern: documentNumber('PO'), weight: 2 },
  { skill: 'order-status', pattern: /\b(status|list|show|which|any|open|issued|where)\b/i, weight: 1 },
  { skill: 'order-status', pattern: /\bchange requests?\b|\bproposed changes?\b/i, weight: 2 },
  {
    skill: 'order-status',
    pattern: /\b(is|was|has) it (been )?(confirmed|acknowledged)\b|\bconfirmation status\b/i,
    weight: 6,
  },
  { skill: 'order-status', pattern: /\bcustomers\b/i, weight: 1 },
];

/** Requests no skill should take, whatever keywords they contain. */
const outOfScope: readonly (readonly [RegExp, string])[] = [
  [
    /\b(another|other|different|competitor'?s?|rival)\s+(suppliers?|vendors?|compan(y|ies)|tenants?)\b|\ball suppliers\b/i,
    "It asks for another supplier's data; an agent only ever sees its own supplier's records.",
  ],
  [/\bweather\b|\bforecast\b/i, 'It asks about the weather, which no supplier skill covers.'],
  [/\bjokes?\b|\bfunny\b|\bpoem\b|\bsing\b/i, 'It asks for entertainment, which no supplier skill covers.'],
];

export function routeIntent(text: string, available?: readonly string[]): RouteDecision {
  for (const [pattern, reason] of outOfScope) {
    if (pattern.test(text)) return { skill: 'none', reason };
  }
  const scores = new Map<string, { score: number; terms: string[] }>();
  for (const rule of rules) {
    const match = rule.pattern.exec(text);
    if (!match) continue;
    const entry = scores.get(rule.skill) ?? { score: 0, terms: [] };
    entry.score += rule.weight;
    entry.terms.push(`"${match[0].trim()}"`);
    scores.set(rule.skill, entry);
  }
  const ranked = shippedSkills
    .filter((skill) => (available ? available.includes(skill) : true))
    .map((skill) => ({ skill, ...(scores.get(skill) ?? { score: 0, terms: [] }) }))
    .filter((entry) => entry.score > 0)
    .sort((left, right) => right.score - left.score);
  const best = ranked[0];
  if (!best) {
    return {
      skill: 'none',
      reason: 'It matches none of the skills (orders, confirmations, invoices, profile, catalogs).',
    };
  }
  return {
    skill: best.skill,
    reason: `The request mentions ${best.terms.join(', ')} (demo keyword routing).`,
  };
}

/**
 * The skills a routing request offers: the `enum` of `choose_skill`'s `skill` field when it has
 * one, else the shipped skills the system prompt names, else all of them.
 */
export function availableSkills(
  system: string,
  chooseSkillSchema: Record<string, unknown> | undefined,
): string[] {
  const properties = chooseSkillSchema?.properties as Record<string, { enum?: unknown }> | undefined;
  const listed = properties?.skill?.enum;
  if (Array.isArray(listed)) return listed.map(String).filter((skill) => skill !== 'none');
  const named = shippedSkills.filter((skill) => system.includes(skill));
  return named.length > 0 ? named : [...shippedSkills];
}

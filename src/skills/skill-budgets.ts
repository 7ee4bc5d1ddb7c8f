import type { SkillBudgets } from './skill-types.ts';

/** Budgets of a skill that sets none: 25 tool calls, 200,000 model tokens, 5 minutes per turn. */
export const defaultSkillBudgets: SkillBudgets = Object.freeze({
  maxToolCalls: 25,
  maxTokens: 200_000,
  maxDurationMs: 5 * 60_000,
});

const unitMs = { h: 3_600_000, m: 60_000, s: 1_000, ms: 1 } as const;
type Unit = keyof typeof unitMs;
const unitOrder: readonly Unit[] = ['h', 'm', 's', 'ms'];

/**
 * Milliseconds of a duration written as whole numbers with units, largest first: `90s`, `5m`,
 * `1m30s`, `1h`, `1500ms`. Anything else (no unit, a unit twice, units out of order, zero) is
 * `undefined`.
 */
export function parseDuration(text: string): number | undefined {
  const trimmed = text.trim();
  if (!/^(\d+(ms|h|m|s))+$/.test(trimmed)) return undefined;
  let total = 0;
  let previous = -1;
  for (const [, amount, unit] of trimmed.matchAll(/(\d+)(ms|h|m|s)/g)) {
    const position = unitOrder.indexOf(unit as Unit);
    if (position <= previous) return undefined;
    previous = position;
    total += Number(amount) * unitMs[unit as Unit];
  }
  return total > 0 && Number.isSafeInteger(total) ? total : undefined;
}

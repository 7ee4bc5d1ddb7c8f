import { describe, expect, it } from 'vitest';
import { defaultSkillBudgets, parseDuration } from './skill-budgets.ts';

describe('parseDuration', () => {
  it.each([
    ['90s', 90_000],
    ['5m', 300_000],
    ['1h', 3_600_000],
    ['1m30s', 90_000],
    ['1h2m3s4ms', 3_723_004],
    ['1500ms', 1_500],
    [' 2m ', 120_000],
  ])('reads %j as %d ms', (text, expected) => {
    expect(parseDuration(text)).toBe(expected);
  });

  it.each([['90'], ['5 m'], ['5min'], ['0s'], ['0m0s'], ['30s5m'], ['5m5m'], ['1.5m'], ['-5m'], ['']])(
    'refuses %j',
    (text) => {
      expect(parseDuration(text)).toBeUndefined();
    },
  );
});

describe('defaultSkillBudgets', () => {
  it('is 25 tool calls, 200,000 tokens and 5 minutes', () => {
    expect(defaultSkillBudgets).toEqual({ maxToolCalls: 25, maxTokens: 200_000, maxDurationMs: 300_000 });
    expect(Object.isFrozen(defaultSkillBudgets)).toBe(true);
  });
});

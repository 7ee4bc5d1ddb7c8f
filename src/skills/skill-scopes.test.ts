import { describe, expect, it } from 'vitest';
import { defaultSkillBudgets } from './skill-budgets.ts';
import { missingScopes, toolsForUser } from './skill-scopes.ts';
import type { Skill } from './skill-types.ts';

const skill: Skill = {
  name: 'profile-update',
  description: 'Profile changes.',
  allowedTools: ['profile_show', 'profile_request_change', 'remit_to_addresses_add'],
  budgets: defaultSkillBudgets,
  requiredScopes: ['csp.profile.read'],
  toolScopes: {
    profile_request_change: ['csp.profile.write'],
    remit_to_addresses_add: ['csp.profile.write', 'csp.invoices.write'],
  },
  examples: [],
  body: 'Procedure.',
  file: 'skills/profile-update/SKILL.md',
};

describe('missingScopes', () => {
  it('lists the required scopes the user lacks', () => {
    expect(missingScopes(skill, [])).toEqual(['csp.profile.read']);
    expect(missingScopes(skill, ['csp.orders.read'])).toEqual(['csp.profile.read']);
  });

  it('is empty when the user holds them (positive control)', () => {
    expect(missingScopes(skill, ['csp.orders.read', 'csp.profile.read'])).toEqual([]);
  });
});

describe('toolsForUser', () => {
  it('offers every allowed tool to a user holding every tool scope (positive control)', () => {
    const scopes = ['csp.profile.read', 'csp.profile.write', 'csp.invoices.write'];
    expect(toolsForUser(skill, scopes)).toEqual(skill.allowedTools);
  });

  it('drops the tools whose scopes the user lacks, keeping the order', () => {
    expect(toolsForUser(skill, ['csp.profile.read'])).toEqual(['profile_show']);
  });

  it('needs every scope listed for a tool, not just one', () => {
    expect(toolsForUser(skill, ['csp.profile.read', 'csp.profile.write'])).toEqual([
      'profile_show',
      'profile_request_change',
    ]);
  });
});

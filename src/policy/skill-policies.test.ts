import { describe, expect, it } from 'vitest';
import { cedarString, compileSkillPolicies, type PolicyTool } from './skill-policies.ts';

const tools: PolicyTool[] = [
  { name: 'purchase_orders_show', operations: [{ method: 'GET', path: '/api/purchase_orders/:id' }] },
  {
    name: 'purchase_orders_acknowledge',
    operations: [
      { method: 'GET', path: '/api/purchase_orders/:id' },
      { method: 'PUT', path: '/api/purchase_orders/:id/acknowledge' },
    ],
  },
];

describe('compileSkillPolicies', () => {
  it('writes one readable permit per operation, naming the tools that need it', () => {
    const policies = compileSkillPolicies('order-status', tools);
    expect(Object.keys(policies)).toEqual([
      'skill:order-status:GET /api/purchase_orders/:id',
      'skill:order-status:PUT /api/purchase_orders/:id/acknowledge',
    ]);
    expect(policies['skill:order-status:GET /api/purchase_orders/:id']).toBe(
      [
        '@id("skill:order-status:GET /api/purchase_orders/:id")',
        '@tools("purchase_orders_show, purchase_orders_acknowledge")',
        'permit (',
        '  principal in Skill::"order-status",',
        '  action == Action::"GET",',
        '  resource == Operation::"GET /api/purchase_orders/:id"',
        ');',
      ].join('\n'),
    );
  });

  it('permits nothing for a skill without tools', () => {
    expect(compileSkillPolicies('empty', [])).toEqual({});
  });
});

describe('cedarString', () => {
  it('escapes quotes and backslashes so a name cannot end the literal', () => {
    expect(cedarString('a"b\\c')).toBe('"a\\"b\\\\c"');
    expect(cedarString('order-status')).toBe('"order-status"');
  });

  it('refuses control characters', () => {
    expect(() => cedarString('a\nb')).toThrow(/control characters/);
    expect(() => cedarString('a\u007fb')).toThrow(/control characters/);
  });
});

import { afterAll, describe, expect, it } from 'vitest';
import { createEgressPolicy, type PolicyTool, serverOnlyOperations } from '../../src/policy/index.ts';
import { expectDeny, operations, policyDirWith, policyFor, request } from './policy-kit.ts';

const temporary: Array<() => void> = [];
afterAll(() => {
  for (const remove of temporary) remove();
});

function extraPolicy(name: string, text: string): string {
  const dir = policyDirWith(name, text);
  temporary.push(dir.remove);
  return dir.path;
}

describe('the static forbids hold whatever the tools say', () => {
  const crafted: PolicyTool = {
    name: 'crafted',
    operations: [
      ...serverOnlyOperations,
      { method: 'GET', path: '/:prefix/purchase_orders' },
      { method: 'GET', path: '/api/invoices' },
    ],
  };
  const policy = createEgressPolicy({
    tools: [crafted],
    skill: 'crafted',
    tenantId: 'northwind',
    operations,
  });

  it.each([
    ['POST', '/sim/purchase_orders', 'base:no-buyer-simulation'],
    ['PUT', '/sim/invoices/INV-1/pay', 'base:no-buyer-simulation'],
    ['PUT', '/sim/catalogs/1/accept', 'base:no-buyer-simulation'],
    ['POST', '/oauth2/token', 'base:no-token-endpoint'],
    ['GET', '/healthz', 'base:api-only'],
    ['GET', '/sim/purchase_orders', 'base:no-buyer-simulation'],
    ['GET', '/oauth2/purchase_orders', 'base:no-token-endpoint'],
    ['GET', '/internal/purchase_orders', 'base:api-only'],
  ])('%s %s is forbidden by %s', (method, url, policyId) => {
    const denied = expectDeny(policy.decide(request(method, url)), 'forbidden-by-policy');
    expect(denied.policies).toContain(policyId);
  });

  it('while the same crafted tool does reach /api (control: its permits work)', () => {
    expect(policy.decide(request('GET', '/api/invoices'))).toMatchObject({
      effect: 'allow',
      policies: ['skill:crafted:GET /api/invoices'],
    });
    // A literal template beats the crafted `/:prefix/...` one, which the skill does not permit.
    expectDeny(policy.decide(request('GET', '/api/purchase_orders')), 'not-in-skill');
  });

  it('holds every operation the API serves outside /api', () => {
    for (const operation of serverOnlyOperations) {
      const url = operation.path.replaceAll(/:\w+/g, '1');
      expectDeny(policy.decide(request(operation.method, url)), 'forbidden-by-policy');
    }
  });
});

describe('static policy files extend the policy for every skill', () => {
  const freeze = extraPolicy(
    'freeze.cedar',
    [
      '@id("ops:freeze-invoice-writes")',
      'forbid (principal in Tenant::"northwind", action == Action::"PUT", resource)',
      'when { resource.path like "/api/invoices/*" };',
    ].join('\n'),
  );

  it('a tenant-level forbid applies to that tenant only', () => {
    const submit = request('PUT', '/api/invoices/INV-1/submit');
    const frozen = policyFor(['invoices_submit'], { skill: 'invoice-create', policyDir: freeze });
    expect(expectDeny(frozen.decide(submit), 'forbidden-by-policy').policies).toEqual([
      'ops:freeze-invoice-writes',
    ]);
    const other = policyFor(['invoices_submit'], {
      skill: 'invoice-create',
      tenantId: 'acme',
      policyDir: freeze,
    });
    expect(other.decide(submit).effect).toBe('allow');
  });

  it('a forbid that fails to evaluate denies (policy-error) instead of being skipped', () => {
    const broken = extraPolicy(
      'runtime-error.cedar',
      '@id("ops:broken-at-runtime") forbid (principal, action, resource) when { 9223372036854775807 + 1 > 0 };',
    );
    const list = request('GET', '/api/purchase_orders');
    const denied = expectDeny(
      policyFor(['purchase_orders_list'], { policyDir: broken }).decide(list),
      'policy-error',
    );
    expect(denied.policies).toEqual(['ops:broken-at-runtime']);
    expect(policyFor(['purchase_orders_list']).decide(list).effect).toBe('allow');
  });
});

describe('names cannot inject policy text', () => {
  it('a skill name that tries to close the literal permits nothing extra', () => {
    const skill = 'x", action, resource); permit (principal, action, resource); //';
    const policy = policyFor(['purchase_orders_list'], { skill });
    expect(policy.decide(request('GET', '/api/purchase_orders')).effect).toBe('allow');
    expectDeny(policy.decide(request('GET', '/api/invoices')), 'not-in-skill');
    expect(policy.policyIds.filter((id) => id.startsWith('skill:'))).toHaveLength(1);
  });

  it('empty names are refused', () => {
    expect(() => policyFor([], { skill: ' ' })).toThrow(/skill must not be empty/);
    expect(() => policyFor([], { tenantId: '' })).toThrow(/tenantId must not be empty/);
  });
});

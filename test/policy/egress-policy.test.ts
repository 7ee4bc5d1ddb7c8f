import { describe, expect, it } from 'vitest';
import { type ApiOperationRef, createEgressPolicy } from '../../src/policy/index.ts';
import { toolManifest } from '../../src/tools/manifest/index.ts';
import { expectDeny, operations, policyFor, request } from './policy-kit.ts';

describe('a skill reaches exactly the operations of its tools', () => {
  const readOnly = policyFor(['purchase_orders_list', 'purchase_orders_show']);

  it('allows its reads, naming the permit and the canonical target', () => {
    expect(readOnly.decide(request('GET', '/api/purchase_orders'))).toEqual({
      effect: 'allow',
      operation: { method: 'GET', path: '/api/purchase_orders' },
      policies: ['skill:order-status:GET /api/purchase_orders'],
      method: 'GET',
      path: '/api/purchase_orders',
      query: '',
    });
    expect(
      readOnly.decide(request('GET', '/api/purchase_orders/NWC%2DPO%2D11001/?expand=lines')),
    ).toMatchObject({
      effect: 'allow',
      operation: { method: 'GET', path: '/api/purchase_orders/:id' },
      policies: ['skill:order-status:GET /api/purchase_orders/:id'],
      path: '/api/purchase_orders/NWC-PO-11001',
      query: 'expand=lines',
    });
  });

  it('denies an operation outside the skill (not-in-skill), and allows it once the tool is added', () => {
    const acknowledge = request('PUT', '/api/purchase_orders/1/acknowledge');
    const denied = expectDeny(readOnly.decide(acknowledge), 'not-in-skill');
    expect(denied.policies).toEqual([]);
    expect(denied.operation).toEqual({ method: 'PUT', path: '/api/purchase_orders/:id/acknowledge' });

    const withTool = policyFor([
      'purchase_orders_list',
      'purchase_orders_show',
      'purchase_orders_acknowledge',
    ]);
    expect(withTool.decide(acknowledge)).toMatchObject({
      effect: 'allow',
      policies: ['skill:order-status:PUT /api/purchase_orders/:id/acknowledge'],
    });
  });

  it('denies an operation the API does not serve (unknown-operation)', () => {
    expectDeny(readOnly.decide(request('GET', '/api/purchase_orders/1/secrets')), 'unknown-operation');
    expectDeny(readOnly.decide(request('GET', '/api/purchase_orders/1/acknowledge')), 'unknown-operation');
    expect(readOnly.decide(request('GET', '/api/purchase_orders/1')).effect).toBe('allow');
  });

  it('denies other methods (method-not-allowed)', () => {
    const denied = expectDeny(
      readOnly.decide(request('DELETE', '/api/purchase_orders/1')),
      'method-not-allowed',
    );
    expect(denied.rule).toBe('method');
    expect(readOnly.decide(request('GET', '/api/purchase_orders/1')).effect).toBe('allow');
  });

  it('denies encoded traversal toward another operation, which is allowed when asked for directly', () => {
    const traversal = expectDeny(
      readOnly.decide(request('GET', '/api/purchase_orders/%2e%2e/invoices')),
      'malformed-target',
    );
    expect(traversal.rule).toBe('encoded-dot');
    expectDeny(readOnly.decide(request('GET', '/api/purchase_orders/../invoices')), 'malformed-target');
    const withInvoices = policyFor(['purchase_orders_show', 'invoices_list']);
    expectDeny(
      withInvoices.decide(request('GET', '/api/purchase_orders/%2e%2e/invoices')),
      'malformed-target',
    );
    expect(withInvoices.decide(request('GET', '/api/invoices')).effect).toBe('allow');
  });

  it('refuses method overrides instead of honouring them', () => {
    const withAcknowledge = policyFor(['purchase_orders_show', 'purchase_orders_acknowledge']);
    const overridden = [
      request('GET', '/api/purchase_orders/1', { 'X-HTTP-Method-Override': 'PUT' }),
      request('GET', '/api/purchase_orders/1', { 'x-method-override': 'DELETE' }),
      request('POST', '/api/purchase_orders/1/acknowledge?_method=PUT'),
    ];
    for (const attempt of overridden) {
      expect(expectDeny(withAcknowledge.decide(attempt), 'method-not-allowed').rule).toBe('method-override');
    }
    expect(withAcknowledge.decide(request('GET', '/api/purchase_orders/1')).effect).toBe('allow');
    expect(withAcknowledge.decide(request('PUT', '/api/purchase_orders/1/acknowledge')).effect).toBe('allow');
  });
});

describe('the whole manifest', () => {
  const everything = createEgressPolicy({
    tools: toolManifest,
    skill: 'everything',
    tenantId: 'northwind',
    operations,
  });
  const apiOperations = operations.filter((operation) => operation.path.startsWith('/api/'));
  const sample = (operation: ApiOperationRef) => operation.path.replaceAll(/:\w+/g, 'NWC-1');

  it('allows every /api operation to a skill with every tool, matched to its own template', () => {
    expect(apiOperations.length).toBeGreaterThan(30);
    for (const operation of apiOperations) {
      expect(everything.decide(request(operation.method, sample(operation)))).toMatchObject({
        effect: 'allow',
        operation,
      });
    }
  });

  it('allows none of them to a skill without tools', () => {
    const nothing = createEgressPolicy({ tools: [], skill: 'nothing', tenantId: 'northwind', operations });
    for (const operation of apiOperations) {
      expectDeny(nothing.decide(request(operation.method, sample(operation))), 'not-in-skill');
    }
  });
});

describe('repeated decisions', () => {
  const targets = [
    request('GET', '/api/purchase_orders/NWC-PO-11001'),
    request('GET', '/api/purchase_orders?status=issued'),
    request('PUT', '/api/purchase_orders/NWC-PO-11001/acknowledge'),
    request('GET', '/api/invoices'),
    request('GET', '/sim/purchase_orders'),
    request('GET', '/api/purchase_orders/%2e%2e/invoices'),
  ];

  it('answer exactly as an uncached policy does, the first time and every time after', () => {
    const tools = ['purchase_orders_list', 'purchase_orders_show', 'invoices_list'];
    const cached = policyFor(tools);
    const uncached = createEgressPolicy({
      tools: tools
        .map((name) => toolManifest.find((entry) => entry.name === name))
        .filter((t) => t !== undefined),
      skill: 'order-status',
      tenantId: 'northwind',
      operations,
      answerCacheSize: 0,
    });
    for (let round = 0; round < 3; round += 1) {
      for (const target of targets) expect(cached.decide(target)).toEqual(uncached.decide(target));
    }
    expect(cached.decide(targets[0] as (typeof targets)[number]).effect).toBe('allow');
    expect(cached.decide(targets[2] as (typeof targets)[number]).effect).toBe('deny');
  });

  it('hand out their own policy lists, so changing one decision cannot change the next', () => {
    const policy = policyFor(['purchase_orders_show']);
    const first = policy.decide(targets[0] as (typeof targets)[number]);
    first.policies.push('tampered');
    expect(policy.decide(targets[0] as (typeof targets)[number]).policies).toEqual([
      'skill:order-status:GET /api/purchase_orders/:id',
    ]);
  });
});

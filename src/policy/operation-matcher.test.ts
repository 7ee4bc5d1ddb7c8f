import { describe, expect, it } from 'vitest';
import { isAppError } from '../errors/index.ts';
import type { ApiOperationRef } from './egress-decision.ts';
import { createOperationMatcher } from './operation-matcher.ts';

const operations: ApiOperationRef[] = [
  { method: 'GET', path: '/api/purchase_orders' },
  { method: 'GET', path: '/api/purchase_orders/:id' },
  { method: 'PUT', path: '/api/purchase_orders/:id/acknowledge' },
  { method: 'POST', path: '/api/catalogs/:catalogId/items/:itemId' },
  { method: 'POST', path: '/api/catalogs/:catalogId/items/bulk' },
  { method: 'PUT', path: '/api/catalogs/:catalogId/items/:itemId' },
  { method: 'GET', path: '/api/supplier_profile' },
  { method: 'GET', path: '/api/supplier_profiles/:id' },
];

const segmentsOf = (path: string) => path.split('/').slice(1);

describe('createOperationMatcher', () => {
  const matcher = createOperationMatcher(operations);

  it.each([
    ['GET', '/api/purchase_orders', '/api/purchase_orders'],
    ['GET', '/api/purchase_orders/NWC-PO-11001', '/api/purchase_orders/:id'],
    ['PUT', '/api/purchase_orders/1/acknowledge', '/api/purchase_orders/:id/acknowledge'],
    ['POST', '/api/catalogs/7/items/bulk', '/api/catalogs/:catalogId/items/bulk'],
    ['POST', '/api/catalogs/7/items/42', '/api/catalogs/:catalogId/items/:itemId'],
    ['PUT', '/api/catalogs/7/items/bulk', '/api/catalogs/:catalogId/items/:itemId'],
    ['GET', '/api/supplier_profile', '/api/supplier_profile'],
  ] as const)('%s %s -> %s', (method, path, template) => {
    expect(matcher.match(method, segmentsOf(path))).toEqual({ method, path: template });
  });

  it('prefers the literal segment whatever the order the templates came in', () => {
    const reversed = createOperationMatcher([...operations].reverse());
    expect(reversed.match('POST', segmentsOf('/api/catalogs/7/items/bulk'))?.path).toBe(
      '/api/catalogs/:catalogId/items/bulk',
    );
  });

  it.each([
    ['GET', '/api/purchase_orders/1/acknowledge', 'only PUT exists'],
    ['POST', '/api/purchase_orders', 'only GET exists'],
    ['GET', '/api/purchase_orders/1/2', 'too many segments'],
    ['GET', '/api', 'too few segments'],
    ['GET', '/API/purchase_orders', 'literals are case-sensitive, as in the API server'],
    ['GET', '/api/supplier_profiles', 'a parameter needs a segment'],
  ] as const)('matches nothing for %s %s (%s)', (method, path, _why) => {
    expect(matcher.match(method, segmentsOf(path))).toBeUndefined();
  });

  it('never matches a parameter to an empty segment', () => {
    expect(matcher.match('GET', ['api', 'purchase_orders', ''])).toBeUndefined();
    expect(matcher.match('GET', ['api', 'purchase_orders', 'x'])?.path).toBe('/api/purchase_orders/:id');
  });

  it('keeps one copy of a repeated operation', () => {
    expect(createOperationMatcher([...operations, ...operations]).operations).toHaveLength(operations.length);
  });

  it.each([
    [{ method: 'DELETE', path: '/api/x' }, 'method'],
    [{ method: 'GET', path: 'api/x' }, 'must start with /'],
    [{ method: 'GET', path: '/api//x' }, 'neither'],
    [{ method: 'GET', path: '/api/../x' }, 'neither'],
    [{ method: 'GET', path: '/api/x y' }, 'neither'],
    [{ method: 'GET', path: '/api/:' }, 'neither'],
  ])('refuses the malformed template %j', (operation, problem) => {
    expect(() => createOperationMatcher([operation as ApiOperationRef])).toThrow(problem);
  });

  it('refuses two templates that match the same requests', () => {
    let error: unknown;
    try {
      createOperationMatcher([
        { method: 'GET', path: '/api/purchase_orders/:id' },
        { method: 'GET', path: '/api/purchase_orders/:orderId' },
      ]);
    } catch (thrown) {
      error = thrown;
    }
    expect(isAppError(error) && error.code).toBe('invalid_argument');
    expect(String(error)).toContain('match the same requests');
    // Control: the same templates under different methods are distinct operations.
    expect(
      createOperationMatcher([
        { method: 'GET', path: '/api/purchase_orders/:id' },
        { method: 'PUT', path: '/api/purchase_orders/:orderId' },
      ]).operations,
    ).toHaveLength(2);
  });
});

import { describe, expect, it } from 'vitest';
import { requestPath } from './api-client.ts';

describe('requestPath', () => {
  it('fills path parameters and encodes them, so an id cannot change the path', () => {
    const path = requestPath({
      operation: { method: 'GET', path: '/api/catalogs/:catalogId/items/:itemId' },
      params: { catalogId: 'Globex 2027 catalog', itemId: '../../customers' },
      query: [['customer[name][contains]', 'a&b']],
    });
    expect(path).toBe(
      '/api/catalogs/Globex%202027%20catalog/items/..%2F..%2Fcustomers?customer%5Bname%5D%5Bcontains%5D=a%26b',
    );
  });

  it('refuses a request missing a path parameter', () => {
    expect(() => requestPath({ operation: { method: 'GET', path: '/api/invoices/:id' } })).toThrow(/id/);
  });
});

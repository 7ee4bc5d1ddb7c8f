import { describe, expect, it } from 'vitest';
import { filterCellHeaders } from './identity-headers.ts';

describe('filterCellHeaders', () => {
  it('keeps ordinary request headers', () => {
    const { kept, dropped } = filterCellHeaders({
      accept: 'application/json',
      'content-type': 'application/json',
      'idempotency-key': 'k1',
      'user-agent': 'csp',
    });
    expect(kept).toEqual({
      accept: 'application/json',
      'content-type': 'application/json',
      'idempotency-key': 'k1',
      'user-agent': 'csp',
    });
    expect(dropped).toEqual([]);
  });

  it('drops every header that could carry identity, an address, a method override or a rewritten path', () => {
    const identity = [
      'authorization',
      'proxy-authorization',
      'cookie',
      'host',
      'forwarded',
      'via',
      'x-forwarded-for',
      'x-forwarded-host',
      'x-real-ip',
      'x-tenant-id',
      'x-tenant',
      'x-supplier-id',
      'x-user-id',
      'x-http-method-override',
      'x-method-override',
      'x-http-method',
      'x-original-url',
      'x-rewrite-url',
      'x-api-key',
    ];
    const { kept, dropped } = filterCellHeaders(
      Object.fromEntries([...identity.map((name) => [name, 'v']), ['accept', '*/*']]),
    );
    expect(kept).toEqual({ accept: '*/*' });
    expect(dropped).toEqual([...identity].sort());
  });

  it('drops hop-by-hop headers and the headers the Connection header names', () => {
    const { kept, dropped } = filterCellHeaders({
      connection: 'keep-alive, x-custom',
      'keep-alive': 'timeout=5',
      'transfer-encoding': 'chunked',
      te: 'trailers',
      upgrade: 'websocket',
      'x-custom': 'hidden',
      accept: '*/*',
    });
    expect(kept).toEqual({ accept: '*/*' });
    expect(dropped).toEqual(['connection', 'keep-alive', 'te', 'transfer-encoding', 'upgrade', 'x-custom']);
  });
});

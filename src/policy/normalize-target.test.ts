import { describe, expect, it } from 'vitest';
import { type EgressRequest, normalizeTarget } from './normalize-target.ts';
import { maxTargetLength, type TargetRule } from './target-rules.ts';

const get = (url: string, headers: EgressRequest['headers'] = {}): EgressRequest => ({
  method: 'GET',
  url,
  headers,
});

const overrideRule = { reason: 'method-not-allowed', rule: 'method-override' } as const;
const malformed = (rule: TargetRule) => ({ reason: 'malformed-target', rule }) as const;

const hostile: Array<[string, EgressRequest, { reason: string; rule: TargetRule }]> = [
  [
    'DELETE',
    { ...get('/api/purchase_orders/1'), method: 'DELETE' },
    { reason: 'method-not-allowed', rule: 'method' },
  ],
  [
    'HEAD',
    { ...get('/api/purchase_orders'), method: 'HEAD' },
    { reason: 'method-not-allowed', rule: 'method' },
  ],
  [
    'OPTIONS',
    { ...get('/api/purchase_orders'), method: 'OPTIONS' },
    { reason: 'method-not-allowed', rule: 'method' },
  ],
  ['PATCH', { ...get('/api/invoices/1'), method: 'PATCH' }, { reason: 'method-not-allowed', rule: 'method' }],
  [
    'CONNECT',
    { ...get('/api/invoices'), method: 'CONNECT' },
    { reason: 'method-not-allowed', rule: 'method' },
  ],
  ['TRACE', { ...get('/api/invoices'), method: 'TRACE' }, { reason: 'method-not-allowed', rule: 'method' }],
  [
    'lower-case get',
    { ...get('/api/invoices'), method: 'get' },
    { reason: 'method-not-allowed', rule: 'method' },
  ],
  ['X-HTTP-Method-Override', get('/api/invoices/1', { 'x-http-method-override': 'DELETE' }), overrideRule],
  ['X-HTTP-Method (mixed case)', get('/api/invoices/1', { 'X-Http-Method': 'PUT' }), overrideRule],
  ['X-Method-Override', get('/api/invoices/1', { 'x-method-override': ['PUT'] }), overrideRule],
  ['_method query', get('/api/invoices/1?_method=PUT'), overrideRule],
  ['_METHOD query, later', get('/api/invoices/1?a=1&_METHOD=put'), overrideRule],
  ['encoded _method', get('/api/invoices/1?%5Fmethod=PUT'), overrideRule],
  ['encoded m in _method', get('/api/invoices/1?_%6Dethod=PUT'), overrideRule],
  ['override header as query', get('/api/invoices/1?X-HTTP-Method-Override=PUT'), overrideRule],
  ['absolute-form', get('http://evil.example/api/purchase_orders'), malformed('absolute-form')],
  ['absolute-form to loopback', get('HTTPS://127.0.0.1:8080/api/invoices'), malformed('absolute-form')],
  ['authority-form', get('example.com:443'), malformed('authority-form')],
  ['authority-form IPv6', get('[::1]:443'), malformed('authority-form')],
  ['asterisk-form', get('*'), malformed('not-origin-form')],
  ['empty target', get(''), malformed('not-origin-form')],
  ['relative path', get('api/purchase_orders'), malformed('not-origin-form')],
  ['protocol-relative', get('//evil.example/api/purchase_orders'), malformed('empty-segment')],
  ['too long', get(`/api/purchase_orders?q=${'a'.repeat(maxTargetLength)}`), malformed('too-long')],
  ['fragment', get('/api/purchase_orders/1#x'), malformed('fragment')],
  ['backslash traversal', get('/api/purchase_orders\\..\\invoices'), malformed('backslash')],
  ['backslash in query', get('/api/purchase_orders?a=\\'), malformed('backslash')],
  ['raw space', get('/api/purchase_orders/1 HTTP/1.1'), malformed('disallowed-character')],
  ['raw braces', get('/api/purchase_orders/{id}'), malformed('disallowed-character')],
  ['raw angle brackets', get('/api/purchase_orders/<script>'), malformed('disallowed-character')],
  ['raw pipe', get('/api/purchase_orders/1|ls'), malformed('disallowed-character')],
  ['NUL', get('/api/purchase_orders/\u0000'), malformed('control-or-non-ascii')],
  [
    'CRLF header injection',
    get('/api/purchase_orders/1\r\nX-Tenant: other'),
    malformed('control-or-non-ascii'),
  ],
  ['tab', get('/api/purchase_orders/\t1'), malformed('control-or-non-ascii')],
  ['DEL', get('/api/purchase_orders/\u007f'), malformed('control-or-non-ascii')],
  ['non-ASCII', get('/api/purchase_orders/é'), malformed('control-or-non-ascii')],
  ['right-to-left override', get('/api/purchase_orders/\u202e1'), malformed('control-or-non-ascii')],
  ['fullwidth dots', get('/api/purchase_orders/\uff0e\uff0e/invoices'), malformed('control-or-non-ascii')],
  ['dangling %', get('/api/purchase_orders/1%'), malformed('bad-percent-encoding')],
  ['non-hex escape', get('/api/purchase_orders/%zz'), malformed('bad-percent-encoding')],
  ['bad escape in query', get('/api/purchase_orders?status=%g1'), malformed('bad-percent-encoding')],
  ['escape that is not UTF-8', get('/api/purchase_orders/%c3'), malformed('bad-percent-encoding')],
  ['path parameter', get('/api/invoices;jsessionid=x'), malformed('path-parameter')],
  ['path parameter in a segment', get('/api/invoices/1;a=b'), malformed('path-parameter')],
  ['path parameter before the query', get('/api;/invoices?x=1'), malformed('path-parameter')],
  ['duplicate slash', get('/api//purchase_orders'), malformed('empty-segment')],
  ['duplicate trailing slash', get('/api/purchase_orders//'), malformed('empty-segment')],
  ['leading duplicate slash', get('//api/purchase_orders'), malformed('empty-segment')],
  ['dot-dot', get('/api/purchase_orders/../invoices'), malformed('dot-segment')],
  ['dot-dot at the end', get('/api/purchase_orders/..'), malformed('dot-segment')],
  ['dot', get('/api/./purchase_orders'), malformed('dot-segment')],
  ['dot-dot at the root', get('/../api/invoices'), malformed('dot-segment')],
  ['encoded dot-dot', get('/api/purchase_orders/%2e%2e/invoices'), malformed('encoded-dot')],
  ['upper-case encoded dot-dot', get('/api/purchase_orders/%2E%2E'), malformed('encoded-dot')],
  ['half-encoded dot-dot', get('/api/purchase_orders/.%2e/invoices'), malformed('encoded-dot')],
  ['encoded dot', get('/api/%2e/purchase_orders'), malformed('encoded-dot')],
  ['encoded slash', get('/api/purchase_orders/1%2F..%2Finvoices'), malformed('encoded-separator')],
  ['encoded slash between words', get('/api%2Fpurchase_orders'), malformed('encoded-separator')],
  ['encoded backslash', get('/api/purchase_orders/%5C..%5Cinvoices'), malformed('encoded-separator')],
  ['encoded NUL', get('/api/purchase_orders/1%00'), malformed('encoded-control-or-non-ascii')],
  ['encoded CRLF', get('/api/purchase_orders/1%0d%0aX:1'), malformed('encoded-control-or-non-ascii')],
  ['encoded non-ASCII', get('/api/purchase_orders/%C3%A9'), malformed('encoded-control-or-non-ascii')],
  ['double-encoded dot-dot', get('/api/purchase_orders/%252e%252e/invoices'), malformed('double-encoding')],
  ['double-encoded slash', get('/api/purchase_orders/1%252Finvoices'), malformed('double-encoding')],
  ['encoded percent', get('/api/purchase_orders/100%25'), malformed('double-encoding')],
];

describe('normalizeTarget denies hostile targets', () => {
  it.each(hostile)('%s', (_name, request, expected) => {
    const result = normalizeTarget(request);
    expect(result).toMatchObject({ ok: false, ...expected });
    expect(result.ok ? '' : result.message).not.toBe('');
  });
});

const canonical: Array<[string, EgressRequest, { path: string; query: string; segments?: string[] }]> = [
  ['plain list', get('/api/purchase_orders'), { path: '/api/purchase_orders', query: '' }],
  [
    'list with a query',
    get('/api/purchase_orders?status=issued&limit=5'),
    { path: '/api/purchase_orders', query: 'status=issued&limit=5' },
  ],
  [
    'show by number',
    get('/api/purchase_orders/NWC-PO-11001'),
    { path: '/api/purchase_orders/NWC-PO-11001', query: '' },
  ],
  [
    'encoded unreserved characters are decoded once',
    get('/api/purchase_orders/NWC%2DPO%2D11001'),
    { path: '/api/purchase_orders/NWC-PO-11001', query: '' },
  ],
  ['an encoded literal segment', get('/api/purchase%5Forders'), { path: '/api/purchase_orders', query: '' }],
  [
    'one trailing slash is dropped',
    get('/api/purchase_orders/'),
    { path: '/api/purchase_orders', query: '' },
  ],
  [
    'trailing slash before a query',
    get('/api/purchase_orders/?limit=1'),
    { path: '/api/purchase_orders', query: 'limit=1' },
  ],
  [
    'encoded space stays encoded',
    get('/api/purchase_orders/A%20B'),
    { path: '/api/purchase_orders/A%20B', query: '', segments: ['api', 'purchase_orders', 'A B'] },
  ],
  [
    'reserved characters are re-encoded',
    get('/api/purchase_orders/x:y@z'),
    { path: '/api/purchase_orders/x%3Ay%40z', query: '' },
  ],
  [
    'dots inside a segment',
    get('/api/catalogs/1/items/v1.2..3'),
    { path: '/api/catalogs/1/items/v1.2..3', query: '' },
  ],
  [
    'a semicolon in the query',
    get('/api/purchase_orders?q=a;b'),
    { path: '/api/purchase_orders', query: 'q=a;b' },
  ],
  [
    'a question mark in the query',
    get('/api/purchase_orders?q=a?b'),
    { path: '/api/purchase_orders', query: 'q=a?b' },
  ],
  [
    'parameters named like methods',
    get('/api/invoices?method=GET&_methods=1'),
    { path: '/api/invoices', query: 'method=GET&_methods=1' },
  ],
  ['an empty query', get('/api/invoices?'), { path: '/api/invoices', query: '' }],
  ['the root', get('/'), { path: '/', query: '', segments: [] }],
  [
    'exactly the longest target',
    get(`/api/invoices?q=${'a'.repeat(maxTargetLength - 16)}`),
    { path: '/api/invoices', query: `q=${'a'.repeat(maxTargetLength - 16)}` },
  ],
  [
    'harmless headers, and an override header without a value',
    get('/api/invoices', { accept: 'application/json', 'x-http-method-override': undefined }),
    { path: '/api/invoices', query: '' },
  ],
];

describe('normalizeTarget accepts canonical and harmless targets', () => {
  it.each(canonical)('%s', (_name, request, expected) => {
    const result = normalizeTarget(request);
    expect(result).toMatchObject({ ok: true, method: 'GET', ...expected });
  });

  it('draws the length limit at exactly maxTargetLength characters', () => {
    const longest = `/api/invoices?q=${'a'.repeat(maxTargetLength - 16)}`;
    expect(longest).toHaveLength(maxTargetLength);
    expect(normalizeTarget(get(longest)).ok).toBe(true);
    expect(normalizeTarget(get(`${longest}a`))).toMatchObject({ ok: false, rule: 'too-long' });
  });

  it('accepts POST and PUT, and keeps the method', () => {
    expect(normalizeTarget({ ...get('/api/invoices/1/submit'), method: 'PUT' })).toMatchObject({
      ok: true,
      method: 'PUT',
    });
    expect(normalizeTarget({ ...get('/api/invoices/1/comments'), method: 'POST' })).toMatchObject({
      ok: true,
      method: 'POST',
    });
  });

  it('denies the same request once an override is added (paired control)', () => {
    const plain = get('/api/invoices/1');
    expect(normalizeTarget(plain).ok).toBe(true);
    expect(normalizeTarget({ ...plain, headers: { 'X-HTTP-Method-Override': 'PUT' } }).ok).toBe(false);
    expect(normalizeTarget({ ...plain, url: `${plain.url}?_method=PUT` }).ok).toBe(false);
  });
});

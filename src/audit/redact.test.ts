import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { credentialId, redactHeaders } from './redact.ts';

const token = 'eyJhbGciOi.secret-token-value';

describe('redactHeaders', () => {
  it('replaces credential headers with a credential id and keeps every other header', () => {
    const recorded = redactHeaders(
      {
        Authorization: `Bearer ${token}`,
        'content-type': 'application/json',
        'x-request-id': 'r-1',
        'content-length': 42,
        'x-absent': undefined,
      },
      { authorization: 'csp-token' },
    );
    const prefix = createHash('sha256').update(token).digest('hex').slice(0, 8);
    expect(recorded).toEqual({
      Authorization: `credential:csp-token:${prefix}`,
      'content-type': 'application/json',
      'x-request-id': 'r-1',
      'content-length': '42',
    });
    expect(JSON.stringify(recorded)).not.toContain('secret-token-value');
  });

  it('covers every credential header, in any case, lists included, named after the header by default', () => {
    const recorded = redactHeaders({
      'PROXY-AUTHORIZATION': 'Basic dXNlcjpwYXNz',
      cookie: 'session=abc',
      'set-cookie': ['a=1; HttpOnly', 'b=2'],
      'X-Api-Key': 'key-123',
    });
    expect(recorded['PROXY-AUTHORIZATION']).toMatch(/^credential:proxy-authorization:[0-9a-f]{8}$/);
    expect(recorded.cookie).toMatch(/^credential:cookie:[0-9a-f]{8}$/);
    expect(recorded['set-cookie']).toEqual([
      credentialId('set-cookie', 'a=1; HttpOnly'),
      credentialId('set-cookie', 'b=2'),
    ]);
    expect(recorded['X-Api-Key']).toBe(credentialId('x-api-key', 'key-123'));
    const text = JSON.stringify(recorded);
    for (const secret of ['dXNlcjpwYXNz', 'abc', 'HttpOnly', 'key-123']) expect(text).not.toContain(secret);
  });

  it('gives the same id for the same credential and different ids for different ones', () => {
    const first = redactHeaders({ authorization: `Bearer ${token}` }, { authorization: 'csp-token' });
    const again = redactHeaders({ authorization: `Bearer ${token}` }, { authorization: 'csp-token' });
    const other = redactHeaders({ authorization: `Bearer ${token}x` }, { authorization: 'csp-token' });
    expect(first.authorization).toBe(again.authorization);
    expect(first.authorization).not.toBe(other.authorization);
  });

  it("names an Authorization header's credentials after the scheme, as credentialId does where they were issued", () => {
    const recorded = redactHeaders({ authorization: `Bearer ${token}` }, { authorization: 'csp-token' });
    expect(recorded.authorization).toBe(credentialId('csp-token', token));
    // A value without a scheme is hashed whole; other credential headers are always hashed whole.
    expect(redactHeaders({ authorization: token }).authorization).toBe(credentialId('authorization', token));
    expect(redactHeaders({ cookie: 'a b' }).cookie).toBe(credentialId('cookie', 'a b'));
  });

  it('reads fetch Headers, set-cookie lines kept apart', () => {
    const headers = new Headers({ authorization: `Bearer ${token}`, accept: 'application/json' });
    headers.append('set-cookie', 'a=1');
    headers.append('set-cookie', 'b=2');
    const recorded = redactHeaders(headers, { authorization: 'csp-token' });
    expect(recorded.accept).toBe('application/json');
    expect(recorded.authorization).toBe(credentialId('csp-token', token));
    expect(recorded['set-cookie']).toEqual([
      credentialId('set-cookie', 'a=1'),
      credentialId('set-cookie', 'b=2'),
    ]);
  });
});

import { describe, expect, it } from 'vitest';
import { bearerTokenOf } from './bearer-token.ts';
import { rejectionReasonOf } from './verification-error.ts';

describe('bearerTokenOf', () => {
  it('returns the token of a Bearer header, whatever the scheme case', () => {
    expect(bearerTokenOf('Bearer aaa.bbb.ccc')).toBe('aaa.bbb.ccc');
    expect(bearerTokenOf('bearer aaa.bbb-_.ccc')).toBe('aaa.bbb-_.ccc');
  });

  it.each([
    [undefined, 'missing_token'],
    ['', 'missing_token'],
    ['Basic dXNlcjpwYXNz', 'malformed'],
    ['Bearer', 'malformed'],
    ['Bearer a b', 'malformed'],
  ])('refuses %j', (header, reason) => {
    let caught: unknown;
    try {
      bearerTokenOf(header);
    } catch (error) {
      caught = error;
    }
    expect(caught).toMatchObject({ code: 'unauthenticated' });
    expect(rejectionReasonOf(caught)).toBe(reason);
  });
});

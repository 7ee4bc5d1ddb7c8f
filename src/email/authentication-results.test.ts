import { describe, expect, it } from 'vitest';
import { parseAuthenticationResults } from './authentication-results.ts';

describe('parseAuthenticationResults', () => {
  it('reads methods, results, properties and comments', () => {
    const parsed = parseAuthenticationResults(
      'mx.example.net;\r\n dkim=pass (2048-bit key) header.d=example.com header.s=mail;\r\n spf=softfail smtp.mailfrom=a@example.com; dmarc=PASS (p=REJECT) header.from=example.com',
    );
    expect(parsed).toEqual({
      authservId: 'mx.example.net',
      results: [
        {
          method: 'dkim',
          result: 'pass',
          properties: { 'header.d': 'example.com', 'header.s': 'mail' },
          comment: '2048-bit key',
        },
        { method: 'spf', result: 'softfail', properties: { 'smtp.mailfrom': 'a@example.com' } },
        {
          method: 'dmarc',
          result: 'pass',
          properties: { 'header.from': 'example.com' },
          comment: 'p=REJECT',
        },
      ],
    });
  });

  it("attaches Amazon SES's separate property segments to the method before them", () => {
    const parsed = parseAuthenticationResults(
      'amazonses.com; spf=pass (spfCheck: domain of example.com designates 192.0.2.1 as permitted sender) client-ip=192.0.2.1; envelope-from=a@example.com; helo=mail.example.com; dkim=pass header.i=@example.com; dmarc=pass header.from=example.com;',
    );
    expect(parsed?.results.map((entry) => [entry.method, entry.result])).toEqual([
      ['spf', 'pass'],
      ['dkim', 'pass'],
      ['dmarc', 'pass'],
    ]);
    expect(parsed?.results[0]?.properties).toEqual({
      'client-ip': '192.0.2.1',
      'envelope-from': 'a@example.com',
      helo: 'mail.example.com',
    });
  });

  it('keeps an authserv-id with a version and rejects a header without one', () => {
    expect(parseAuthenticationResults('mx.example.net 1; none')?.authservId).toBe('mx.example.net');
    expect(parseAuthenticationResults('dkim=pass header.d=example.com')).toBeUndefined();
    expect(parseAuthenticationResults('')).toBeUndefined();
  });
});

import { describe, expect, it } from 'vitest';
import { summarizePayload } from './summarize-payload.ts';

describe('summarizePayload', () => {
  it('shows scalars as key=value first, then containers by size', () => {
    const line = summarizePayload({
      headers: { a: '1', b: '2' },
      method: 'GET',
      path: '/api/purchase_orders',
      status: 200,
      ok: true,
      reason: null,
      note: 'two words',
      argv: ['csp', 'orders', 'list'],
    });
    expect(line).toBe(
      'method=GET path=/api/purchase_orders status=200 ok=true reason=null note="two words" headers={2} argv=[3]',
    );
  });

  it('cuts long values and long lines', () => {
    const line = summarizePayload({ body: 'x'.repeat(500), more: 'y'.repeat(500), rest: 'z'.repeat(500) });
    expect(line.length).toBeLessThanOrEqual(120);
    expect(line).toContain('…');
    expect(line.startsWith('body=xxx')).toBe(true);
  });
});

import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { canonicalJson } from './canonical-json.ts';
import { genesisHash, hashEvent, hashEventWithPayloadJson, type UnhashedAuditEvent } from './hash-chain.ts';

const event: UnhashedAuditEvent = {
  sessionId: 'ses-1',
  seq: 1,
  ts: '2025-03-01T10:00:00.000Z',
  type: 'api-request',
  payload: { method: 'GET', path: '/api/purchase_orders', headers: { accept: 'application/json' } },
  prevHash: genesisHash,
};

describe('hash chain', () => {
  it('is sha256(prevHash + canonical JSON of the event without its hash), as the architecture says', () => {
    const text =
      '{"payload":{"headers":{"accept":"application/json"},"method":"GET","path":"/api/purchase_orders"},' +
      `"prevHash":"${genesisHash}","seq":1,"sessionId":"ses-1","ts":"2025-03-01T10:00:00.000Z","type":"api-request"}`;
    const expected = createHash('sha256')
      .update(genesisHash + text)
      .digest('hex');
    expect(hashEvent(event)).toBe(expected);
    expect(genesisHash).toMatch(/^0{64}$/);
  });

  it("the writer's fast path gives the same hash as the generic one", () => {
    const payloads: Record<string, unknown>[] = [
      {},
      { b: [1, 2, { z: 'ü', a: null }], a: -0.5 },
      { text: 'line\nbreak "quoted" 😀 \u2028', big: 1e21 },
    ];
    for (const [index, payload] of payloads.entries()) {
      const unhashed = { ...event, seq: index + 7, sessionId: 'sé"s', payload };
      const { payload: _payload, ...rest } = unhashed;
      expect(hashEventWithPayloadJson(rest, canonicalJson(payload))).toBe(hashEvent(unhashed));
    }
  });

  it('changes when any field changes', () => {
    const base = hashEvent(event);
    expect(hashEvent({ ...event, seq: 2 })).not.toBe(base);
    expect(hashEvent({ ...event, ts: '2025-03-01T10:00:00.001Z' })).not.toBe(base);
    expect(hashEvent({ ...event, type: 'api-response' })).not.toBe(base);
    expect(hashEvent({ ...event, sessionId: 'ses-2' })).not.toBe(base);
    expect(hashEvent({ ...event, payload: { ...event.payload, method: 'POST' } })).not.toBe(base);
    expect(hashEvent({ ...event, prevHash: 'f'.repeat(64) })).not.toBe(base);
  });
});

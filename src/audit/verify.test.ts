import { describe, expect, it } from 'vitest';
import type { AuditEvent, AuditSessionHead } from './event-types.ts';
import { genesisHash, hashEvent } from './hash-chain.ts';
import { verifySession } from './verify.ts';

/** A valid chain of `count` events, built the way the store builds it. */
function chain(sessionId: string, count: number, from: AuditEvent[] = []): AuditEvent[] {
  const events = [...from];
  for (let seq = events.length + 1; seq <= count; seq += 1)
    events.push(seal(sessionId, seq, events.at(-1)?.hash));
  return events;
}

function seal(
  sessionId: string,
  seq: number,
  prevHash = genesisHash,
  payload: Record<string, unknown> = { n: seq },
): AuditEvent {
  const unhashed = {
    sessionId,
    seq,
    ts: `2025-03-01T10:00:${String(seq % 60).padStart(2, '0')}.000Z`,
    type: 'tool-call' as const,
    payload,
    prevHash,
  };
  return { ...unhashed, hash: hashEvent(unhashed) };
}

function headOf(events: AuditEvent[]): AuditSessionHead {
  const last = events.at(-1)!;
  return {
    sessionId: last.sessionId,
    headSeq: last.seq,
    headHash: last.hash,
    firstTs: events[0]!.ts,
    lastTs: last.ts,
  };
}

function failure(result: ReturnType<typeof verifySession>) {
  return result.ok ? { ok: true } : { reason: result.reason, sessionId: result.sessionId, seq: result.seq };
}

describe('verifySession', () => {
  const events = chain('ses-a', 6);

  it('accepts an untouched chain with its head (positive control)', () => {
    expect(verifySession(events, { expectedHead: headOf(events) })).toEqual({
      ok: true,
      sessions: 1,
      events: 6,
    });
    expect(verifySession([], { sessionId: 'ses-empty', expectedHead: null }).ok).toBe(true);
  });

  it('names an edited payload, ts or type: hash-mismatch', () => {
    const edits: Partial<AuditEvent>[] = [
      { payload: { n: 99 } },
      { ts: '2030-01-01T00:00:00.000Z' },
      { type: 'tool-result' },
    ];
    for (const edit of edits) {
      const tampered = events.map((event) => (event.seq === 3 ? { ...event, ...edit } : event));
      expect(failure(verifySession(tampered))).toEqual({
        reason: 'hash-mismatch',
        sessionId: 'ses-a',
        seq: 3,
      });
    }
  });

  it('names an edited hash: hash-mismatch on that event', () => {
    const tampered = events.map((event) => (event.seq === 4 ? { ...event, hash: 'a'.repeat(64) } : event));
    expect(failure(verifySession(tampered))).toEqual({ reason: 'hash-mismatch', sessionId: 'ses-a', seq: 4 });
  });

  it('names a deleted event: broken-link at the event after it', () => {
    expect(failure(verifySession(events.filter((event) => event.seq !== 3)))).toEqual({
      reason: 'broken-link',
      sessionId: 'ses-a',
      seq: 4,
    });
    expect(failure(verifySession(events.slice(1)))).toEqual({
      reason: 'broken-link',
      sessionId: 'ses-a',
      seq: 2,
    });
  });

  it('names an inserted event: broken-link where the original chain resumes', () => {
    const forged = seal('ses-a', 3, events[1]!.hash, { forged: true });
    const shifted = events.slice(2).map((event) => ({ ...event, seq: event.seq + 1 }));
    const tampered = [...events.slice(0, 2), forged, ...shifted];
    expect(failure(verifySession(tampered))).toEqual({ reason: 'broken-link', sessionId: 'ses-a', seq: 4 });
  });

  it('names reordered events: seq-order', () => {
    const swapped = [events[0]!, events[1]!, events[3]!, events[2]!, events[4]!, events[5]!];
    expect(failure(verifySession(swapped))).toEqual({ reason: 'seq-order', sessionId: 'ses-a', seq: 4 });
    const renumbered = swapped.map((event, index) => ({ ...event, seq: index + 1 }));
    expect(failure(verifySession(renumbered))).toEqual({ reason: 'seq-order', sessionId: 'ses-a', seq: 3 });
  });

  it('names a seq that skips ahead: seq-gap', () => {
    const tampered = events.map((event) => (event.seq === 6 ? { ...event, seq: 9 } : event));
    expect(failure(verifySession(tampered))).toEqual({ reason: 'seq-gap', sessionId: 'ses-a', seq: 9 });
  });

  it('names an event of another session: session-mismatch', () => {
    const other = chain('ses-b', 3);
    const mixed = [...events.slice(0, 2), other[2]!];
    expect(failure(verifySession(mixed, { sessionId: 'ses-a' }))).toEqual({
      reason: 'session-mismatch',
      sessionId: 'ses-a',
      seq: 3,
    });
    // The row's session column rewritten: found through its hash, stored under session ses-b.
    const relabelled = [...events, { ...other[2]!, sessionId: 'ses-a', seq: 7 }];
    const result = verifySession(relabelled, {
      sessionId: 'ses-a',
      locateHash: (hash) =>
        hash === other[2]!.hash
          ? [
              { sessionId: 'ses-b', seq: 3 },
              { sessionId: 'ses-a', seq: 7 },
            ]
          : [],
    });
    expect(failure(result)).toEqual({ reason: 'session-mismatch', sessionId: 'ses-a', seq: 7 });
    expect(result.ok ? '' : result.message).toContain('copy of session ses-b seq 3');
  });

  it('names a truncated tail, or events behind the head: head-mismatch', () => {
    const head = headOf(events);
    expect(failure(verifySession(events.slice(0, 5), { expectedHead: head }))).toEqual({
      reason: 'head-mismatch',
      sessionId: 'ses-a',
      seq: 6,
    });
    expect(failure(verifySession(chain('ses-a', 7, events), { expectedHead: head }))).toEqual({
      reason: 'head-mismatch',
      sessionId: 'ses-a',
      seq: 7,
    });
    expect(failure(verifySession(events, { expectedHead: null }))).toEqual({
      reason: 'head-mismatch',
      sessionId: 'ses-a',
      seq: 6,
    });
    expect(failure(verifySession([], { sessionId: 'ses-a', expectedHead: head }))).toEqual({
      reason: 'head-mismatch',
      sessionId: 'ses-a',
      seq: 6,
    });
  });

  it('a chain rewritten from scratch only fails against the recorded head', () => {
    const rewritten: AuditEvent[] = [];
    for (const event of events)
      rewritten.push(seal('ses-a', event.seq, rewritten.at(-1)?.hash, { n: event.seq, rewritten: true }));
    expect(verifySession(rewritten).ok).toBe(true);
    expect(failure(verifySession(rewritten, { expectedHead: headOf(events) }))).toEqual({
      reason: 'head-mismatch',
      sessionId: 'ses-a',
      seq: 6,
    });
  });

  it('treats a payload that cannot be serialized as edited', () => {
    const tampered = events.map((event) =>
      event.seq === 2 ? { ...event, payload: { n: Number.NaN } } : event,
    );
    expect(failure(verifySession(tampered))).toEqual({ reason: 'hash-mismatch', sessionId: 'ses-a', seq: 2 });
  });
});

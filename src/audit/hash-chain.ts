import { createHash } from 'node:crypto';
import { canonicalJson } from './canonical-json.ts';
import type { AuditEvent } from './event-types.ts';

/** The `prevHash` of a session's first event. */
export const genesisHash = '0'.repeat(64);

/** An event as it is hashed: everything but its own hash. */
export type UnhashedAuditEvent = Omit<AuditEvent, 'hash'>;

/**
 * `sha256(prevHash + canonicalJson({sessionId, seq, ts, type, payload, prevHash}))`, lowercase hex.
 * The generic form, used by the verifier: it reads nothing but the event it is given.
 */
export function hashEvent(event: UnhashedAuditEvent): string {
  const { sessionId, seq, ts, type, payload, prevHash } = event;
  return sha256Hex(prevHash + canonicalJson({ sessionId, seq, ts, type, payload, prevHash }));
}

/**
 * The same hash for the writer, which already holds the payload's canonical JSON (it serialized it
 * once, when the event was handed over). Keys are written in sorted order by hand:
 * payload, prevHash, seq, sessionId, ts, type. A test pins it to `hashEvent`.
 */
export function hashEventWithPayloadJson(
  event: Omit<UnhashedAuditEvent, 'payload'>,
  payloadJson: string,
): string {
  const { sessionId, seq, ts, type, prevHash } = event;
  const text = `{"payload":${payloadJson},"prevHash":${JSON.stringify(prevHash)},"seq":${canonicalJson(seq)},"sessionId":${JSON.stringify(sessionId)},"ts":${JSON.stringify(ts)},"type":${JSON.stringify(type)}}`;
  return sha256Hex(prevHash + text);
}

function sha256Hex(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

import type { AuditEvent, AuditEventInput, AuditLog } from '../audit/event-types.ts';
import { genesisHash } from '../audit/hash-chain.ts';
import type { Clock } from '../clock/clock.ts';

/** The throw-away log a re-run records into: read synchronously, like the SQLite log. */
export interface RerunLog extends AuditLog {
  events(sessionId: string, range?: { beforeSeq?: number }): AuditEvent[];
}

/**
 * A re-run's own record, kept in memory only to be compared with the real one and dropped: events
 * in order per session, without durability or a hash chain (nothing reads it back as evidence), so
 * replaying costs what running costs, not what recording durably costs. Payloads are kept as handed
 * over; every writer builds a fresh object per event.
 */
export function createRerunLog(clock: Clock): RerunLog {
  const sessions = new Map<string, AuditEvent[]>();
  return {
    async append(sessionId: string, input: AuditEventInput) {
      const events = sessions.get(sessionId) ?? [];
      sessions.set(sessionId, events);
      const event: AuditEvent = {
        sessionId,
        seq: events.length + 1,
        ts: clock.now().toISOString(),
        type: input.type,
        payload: input.payload,
        prevHash: events.at(-1)?.hash ?? genesisHash,
        hash: '',
      };
      events.push(event);
      return event;
    },
    events(sessionId, range) {
      const events = sessions.get(sessionId) ?? [];
      const before = range?.beforeSeq;
      return before === undefined ? [...events] : events.filter((event) => event.seq < before);
    },
    async close() {
      sessions.clear();
    },
  };
}

import type { AuditEvent, AuditEventType, AuditLog } from '../audit/event-types.ts';
import { BrokerRefusal } from './broker-errors.ts';

/** Appends one session's events, durably, before the broker answers the cell. */
export interface AuditRecorder {
  record(type: AuditEventType, payload: Record<string, unknown>): Promise<AuditEvent>;
  /** Events appended so far by this broker. */
  readonly count: number;
}

export function createAuditRecorder(options: {
  sessionId: string;
  audit: AuditLog;
  onEvent?: ((event: AuditEvent) => void) | undefined;
}): AuditRecorder {
  let count = 0;
  return {
    async record(type, payload) {
      let event: AuditEvent;
      try {
        event = await options.audit.append(options.sessionId, { type, payload });
      } catch (error) {
        // Fail closed: what cannot be recorded does not happen.
        throw new BrokerRefusal('audit_unavailable', 'The audit log cannot record this request.', {
          cause: error,
        });
      }
      count += 1;
      try {
        options.onEvent?.(event);
      } catch {
        // A listener's failure (a client that went away) must not fail the session's request.
      }
      return event;
    },
    get count() {
      return count;
    },
  };
}

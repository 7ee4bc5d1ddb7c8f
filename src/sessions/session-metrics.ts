import type { AuditEvent } from '../audit/event-types.ts';
import type { SessionStats } from './session-manager-types.ts';
import type { TurnStatus } from './turn-types.ts';

/** Upper bounds (seconds) of the turn-duration histogram. */
const turnBuckets = [0.25, 0.5, 1, 2, 5, 10, 30, 60, 120, 300];

/** Counters behind `SessionManager.stats()`, fed by turn results and events. */
export function createSessionCounters() {
  const turns: Record<TurnStatus, number> = { completed: 0, interrupted: 0, failed: 0 };
  const refused = { busy: 0, suspended: 0, conflict: 0 };
  const histogram = turnBuckets.map((le) => ({ le, count: 0 }));
  let sum = 0;
  let count = 0;
  let toolCalls = 0;
  let egressDenied = 0;
  let interrupts = 0;
  return {
    refused,
    observeEvent(event: AuditEvent) {
      if (event.type === 'tool-call') toolCalls += 1;
      else if (event.type === 'policy-decision' && event.payload.effect === 'deny') egressDenied += 1;
      else if (event.type === 'session-interrupted') interrupts += 1;
    },
    observeTurn(status: TurnStatus, seconds: number) {
      turns[status] += 1;
      sum += seconds;
      count += 1;
      for (const bucket of histogram) if (seconds <= bucket.le) bucket.count += 1;
    },
    snapshot(): Pick<
      SessionStats,
      'turns' | 'refused' | 'toolCalls' | 'egressDenied' | 'interrupts' | 'turnSeconds'
    > {
      return {
        turns: { ...turns },
        refused: { ...refused },
        toolCalls,
        egressDenied,
        interrupts,
        turnSeconds: { buckets: histogram.map((bucket) => ({ ...bucket })), sum, count },
      };
    },
  };
}

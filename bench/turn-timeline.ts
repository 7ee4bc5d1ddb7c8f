import { performance } from 'node:perf_hooks';
import type { AuditEvent } from '../src/audit/event-types.ts';

/**
 * Host-side timestamps of a turn's events (taken as each becomes durable), and where the time went:
 * waiting for the model, waiting for the API, and everything else — the runtime's own overhead
 * (cell start-up, the loop, the broker, the audit log).
 */
export interface TurnTimeline {
  onEvent(event: AuditEvent): void;
  /** Call when the turn returns. */
  finish(): TurnBreakdown;
}

export interface TurnBreakdown {
  turnMs: number;
  modelMs: number;
  apiMs: number;
  overheadMs: number;
  toolCalls: number;
}

export function createTurnTimeline(): TurnTimeline {
  const started = performance.now();
  const modelIntervals: Array<[number, number]> = [];
  const apiIntervals: Array<[number, number]> = [];
  let modelOpen: number | undefined;
  const apiOpen: number[] = [];
  let toolCalls = 0;
  return {
    onEvent(event) {
      const now = performance.now();
      switch (event.type) {
        case 'model-request':
          modelOpen = now;
          break;
        case 'model-response':
          if (modelOpen !== undefined) modelIntervals.push([modelOpen, now]);
          modelOpen = undefined;
          break;
        case 'policy-decision':
          // The request is on its way upstream once the decision is recorded.
          apiOpen.push(now);
          break;
        case 'api-response': {
          const opened = apiOpen.shift();
          if (opened !== undefined) apiIntervals.push([opened, now]);
          break;
        }
        case 'tool-call':
          toolCalls += 1;
          break;
      }
    },
    finish() {
      const turnMs = performance.now() - started;
      const modelMs = unionLength(modelIntervals);
      const apiMs = unionLength(apiIntervals);
      return {
        turnMs,
        modelMs,
        apiMs,
        overheadMs: turnMs - unionLength([...modelIntervals, ...apiIntervals]),
        toolCalls,
      };
    },
  };
}

/** Total length covered by intervals that may overlap (parallel tool calls). */
function unionLength(intervals: Array<[number, number]>): number {
  const sorted = [...intervals].sort((left, right) => left[0] - right[0]);
  let total = 0;
  let end = Number.NEGATIVE_INFINITY;
  for (const [from, to] of sorted) {
    if (to <= end) continue;
    total += to - Math.max(from, end);
    end = to;
  }
  return total;
}

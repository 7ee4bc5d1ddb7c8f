import type { Clock } from '../clock/clock.ts';

/** What a request being handled was doing, as `session-interrupted` records it. */
export interface InFlightSummary {
  kind: 'api' | 'model';
  method: string;
  /** The request target as the cell sent it (model calls: `/v1/model`). */
  target: string;
  startedAt: string;
}

export interface InFlightEntry {
  readonly summary: InFlightSummary;
  readonly signal: AbortSignal;
  /** Why the request was aborted, once it was. */
  readonly abortReason: 'interrupted' | 'timeout' | undefined;
  /** Call when the request is answered. */
  finish(): void;
}

export interface InFlightRegistry {
  /** Registers a request; aborted after `timeoutMs` or on `abortAll`. */
  start(summary: Omit<InFlightSummary, 'startedAt'>, timeoutMs: number): InFlightEntry;
  /** Aborts every registered request and returns what they were; waits for none. */
  abortAll(): InFlightSummary[];
  /** Resolves once every request registered now has finished. */
  settled(): Promise<void>;
  readonly size: number;
}

/** Tracks the requests a broker is handling, each with its own AbortController. */
export function createInFlightRegistry(clock: Clock): InFlightRegistry {
  const entries = new Set<{
    entry: InFlightEntry;
    done: Promise<void>;
    abort(reason: 'interrupted'): void;
  }>();

  return {
    start(partial, timeoutMs) {
      const controller = new AbortController();
      let abortReason: InFlightEntry['abortReason'];
      let markDone: () => void = () => {};
      const done = new Promise<void>((resolve) => {
        markDone = resolve;
      });
      const abort = (reason: 'interrupted' | 'timeout') => {
        if (controller.signal.aborted) return;
        abortReason = reason;
        controller.abort(new Error(reason === 'interrupted' ? 'session interrupted' : 'request timed out'));
      };
      const timer = setTimeout(() => abort('timeout'), timeoutMs);
      timer.unref();
      const record = {
        entry: {
          summary: { ...partial, startedAt: clock.now().toISOString() },
          signal: controller.signal,
          get abortReason() {
            return abortReason;
          },
          finish() {
            clearTimeout(timer);
            entries.delete(record);
            markDone();
          },
        },
        done,
        abort,
      };
      entries.add(record);
      return record.entry;
    },
    abortAll() {
      const summaries: InFlightSummary[] = [];
      for (const record of entries) {
        summaries.push(record.entry.summary);
        record.abort('interrupted');
      }
      return summaries;
    },
    async settled() {
      await Promise.all([...entries].map((record) => record.done));
    },
    get size() {
      return entries.size;
    },
  };
}

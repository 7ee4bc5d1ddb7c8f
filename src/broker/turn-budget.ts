import type { Clock } from '../clock/clock.ts';

/** What one turn may spend. The broker enforces it: the cell cannot raise or skip it. */
export interface TurnBudget {
  maxToolCalls: number;
  /** Model tokens, input and output together, over every model call of the turn. */
  maxTokens: number;
  maxDurationMs: number;
}

/**
 * API requests a turn may send per tool call it may make: a tool runs one or two requests (a change
 * proposal reads the order first); a cell sending many more than its tool calls account for is
 * looping on the API without reporting tool calls.
 */
export const apiRequestsPerToolCall = 3;

export interface BudgetUse {
  toolCalls: number;
  tokens: number;
  apiRequests: number;
  elapsedMs: number;
}

/** Counts what a turn spends; `exceeded` names the first limit passed, once one is. */
export interface BudgetGuard {
  /** Counts one tool call; false when it is over the limit (then `exceeded` says so). */
  toolCall(): boolean;
  /** Adds a model call's tokens; false when the total is now over the limit. */
  tokens(used: number): boolean;
  /** Counts one egress request; false when it is over the limit. */
  apiRequest(): boolean;
  /** Starts the wall clock; `onTimeUp` runs once when it is spent. */
  start(onTimeUp: (reason: string) => void): void;
  stop(): void;
  readonly exceeded: string | undefined;
  use(): BudgetUse;
}

export function createBudgetGuard(budget: TurnBudget | undefined, clock: Clock): BudgetGuard {
  let toolCalls = 0;
  let tokens = 0;
  let apiRequests = 0;
  let exceeded: string | undefined;
  let startedAt: number | undefined;
  let timer: NodeJS.Timeout | undefined;
  const over = (reason: string) => {
    exceeded ??= reason;
    return false;
  };
  return {
    toolCall() {
      toolCalls += 1;
      if (budget && toolCalls > budget.maxToolCalls) {
        return over(`budget: more than ${budget.maxToolCalls} tool calls`);
      }
      return exceeded === undefined;
    },
    tokens(used) {
      tokens += used;
      if (budget && tokens > budget.maxTokens)
        return over(`budget: more than ${budget.maxTokens} model tokens`);
      return exceeded === undefined;
    },
    apiRequest() {
      apiRequests += 1;
      const limit = budget ? budget.maxToolCalls * apiRequestsPerToolCall : Number.POSITIVE_INFINITY;
      if (apiRequests > limit) return over(`budget: more than ${limit} API requests`);
      return exceeded === undefined;
    },
    start(onTimeUp) {
      startedAt = clock.now().getTime();
      if (!budget || timer) return;
      timer = setTimeout(() => {
        over(`budget: turn ran longer than ${budget.maxDurationMs} ms`);
        onTimeUp(exceeded ?? 'budget');
      }, budget.maxDurationMs);
      timer.unref();
    },
    stop() {
      if (timer) clearTimeout(timer);
      timer = undefined;
    },
    get exceeded() {
      return exceeded;
    },
    use() {
      return {
        toolCalls,
        tokens,
        apiRequests,
        elapsedMs: startedAt === undefined ? 0 : clock.now().getTime() - startedAt,
      };
    },
  };
}

import type { CedarAnswer } from './cedar-authorizer.ts';

/** Default number of answers one policy keeps. */
export const defaultAnswerCacheSize = 1024;

/**
 * Cedar answers already computed by one policy, least recently used first out. An answer is a pure
 * function of the policy set (fixed for the policy's life) and the request, and a request differs
 * from another only in its operation and concrete path: principal, entities and the rest are fixed
 * per operation. So `operation + path` is the whole key, and a hit is exactly what Cedar would say.
 * Answers with evaluation errors are never kept: they are evaluated (and fail closed) every time.
 */
export interface AnswerCache {
  get(operation: string, path: string): CedarAnswer | undefined;
  set(operation: string, path: string, answer: CedarAnswer): void;
  readonly size: number;
}

export function createAnswerCache(capacity: number = defaultAnswerCacheSize): AnswerCache {
  const entries = new Map<string, CedarAnswer>();
  const keyOf = (operation: string, path: string) => `${operation}\u0000${path}`;
  return {
    get(operation, path) {
      if (capacity <= 0) return undefined;
      const key = keyOf(operation, path);
      const answer = entries.get(key);
      if (answer !== undefined) {
        // Re-insert so Map order stays least-recently-used first.
        entries.delete(key);
        entries.set(key, answer);
      }
      return answer;
    },
    set(operation, path, answer) {
      if (capacity <= 0 || answer.errors.length > 0) return;
      const key = keyOf(operation, path);
      entries.delete(key);
      entries.set(key, { ...answer, determining: [...answer.determining] });
      if (entries.size > capacity) {
        const oldest = entries.keys().next().value;
        if (oldest !== undefined) entries.delete(oldest);
      }
    },
    get size() {
      return entries.size;
    },
  };
}

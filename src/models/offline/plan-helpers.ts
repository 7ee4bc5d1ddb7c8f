import type { ExecutedCall, PlannedCall, PlannerContext, PlanStep, ToolFailure } from './planner-types.ts';

/** Helpers the skill planners share: making steps and reading results. */

export const call = (name: string, input: Record<string, unknown>): PlannedCall => ({ name, input });

export const calls = (note: string, planned: PlannedCall[]): PlanStep => ({
  kind: 'calls',
  note,
  calls: planned,
});

export const answer = (text: string): PlanStep => ({ kind: 'answer', text });

export type JsonRecord = Record<string, unknown>;

export function isRecord(value: unknown): value is JsonRecord {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A tool's JSON result as a list of records (anything else reads as empty). */
export function recordsOf(value: unknown): JsonRecord[] {
  return Array.isArray(value) ? value.filter(isRecord) : [];
}

export function recordOf(value: unknown): JsonRecord {
  return isRecord(value) ? value : {};
}

export function callsNamed(context: PlannerContext, name: string): ExecutedCall[] {
  return context.calls.filter((executed) => executed.name === name);
}

export function lastCall(context: PlannerContext, name: string): ExecutedCall | undefined {
  return callsNamed(context, name).at(-1);
}

export function hasCalled(context: PlannerContext, name: string): boolean {
  return context.calls.some((executed) => executed.name === name);
}

/** The failure of a call, or undefined when it succeeded. */
export function failureOf(executed: ExecutedCall | undefined): ToolFailure | undefined {
  return executed && !executed.outcome.ok ? executed.outcome.error : undefined;
}

export function resultOf(executed: ExecutedCall | undefined): unknown {
  return executed?.outcome.ok ? executed.outcome.value : undefined;
}

export const pageSize = 50;

/**
 * Paging of one list query: the next call to make, or `undefined` once a page came back short (or
 * failed, or `maxPages` were read). Pages are recognised by the query's own input fields.
 */
export function nextPage(
  context: PlannerContext,
  name: string,
  query: JsonRecord,
  maxPages = 4,
): PlannedCall | undefined {
  const pages = pagesOf(context, name, query);
  const last = pages.at(-1);
  if (!last) return call(name, { ...query, limit: pageSize, offset: 0 });
  if (!last.outcome.ok || recordsOf(last.outcome.value).length < pageSize || pages.length >= maxPages) {
    return undefined;
  }
  return call(name, { ...query, limit: pageSize, offset: pages.length * pageSize });
}

/** The calls made for one list query, in page order. */
export function pagesOf(context: PlannerContext, name: string, query: JsonRecord): ExecutedCall[] {
  return callsNamed(context, name).filter((executed) => sameQuery(executed.input, query));
}

/** Every record the pages of a query returned. */
export function collected(context: PlannerContext, name: string, query: JsonRecord): JsonRecord[] {
  return pagesOf(context, name, query).flatMap((executed) => recordsOf(resultOf(executed)));
}

function sameQuery(input: JsonRecord, query: JsonRecord): boolean {
  const { limit: _limit, offset: _offset, ...rest } = input;
  return stableJson(rest) === stableJson(query);
}

/** JSON with sorted keys: the same object always gives the same text. */
export function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
  if (isRecord(value)) {
    const keys = Object.keys(value)
      .filter((key) => value[key] !== undefined)
      .sort();
    return `{${keys.map((key) => `${JSON.stringify(key)}:${stableJson(value[key])}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/** Drops undefined fields, so inputs carry only what the request named. */
export function defined(input: JsonRecord): JsonRecord {
  return Object.fromEntries(Object.entries(input).filter(([, value]) => value !== undefined));
}

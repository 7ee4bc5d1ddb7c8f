import type { AuditEvent, AuditEventType } from '../audit/event-types.ts';
import { sameJson } from './same-json.ts';

/** What a re-run compares of an event: its type and the part of its payload the agent decides. */
export interface ComparedEvent {
  type: AuditEventType;
  payload: Record<string, unknown>;
  /** The event's seq in its own log. */
  seq: number;
}

/** The first place a re-run differs from the record. */
export interface Divergence {
  /** Index (0-based) in the compared sequence. */
  index: number;
  recorded?: ComparedEvent;
  rerun?: ComparedEvent;
  /** The first differing payload field, as a path (`request.messages[2]`). */
  field?: string;
  message: string;
}

/**
 * Events of the cell and the host that depend on where and when they ran, not on what the agent
 * did: left out of the comparison.
 */
const ignoredTypes: ReadonlySet<AuditEventType> = new Set([
  'session-start',
  'session-end',
  'cell-start',
  'cell-exit',
  'email-received',
  'email-sent',
]);

/** Payload fields (paths) that measure time or name fresh resources (credentials, provider attempts). */
const volatileFields: Partial<Record<AuditEventType, readonly string[]>> = {
  'tool-result': ['durationMs'],
  'model-response': ['exchanges'],
  // A JSON body is compared parsed (`body`); its exact text is what a re-run serves, and whether a
  // log kept it beside a canonical body is the recorder's choice.
  'api-request': ['bodyText'],
  'api-response': ['request', 'headers', 'credentialRefreshed', 'bodyText'],
  'session-interrupted': ['inFlight', 'budget.elapsedMs'],
};

export function comparable(events: readonly AuditEvent[]): ComparedEvent[] {
  const kept = events
    .filter((event) => !ignoredTypes.has(event.type))
    .map((event) => {
      const payload = { ...event.payload };
      for (const field of volatileFields[event.type] ?? []) dropField(payload, field);
      return { type: event.type, payload, seq: event.seq };
    });
  return orderParallelCalls(kept);
}

/** Removes `a` or `a.b` from a payload, copying what it changes (the event stays as it was). */
function dropField(payload: Record<string, unknown>, field: string): void {
  const [head, ...rest] = field.split('.');
  if (head === undefined || !(head in payload)) return;
  if (rest.length === 0) {
    delete payload[head];
    return;
  }
  const inner = payload[head];
  if (typeof inner !== 'object' || inner === null || Array.isArray(inner)) return;
  const copy = { ...(inner as Record<string, unknown>) };
  dropField(copy, rest.join('.'));
  payload[head] = copy;
}

/** The tool call an event belongs to, when it says. */
function toolUseOf(event: ComparedEvent): string | undefined {
  const direct = event.payload.toolUseId;
  if (typeof direct === 'string') return direct;
  const headers = event.payload.headers as Record<string, unknown> | undefined;
  const claimed = headers?.['x-agent-tool-use'];
  return typeof claimed === 'string' ? claimed : undefined;
}

/**
 * Tool calls the model asked for together run in parallel, so their events interleave in whatever
 * order the processes ran. Each call's own events are in order; a run of consecutive events that all
 * name their tool call is put in one canonical order: grouped by tool call, calls in id order.
 */
function orderParallelCalls(events: ComparedEvent[]): ComparedEvent[] {
  const ordered: ComparedEvent[] = [];
  let block: ComparedEvent[] = [];
  const flush = () => {
    const ids = [...new Set(block.map((event) => toolUseOf(event) as string))].sort();
    for (const id of ids) ordered.push(...block.filter((event) => toolUseOf(event) === id));
    block = [];
  };
  for (const event of events) {
    if (toolUseOf(event) !== undefined) block.push(event);
    else {
      flush();
      ordered.push(event);
    }
  }
  flush();
  return ordered;
}

/** Compares the recorded events of a turn with the re-run's; undefined when they agree. */
export function firstDivergence(
  recordedEvents: readonly AuditEvent[],
  rerunEvents: readonly AuditEvent[],
): Divergence | undefined {
  const recorded = comparable(recordedEvents);
  const rerun = comparable(rerunEvents);
  const length = Math.max(recorded.length, rerun.length);
  for (let index = 0; index < length; index += 1) {
    const want = recorded[index];
    const got = rerun[index];
    if (!want || !got) {
      return {
        index,
        ...(want ? { recorded: want } : {}),
        ...(got ? { rerun: got } : {}),
        message: want
          ? `the re-run ended before recorded ${want.type} (seq ${want.seq})`
          : `the re-run went on with ${got?.type} after the record ended`,
      };
    }
    if (want.type !== got.type) {
      return {
        index,
        recorded: want,
        rerun: got,
        message: `recorded ${want.type} (seq ${want.seq}), the re-run produced ${got.type}`,
      };
    }
    const field = firstDifferentField(want.payload, got.payload, '');
    if (field !== undefined) {
      return {
        index,
        recorded: want,
        rerun: got,
        field,
        message: `${want.type} (seq ${want.seq}) differs at ${field || 'payload'}`,
      };
    }
  }
  return undefined;
}

/** The path of the first field that differs, '' for the value itself; undefined when equal. */
function firstDifferentField(a: unknown, b: unknown, path: string): string | undefined {
  if (sameJson(a, b)) return undefined;
  if (Array.isArray(a) && Array.isArray(b)) {
    for (let index = 0; index < Math.max(a.length, b.length); index += 1) {
      const inner = firstDifferentField(a[index], b[index], `${path}[${index}]`);
      if (inner !== undefined) return inner;
    }
    return path;
  }
  if (isObject(a) && isObject(b)) {
    for (const key of [...new Set([...Object.keys(a), ...Object.keys(b)])].sort()) {
      const inner = firstDifferentField(a[key], b[key], path ? `${path}.${key}` : key);
      if (inner !== undefined) return inner;
    }
  }
  return path;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

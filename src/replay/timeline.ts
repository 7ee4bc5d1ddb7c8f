import type { AuditEvent } from '../audit/event-types.ts';

/** What kind of step an entry is, for people scanning a timeline. */
export type TimelineKind =
  | 'session'
  | 'channel'
  | 'ask'
  | 'routing'
  | 'cell'
  | 'model-call'
  | 'model-answer'
  | 'tool'
  | 'tool-result'
  | 'api-request'
  | 'policy'
  | 'api-response'
  | 'progress'
  | 'interrupt'
  | 'answer'
  | 'turn-end';

/** One step of the timeline: a readable line, and the event's whole payload. */
export interface TimelineEntry {
  seq: number;
  ts: string;
  type: AuditEvent['type'];
  kind: TimelineKind;
  /** Who acted: the supplier, the router, the model, the cell, the broker, the platform. */
  actor: 'supplier' | 'router' | 'model' | 'cell' | 'broker' | 'platform' | 'channel';
  /** One line, long values cut (see `full`). */
  summary: string;
  /** The event's payload, whole. */
  payload: Record<string, unknown>;
}

export interface TimelineTurn {
  index: number;
  userId: string;
  message: string;
  skill?: string;
  status?: string;
  reason?: string;
  startedAt: string;
  endedAt?: string;
  entries: TimelineEntry[];
}

export interface Timeline {
  sessionId: string;
  tenantId: string;
  userId: string;
  events: number;
  /** Entries before the first turn (session start). */
  opening: TimelineEntry[];
  turns: TimelineTurn[];
}

const maxText = 160;

/** The session's timeline: who asked what, which skill and why, each model call, tool run, API call and decision. */
export function buildTimeline(events: readonly AuditEvent[]): Timeline {
  const first = events[0];
  const timeline: Timeline = {
    sessionId: first?.sessionId ?? '',
    tenantId: text(first?.payload.tenantId),
    userId: text(first?.payload.userId),
    events: events.length,
    opening: [],
    turns: [],
  };
  let turn: TimelineTurn | undefined;
  let pendingChannel: TimelineEntry[] = [];
  for (const event of events) {
    const entry = entryOf(event);
    if (event.type === 'user-message') {
      turn = {
        index: timeline.turns.length + 1,
        userId: text(event.payload.userId),
        message: text(event.payload.text),
        startedAt: event.ts,
        entries: [...pendingChannel, entry],
      };
      pendingChannel = [];
      timeline.turns.push(turn);
      continue;
    }
    if (!turn) {
      if (event.type === 'email-received') pendingChannel.push(entry);
      else timeline.opening.push(entry);
      continue;
    }
    if (event.type === 'email-received') {
      pendingChannel.push(entry);
      continue;
    }
    turn.entries.push(entry);
    if (event.type === 'skill-selected' && typeof event.payload.skill === 'string')
      turn.skill = event.payload.skill;
    if (event.type === 'turn-end') {
      turn.status = text(event.payload.status);
      if (typeof event.payload.reason === 'string') turn.reason = event.payload.reason;
      turn.endedAt = event.ts;
    }
  }
  timeline.opening.push(...pendingChannel);
  return timeline;
}

function entryOf(event: AuditEvent): TimelineEntry {
  const [kind, actor, summary] = describe(event);
  return { seq: event.seq, ts: event.ts, type: event.type, kind, actor, summary, payload: event.payload };
}

type Described = [TimelineKind, TimelineEntry['actor'], string];

function describe(event: AuditEvent): Described {
  const p = event.payload;
  switch (event.type) {
    case 'session-start':
      return ['session', 'platform', `session started for ${text(p.userId)} of tenant ${text(p.tenantId)}`];
    case 'session-end':
      return ['session', 'platform', `session ended${p.reason ? `: ${text(p.reason)}` : ''}`];
    case 'user-message':
      return ['ask', 'supplier', `${text(p.userId)} asked: ${quote(p.text)}`];
    case 'email-received':
      return ['channel', 'channel', `e-mail from ${text(p.from)}: ${quote(p.subject)}${verdict(p)}`];
    case 'email-sent':
      return ['channel', 'channel', `e-mail sent to ${text(p.to)}: ${quote(p.subject)}`];
    case 'skill-selected':
      return p.skill === null
        ? ['routing', 'router', `no skill fits: ${quote(p.reason)}`]
        : [
            'routing',
            p.by === 'caller' ? 'supplier' : 'router',
            `skill ${text(p.skill)} (${text(p.by)}): ${quote(p.reason)}`,
          ];
    case 'model-request':
      return ['model-call', 'model', modelCall(p)];
    case 'model-response':
      return ['model-answer', 'model', modelAnswer(p)];
    case 'cell-start':
      return [
        'cell',
        'platform',
        `cell ${text(p.cellId)} started (${text(p.driver)}, ${round(p.startMs)} ms)`,
      ];
    case 'cell-exit':
      return [
        'cell',
        'platform',
        `cell ${text(p.cellId)} ended: ${text(p.reason)}${p.exitCode === null || p.exitCode === undefined ? '' : ` (exit ${String(p.exitCode)})`}`,
      ];
    case 'tool-call':
      return [
        'tool',
        'cell',
        `${text(p.tool)} ${clip(JSON.stringify(p.input ?? {}))}${p.refused ? ` REFUSED: ${text(p.refused)}` : ''}`,
      ];
    case 'tool-result':
      return [
        'tool-result',
        'cell',
        `${text(p.tool)} exit ${String(p.exitCode)}, ${size(p.stdout)} out, ${round(p.durationMs)} ms${p.exitCode === 0 ? '' : `: ${quote(p.stderr || p.stdout)}`}`,
      ];
    case 'api-request':
      return [
        'api-request',
        'cell',
        `${text(p.method)} ${text(p.path)}${p.query ? `?${text(p.query)}` : ''}${p.refused ? ` REFUSED: ${text(p.refused)}` : ''}`,
      ];
    case 'policy-decision':
      return [
        'policy',
        'broker',
        p.effect === 'allow'
          ? `allowed by ${list(p.policies)}`
          : `DENIED (${text(p.reason)}): ${quote(p.message)}`,
      ];
    case 'api-response':
      return [
        'api-response',
        'broker',
        p.status === null
          ? `no answer: ${quote((p.error as { message?: unknown } | undefined)?.message)}`
          : `${String(p.status)}, ${size(p.bodyText ?? p.body)}`,
      ];
    case 'progress':
      return [
        'progress',
        'cell',
        `step ${String(p.step)}: ${String(p.toolCalls)} tool calls${p.failed ? `, ${String(p.failed)} failed` : ''}`,
      ];
    case 'session-interrupted':
      return ['interrupt', 'broker', `INTERRUPTED: ${text(p.reason)}${inFlight(p.inFlight)}`];
    case 'assistant-message':
      return ['answer', p.source === 'host' ? 'platform' : 'model', `answered: ${quote(p.text)}`];
    case 'turn-end':
      return [
        'turn-end',
        'platform',
        `turn ${text(p.status)}${p.skill ? ` (${text(p.skill)})` : ''}${p.reason ? `: ${text(p.reason)}` : ''}`,
      ];
  }
}

function modelCall(p: Record<string, unknown>): string {
  const request = (p.request ?? {}) as { purpose?: unknown; messages?: unknown[]; tools?: unknown[] };
  const purpose = request.purpose === 'route' ? 'routing call' : 'call';
  return `${text(p.model)} ${purpose}: ${request.messages?.length ?? 0} messages, ${request.tools?.length ?? 0} tools offered`;
}

function modelAnswer(p: Record<string, unknown>): string {
  if (p.error) {
    const error = p.error as { code?: unknown; message?: unknown };
    return `${p.interrupted ? 'cut off by the interrupt' : 'failed'}: ${text(error.code)} ${quote(p.detail ?? error.message)}`;
  }
  const response = (p.response ?? {}) as {
    content?: Array<Record<string, unknown>>;
    usage?: { inputTokens?: number; outputTokens?: number };
  };
  const content = response.content ?? [];
  const said = content
    .filter((block) => block.type === 'text')
    .map((block) => text(block.text))
    .join('');
  const asked = content
    .filter((block) => block.type === 'tool_use')
    .map((block) => `${text(block.name)}(${clip(JSON.stringify(block.input ?? {}), 60)})`);
  const usage = response.usage
    ? ` [${response.usage.inputTokens ?? 0}+${response.usage.outputTokens ?? 0} tokens]`
    : '';
  const parts = [
    said ? `said ${quote(said)}` : '',
    asked.length > 0 ? `asked for ${asked.join(', ')}` : '',
  ].filter(Boolean);
  return `${parts.join('; ') || 'no content'}${usage}`;
}

function verdict(p: Record<string, unknown>): string {
  const auth = p.authentication as Record<string, unknown> | undefined;
  return auth && typeof auth.verdict === 'string' ? ` (${auth.verdict})` : '';
}

function inFlight(value: unknown): string {
  if (!Array.isArray(value) || value.length === 0) return '';
  return `; in flight: ${value.map((entry: { kind?: unknown; target?: unknown }) => `${text(entry.kind)} ${text(entry.target)}`).join(', ')}`;
}

function text(value: unknown): string {
  return typeof value === 'string' ? value : value === undefined || value === null ? '' : String(value);
}

function quote(value: unknown): string {
  return JSON.stringify(clip(text(value).replace(/\s+/g, ' ').trim()));
}

function clip(value: string, max = maxText): string {
  return value.length > max ? `${value.slice(0, max - 1)}…` : value;
}

function list(value: unknown): string {
  return Array.isArray(value) ? value.map(text).join(', ') : text(value);
}

function round(value: unknown): string {
  return typeof value === 'number' ? String(Math.round(value)) : '?';
}

function size(value: unknown): string {
  if (value === null || value === undefined) return 'no body';
  const bytes = Buffer.byteLength(typeof value === 'string' ? value : JSON.stringify(value));
  return bytes < 1024 ? `${bytes} B` : `${(bytes / 1024).toFixed(1)} KB`;
}

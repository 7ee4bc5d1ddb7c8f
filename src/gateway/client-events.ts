import type { AuditEvent } from '../audit/event-types.ts';
import type { TurnResult } from '../sessions/turn-types.ts';

/**
 * What a streaming client sees of a turn: a summary of the audit events it needs to follow the
 * turn (which skill, which tools, how far, the answer), never provider exchanges, API bodies, tool
 * output or anything else only the audit log should hold.
 */
export type ClientEventName =
  | 'session'
  | 'skill-selected'
  | 'tool-call'
  | 'tool-result'
  | 'api-call'
  | 'egress-denied'
  | 'progress'
  | 'text'
  | 'assistant-message'
  | 'session-interrupted'
  | 'turn-end';

export interface ClientEvent {
  event: ClientEventName;
  data: Record<string, unknown>;
}

/** The client's view of an audit event, or undefined for one a client does not see. */
export function clientEventOf(audit: AuditEvent): ClientEvent | undefined {
  const payload = audit.payload;
  const at = { seq: audit.seq, ts: audit.ts };
  switch (audit.type) {
    case 'skill-selected':
      return {
        event: 'skill-selected',
        data: { ...at, skill: payload.skill ?? null, by: payload.by, reason: text(payload.reason) },
      };
    case 'tool-call':
      return {
        event: 'tool-call',
        data: {
          ...at,
          toolUseId: payload.toolUseId,
          tool: payload.tool ?? firstArgument(payload.argv),
          ...(isObject(payload.input) ? { input: payload.input } : {}),
          ...(payload.refused === undefined ? {} : { refused: payload.refused }),
        },
      };
    case 'tool-result':
      return {
        event: 'tool-result',
        data: {
          ...at,
          toolUseId: payload.toolUseId,
          tool: payload.tool ?? firstArgument(payload.argv),
          exitCode: payload.exitCode,
          ok: payload.exitCode === 0,
          durationMs: payload.durationMs,
        },
      };
    case 'api-request':
      return {
        event: 'api-call',
        data: {
          ...at,
          method: payload.method,
          path: payload.path,
          ...(payload.refused === undefined ? {} : { refused: payload.refused }),
        },
      };
    case 'policy-decision':
      if (payload.effect !== 'deny') return undefined;
      return {
        event: 'egress-denied',
        data: {
          ...at,
          reason: payload.reason,
          message: text(payload.message),
          ...(payload.operation === undefined ? {} : { operation: payload.operation }),
        },
      };
    case 'progress':
      return {
        event: 'progress',
        data: {
          ...at,
          step: payload.step,
          toolCalls: payload.toolCalls,
          tools: payload.tools,
          failed: payload.failed,
        },
      };
    case 'assistant-message':
      return { event: 'assistant-message', data: { ...at, text: text(payload.text) } };
    case 'session-interrupted':
      return { event: 'session-interrupted', data: { ...at, reason: text(payload.reason) } };
    default:
      // session-start, user-message, model-request/response, api-response, cell-start/exit,
      // session-end: the audit log's business. `turn-end` is sent from the turn's result instead.
      return undefined;
  }
}

/** The last event of every stream, from the turn's result (it carries the reply). */
export function turnEndEvent(result: TurnResult): ClientEvent {
  return {
    event: 'turn-end',
    data: {
      sessionId: result.sessionId,
      status: result.status,
      skill: result.skill ?? null,
      reply: result.reply,
      ...(result.reason === undefined ? {} : { reason: result.reason }),
    },
  };
}

function text(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

function firstArgument(argv: unknown): unknown {
  return Array.isArray(argv) ? argv[0] : undefined;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

import type { AuditEvent, AuditEventType } from '../../src/audit/event-types.ts';
import type { ModelMessage, ToolResultBlock, ToolUseBlock } from '../../src/models/model-types.ts';

/** Payloads of one event type, in order. */
export function payloadsOf(events: AuditEvent[], type: AuditEventType): Record<string, unknown>[] {
  return events.filter((event) => event.type === type).map((event) => event.payload);
}

/** The tool names offered to the model on each of its calls, sorted. */
export function offeredTools(events: AuditEvent[]): string[][] {
  return payloadsOf(events, 'model-request').map((payload) =>
    (payload.request as { tools: Array<{ name: string }> }).tools.map((tool) => tool.name).sort(),
  );
}

/** One tool call of the model, as the log tells it: what it asked, what the loop did, what it was told. */
export interface ToolExchange {
  use: ToolUseBlock;
  /** The `tool-call` event of this use (absent when the loop never reported it). */
  call?: Record<string, unknown>;
  /** The `tool-result` event (only for tools that ran). */
  outcome?: Record<string, unknown>;
  /** The tool_result the model saw on its next call (absent when there was no next call). */
  result?: ToolResultBlock;
}

/** Every tool the model asked for in a turn, in order, joined with its events and its answer. */
export function toolExchanges(events: AuditEvent[]): ToolExchange[] {
  const uses = payloadsOf(events, 'model-response').flatMap((payload) => {
    const response = payload.response as { content?: Array<{ type: string }> } | undefined;
    return (response?.content ?? []).filter((block): block is ToolUseBlock => block.type === 'tool_use');
  });
  const byUse = (type: AuditEventType) =>
    new Map(payloadsOf(events, type).map((payload) => [payload.toolUseId as string, payload]));
  const calls = byUse('tool-call');
  const outcomes = byUse('tool-result');
  const results = new Map<string, ToolResultBlock>();
  for (const payload of payloadsOf(events, 'model-request')) {
    const request = payload.request as { messages: ModelMessage[] };
    for (const message of request.messages) {
      for (const block of message.content) {
        if (block.type === 'tool_result') results.set(block.toolUseId, block);
      }
    }
  }
  return uses.map((use) => {
    const call = calls.get(use.id);
    const outcome = outcomes.get(use.id);
    const result = results.get(use.id);
    return {
      use,
      ...(call ? { call } : {}),
      ...(outcome ? { outcome } : {}),
      ...(result ? { result } : {}),
    };
  });
}

/** The error the model was told, parsed from a failed tool_result's JSON content. */
export interface ToolError {
  code: string;
  message: string;
  status?: number;
  fields?: Record<string, string[]>;
  errors?: Record<string, unknown>;
}

export function toolError(result: ToolResultBlock | undefined): ToolError | undefined {
  if (!result?.isError) return undefined;
  return (JSON.parse(result.content) as { error: ToolError }).error;
}

/** The egress records of a turn: what the cell asked of the API, what the policy said, what came back. */
export function egressOf(events: AuditEvent[]) {
  return {
    requests: payloadsOf(events, 'api-request'),
    decisions: payloadsOf(events, 'policy-decision'),
    responses: payloadsOf(events, 'api-response'),
  };
}

import { type Clock, systemClock } from '../../clock/clock.ts';
import {
  type ConverseOptions,
  chooseSkillToolName,
  type ModelAdapter,
  type ModelRequest,
  type ModelResponse,
  type TextBlock,
  type ToolUseBlock,
} from '../model-types.ts';
import { estimateTokens } from '../token-estimate.ts';
import { demoLabel, labelled } from './answer-writing.ts';
import { readTurn } from './conversation.ts';
import { availableSkills, routeIntent } from './intent-router.ts';
import { planTurnStep } from './turn-step.ts';

export interface OfflineModelOptions {
  /** Today's date for "overdue" questions. Default: the system clock. */
  clock?: Clock;
}

/** The name the demo model answers under (`ModelResponse.model`). */
export const offlineModelName = 'offline-demo';

/**
 * The deterministic demo model (`offline`): no network, no randomness. It routes requests by
 * keyword rules, plans each shipped skill's tool calls from the request and the results so far,
 * and writes answers from the tool results, labelled `[demo model]`. The same request always gets
 * the same response.
 */
/** The id the offline model records its calls under. */
export const offlineModelId = 'offline';

export function createOfflineModel(options: OfflineModelOptions = {}): ModelAdapter {
  const clock = options.clock ?? systemClock;
  return {
    id: offlineModelId,
    demo: true,
    async converse(request: ModelRequest, call: ConverseOptions): Promise<ModelResponse> {
      call.signal.throwIfAborted();
      const content =
        request.purpose === 'route' ? route(request) : turn(request, clock.now().toISOString().slice(0, 10));
      return finish(request, content, call);
    },
  };
}

function route(request: ModelRequest): Array<TextBlock | ToolUseBlock> {
  const turn = readTurn(request.messages);
  const tool = request.tools.find((candidate) => candidate.name === chooseSkillToolName);
  const decision = routeIntent(turn.text, availableSkills(request.system, tool?.inputSchema));
  return [
    {
      type: 'tool_use',
      id: `toolu_offline_${turn.toolUseCount + 1}`,
      name: chooseSkillToolName,
      input: { skill: decision.skill, reason: `${demoLabel}${decision.reason}` },
    },
  ];
}

function turn(request: ModelRequest, today: string): Array<TextBlock | ToolUseBlock> {
  const { step, toolUseCount } = planTurnStep(request, today);
  if (step.kind === 'answer') return [{ type: 'text', text: labelled(step.text) }];
  return [
    { type: 'text', text: labelled(step.note) },
    ...step.calls.map(
      (planned, index): ToolUseBlock => ({
        type: 'tool_use',
        id: `toolu_offline_${toolUseCount + index + 1}`,
        name: planned.name,
        input: planned.input,
      }),
    ),
  ];
}

/** Usage from character counts (about four a token); a final answer over `maxTokens` is cut. */
function finish(
  request: ModelRequest,
  produced: Array<TextBlock | ToolUseBlock>,
  call: ConverseOptions,
): ModelResponse {
  const usesTools = produced.some((block) => block.type === 'tool_use');
  let content = produced;
  let stopReason: ModelResponse['stopReason'] = usesTools ? 'tool_use' : 'end_turn';
  if (!usesTools && estimateTokens(JSON.stringify(content)) > request.maxTokens) {
    const text = produced.map((block) => (block.type === 'text' ? block.text : '')).join('');
    content = [{ type: 'text', text: text.slice(0, Math.max(0, request.maxTokens * 4 - 16)) }];
    stopReason = 'max_tokens';
  }
  for (const block of content) if (block.type === 'text') call.onTextDelta?.(block.text);
  return {
    content,
    stopReason,
    usage: {
      inputTokens: estimateTokens(
        JSON.stringify({ system: request.system, messages: request.messages, tools: request.tools }),
      ),
      outputTokens: estimateTokens(JSON.stringify(content)),
    },
    model: offlineModelName,
  };
}

import type { ModelRequest } from '../model-types.ts';
import { count } from './answer-writing.ts';
import { readTurn } from './conversation.ts';
import { stableJson } from './plan-helpers.ts';
import type { PlannerContext, PlanStep } from './planner-types.ts';
import { skillPlanners } from './planners.ts';

/**
 * One step of a skill's tool-use loop: reads the turn, asks the skill's planner, and keeps the plan
 * inside the rules: only offered tools, never the very same call twice in a turn.
 */
export function planTurnStep(request: ModelRequest, today: string): { step: PlanStep; toolUseCount: number } {
  const turn = readTurn(request.messages);
  const skill = request.skill ?? '';
  const planner = skillPlanners[skill];
  if (turn.text === '')
    return {
      step: { kind: 'answer', text: 'There is no request to answer.' },
      toolUseCount: turn.toolUseCount,
    };
  if (!planner) {
    return {
      step: { kind: 'answer', text: `The demo model has no plan for the skill "${skill || 'none'}".` },
      toolUseCount: turn.toolUseCount,
    };
  }
  const context: PlannerContext = {
    text: turn.text,
    earlierTexts: turn.earlierTexts,
    calls: turn.calls,
    offered: new Set(request.tools.map((tool) => tool.name)),
    today,
  };
  return { step: guardStep(planner(context), context), toolUseCount: turn.toolUseCount };
}

/** Keeps a plan inside the rules: only offered tools, never the very same call twice in a turn. */
export function guardStep(step: PlanStep, context: PlannerContext): PlanStep {
  if (step.kind === 'answer') return step;
  const missing = [...new Set(step.calls.map((planned) => planned.name))].filter(
    (name) => !context.offered.has(name),
  );
  if (missing.length > 0) {
    return {
      kind: 'answer',
      text: `I would need the tool${missing.length > 1 ? 's' : ''} ${missing.join(', ')} for this, but this skill does not offer ${missing.length > 1 ? 'them' : 'it'}, so I stopped${progress(context)}.`,
    };
  }
  const made = new Set(context.calls.map((executed) => `${executed.name}${stableJson(executed.input)}`));
  const fresh = step.calls.filter((planned) => !made.has(`${planned.name}${stableJson(planned.input)}`));
  if (fresh.length === 0) {
    return {
      kind: 'answer',
      text: `I stopped: my next step would repeat a call already made${progress(context)}.`,
    };
  }
  return { ...step, calls: fresh };
}

function progress(context: PlannerContext): string {
  return context.calls.length > 0 ? ` after ${count(context.calls.length, 'tool call')}` : '';
}

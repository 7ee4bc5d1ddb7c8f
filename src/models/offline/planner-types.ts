/**
 * What a skill planner of the demo model sees and decides. The demo model keeps no state between
 * calls: every step is worked out again from the supplier's request and the tool calls made so far.
 */

/** A tool's answer as the demo model reads it back. */
export type ToolOutcome = { ok: true; value: unknown } | { ok: false; error: ToolFailure };

export interface ToolFailure {
  /** Stable code (`not_found`, `illegal_transition`, `validation_failed`...), or `tool_error`. */
  code: string;
  message: string;
  /** The API's HTTP status, when there was one. */
  status?: number;
}

/** A tool call of this turn and what came back. */
export interface ExecutedCall {
  id: string;
  name: string;
  input: Record<string, unknown>;
  outcome: ToolOutcome;
}

export interface PlannerContext {
  /** The supplier's latest request. */
  text: string;
  /** Texts of earlier turns (user and assistant), oldest first, for "it"/"that" references. */
  earlierTexts: readonly string[];
  /** This turn's tool calls so far, in the order they were made. */
  calls: readonly ExecutedCall[];
  /** Names of the tools this skill offers. */
  offered: ReadonlySet<string>;
  /** Today's date, `YYYY-MM-DD` (for "overdue"). */
  today: string;
}

export interface PlannedCall {
  name: string;
  input: Record<string, unknown>;
}

/** The next step: tool calls to make (in parallel), or the final answer (without the demo label). */
export type PlanStep =
  | { kind: 'calls'; note: string; calls: PlannedCall[] }
  | { kind: 'answer'; text: string };

export type Planner = (context: PlannerContext) => PlanStep;

/** Limits on one agent turn run under a skill. */
export interface SkillBudgets {
  /** Tool calls the model may make in one turn. */
  maxToolCalls: number;
  /** Model tokens (input and output, every model call of the turn added up). */
  maxTokens: number;
  /** Wall-clock time of the turn. */
  maxDurationMs: number;
}

/** A skill as loaded from `skills/NAME/SKILL.md`: its front matter resolved, its body the procedure. */
export interface Skill {
  /** The folder name: lowercase letters, digits and single hyphens. */
  name: string;
  /** What the skill does and when to use it (routing shows it to the model). */
  description: string;
  /** Tool names from the tool manifest; the only tools a turn under this skill may use. */
  allowedTools: string[];
  budgets: SkillBudgets;
  /** User scopes needed to use the skill at all. */
  requiredScopes: string[];
  /** Tool name -> user scopes needed for that tool to be offered. Every key is in `allowedTools`. */
  toolScopes: Record<string, string[]>;
  /** Example supplier requests this skill handles (routing uses them). */
  examples: string[];
  /** The procedure for the model (the file after its front matter, trimmed). */
  body: string;
  /** The SKILL.md path the skill was read from. */
  file: string;
}

/** The installed skills, by name. */
export interface SkillRegistry {
  /** Every skill, sorted by name. */
  all(): Skill[];
  get(name: string): Skill | undefined;
  /** The skill, or a `usage` error listing the installed ones. */
  require(name: string): Skill;
}

export { createSkillRegistry, defaultSkillsDir, type LoadSkillsOptions, loadSkills } from './load-skills.ts';
export { parseSkill, skillFrontMatterKeys } from './parse-skill.ts';
export { defaultSkillBudgets, parseDuration } from './skill-budgets.ts';
export { missingScopes, toolsForUser } from './skill-scopes.ts';
export type { Skill, SkillBudgets, SkillRegistry } from './skill-types.ts';

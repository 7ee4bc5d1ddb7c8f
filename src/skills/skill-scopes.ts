import type { Skill } from './skill-types.ts';

/** The skill's `required-scopes` the user does not hold (empty: the user may use the skill). */
export function missingScopes(skill: Skill, userScopes: readonly string[]): string[] {
  return skill.requiredScopes.filter((scope) => !userScopes.includes(scope));
}

/**
 * The skill's allowed tools this user may be offered, in `allowed-tools` order: a tool listed in
 * `tool-scopes` needs every scope listed for it.
 */
export function toolsForUser(skill: Skill, userScopes: readonly string[]): string[] {
  return skill.allowedTools.filter((tool) =>
    (skill.toolScopes[tool] ?? []).every((scope) => userScopes.includes(scope)),
  );
}

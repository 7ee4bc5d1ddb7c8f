import { AppError } from '../errors/index.ts';
import { loadSkills } from '../skills/index.ts';
import { toolManifest } from '../tools/manifest/index.ts';
import type { ToolDefinition } from '../tools/manifest/tool-types.ts';
import type { SessionSkill } from './run-in-cell.ts';

/** The manifest's tools with these names; an unknown name is a usage error listing the known ones. */
export function findSkillTools(names: readonly string[]): ToolDefinition[] {
  return names.map((name) => {
    const tool = toolManifest.find((candidate) => candidate.name === name.trim());
    if (!tool) {
      throw new AppError(
        'usage',
        `Unknown tool "${name}". Known tools: ${toolManifest.map((t) => t.name).join(', ')}.`,
      );
    }
    return tool;
  });
}

/** A skill's tools from `SKILL_DIR/NAME/SKILL.md` (every skill there is validated on the way). */
export function skillFromFile(skillsDir: string, name: string): SessionSkill {
  const skill = loadSkills({ skillsDir }).require(name);
  return { name: skill.name, tools: findSkillTools(skill.allowedTools) };
}

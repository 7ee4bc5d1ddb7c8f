import fs from 'node:fs';
import path from 'node:path';
import { AppError } from '../errors/index.ts';
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

/**
 * A skill's tools from `skills/NAME/SKILL.md` (its `allowed-tools` front-matter field). Skills are
 * folders of the product; an unknown name lists the installed ones.
 */
export function skillFromFile(skillsDir: string, name: string): SessionSkill {
  const file = path.join(skillsDir, name, 'SKILL.md');
  if (!/^[a-z0-9-]+$/.test(name) || !fs.existsSync(file)) {
    const installed = fs.existsSync(skillsDir)
      ? fs.readdirSync(skillsDir).filter((entry) => fs.existsSync(path.join(skillsDir, entry, 'SKILL.md')))
      : [];
    throw new AppError(
      'usage',
      `Unknown skill "${name}". Installed skills: ${installed.join(', ') || 'none'}.`,
    );
  }
  const frontMatter = /^---\n([\s\S]*?)\n---/.exec(fs.readFileSync(file, 'utf8'))?.[1] ?? '';
  const allowed = /^allowed-tools:\s*(.+)$/m.exec(frontMatter)?.[1];
  if (!allowed) throw new AppError('invalid_argument', `${file}: front matter has no allowed-tools.`);
  return { name, tools: findSkillTools(allowed.split(/[\s,]+/).filter(Boolean)) };
}

import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { AppError } from '../errors/index.ts';
import { parseSkill } from './parse-skill.ts';
import type { Skill, SkillRegistry } from './skill-types.ts';

/** The repository's `skills/` folder. */
export const defaultSkillsDir: string = fileURLToPath(new URL('../../skills/', import.meta.url));

export interface LoadSkillsOptions {
  /** Folder holding one folder per skill, each with a SKILL.md. Default: `defaultSkillsDir`. */
  skillsDir?: string;
}

/** The SKILL.md of every folder directly under `skillsDir` (folders without one, and dot-folders, are skipped). */
function skillFiles(skillsDir: string): string[] {
  let entries: fs.Dirent[];
  try {
    entries = fs.readdirSync(skillsDir, { withFileTypes: true });
  } catch (error) {
    throw new AppError('invalid_argument', `Skills folder ${skillsDir} cannot be read.`, {
      details: { file: skillsDir, field: 'skillsDir' },
      cause: error,
    });
  }
  return entries
    .filter((entry) => entry.isDirectory() && !entry.name.startsWith('.'))
    .map((entry) => path.join(skillsDir, entry.name, 'SKILL.md'))
    .filter((file) => fs.existsSync(file))
    .sort();
}

/** A registry over already-parsed skills (sorted by name). */
export function createSkillRegistry(skills: readonly Skill[]): SkillRegistry {
  const sorted = [...skills].sort((left, right) => left.name.localeCompare(right.name));
  const byName = new Map(sorted.map((skill) => [skill.name, skill]));
  return {
    all: () => [...sorted],
    get: (name) => byName.get(name),
    require(name) {
      const skill = byName.get(name);
      if (skill) return skill;
      const installed = sorted.map((known) => known.name);
      throw new AppError(
        'usage',
        `Unknown skill "${name}". Installed skills: ${installed.join(', ') || 'none'}.`,
        { details: { skill: name, installed } },
      );
    },
  };
}

/**
 * Loads and validates every `<skillsDir>/<name>/SKILL.md`. One malformed skill fails the whole load
 * (an `invalid_argument` naming the file and the field), so a broken skill is found at startup.
 */
export function loadSkills(options: LoadSkillsOptions = {}): SkillRegistry {
  const skillsDir = options.skillsDir ?? defaultSkillsDir;
  const skills = skillFiles(skillsDir).map((file) => parseSkill(file, fs.readFileSync(file, 'utf8')));
  return createSkillRegistry(skills);
}

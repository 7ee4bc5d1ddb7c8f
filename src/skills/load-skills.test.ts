import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AppError } from '../errors/index.ts';
import { createTempDir } from '../testing/temp-dir.ts';
import { defaultSkillsDir, loadSkills } from './load-skills.ts';

let temp: { path: string; remove(): void };

beforeEach(() => {
  temp = createTempDir('skills-');
});
afterEach(() => temp.remove());

function writeSkill(folder: string, text: string): string {
  fs.mkdirSync(path.join(temp.path, folder), { recursive: true });
  const file = path.join(temp.path, folder, 'SKILL.md');
  fs.writeFileSync(file, text);
  return file;
}

const skillText = (name: string, tools = 'purchase_orders_list') =>
  `---\nname: ${name}\ndescription: The ${name} skill.\nallowed-tools: ${tools}\n---\nDo it.\n`;

describe('loadSkills', () => {
  it('loads every folder with a SKILL.md, sorted by name', () => {
    const second = writeSkill('second-skill', skillText('second-skill', 'invoices_list'));
    writeSkill('first-skill', skillText('first-skill'));
    fs.mkdirSync(path.join(temp.path, 'no-skill-here'));
    fs.writeFileSync(path.join(temp.path, 'README.md'), 'Not a skill.');
    writeSkill('.hidden', 'not even front matter');

    const registry = loadSkills({ skillsDir: temp.path });

    expect(registry.all().map((skill) => skill.name)).toEqual(['first-skill', 'second-skill']);
    expect(registry.get('second-skill')).toMatchObject({ allowedTools: ['invoices_list'], file: second });
    expect(registry.require('first-skill').name).toBe('first-skill');
    expect(registry.get('no-skill-here')).toBeUndefined();
  });

  it('answers require() of an unknown skill with a usage error listing the installed ones', () => {
    writeSkill('first-skill', skillText('first-skill'));
    writeSkill('second-skill', skillText('second-skill'));
    const registry = loadSkills({ skillsDir: temp.path });

    const error = (() => {
      try {
        registry.require('../first-skill');
      } catch (thrown) {
        return thrown;
      }
      return undefined;
    })();

    expect(error).toBeInstanceOf(AppError);
    expect(error).toMatchObject({
      code: 'usage',
      message: 'Unknown skill "../first-skill". Installed skills: first-skill, second-skill.',
      details: { skill: '../first-skill', installed: ['first-skill', 'second-skill'] },
    });
  });

  it('fails the whole load on one malformed skill, naming its file and field', () => {
    writeSkill('good-skill', skillText('good-skill'));
    const bad = writeSkill('bad-skill', skillText('bad-skill', 'purchase_orders_list no_such_tool'));

    expect(() => loadSkills({ skillsDir: temp.path })).toThrow(
      expect.objectContaining({
        code: 'invalid_argument',
        details: { file: bad, field: 'allowed-tools' },
      }),
    );
  });

  it('refuses a skills folder that does not exist', () => {
    const missing = path.join(temp.path, 'missing');
    expect(() => loadSkills({ skillsDir: missing })).toThrow(
      expect.objectContaining({ code: 'invalid_argument', details: { file: missing, field: 'skillsDir' } }),
    );
  });

  it('reads the repository skills folder by default', () => {
    expect(fs.existsSync(path.join(defaultSkillsDir, 'order-status', 'SKILL.md'))).toBe(true);
    expect(loadSkills().get('order-status')?.file).toBe(
      path.join(defaultSkillsDir, 'order-status', 'SKILL.md'),
    );
  });
});

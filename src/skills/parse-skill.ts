import path from 'node:path';
import { findTool, toolManifest } from '../tools/manifest/index.ts';
import { readFrontMatter } from './front-matter.ts';
import { defaultSkillBudgets } from './skill-budgets.ts';
import { skillFileError } from './skill-error.ts';
import {
  durationMs,
  type FieldSource,
  mapping,
  nameList,
  optionalText,
  positiveInteger,
  requiredText,
  scopeList,
  textList,
} from './skill-fields.ts';
import type { Skill, SkillBudgets } from './skill-types.ts';

/** Front-matter keys: the Agent Skills ones, then ours. Any other key is refused (typos). */
export const skillFrontMatterKeys = [
  'name',
  'description',
  'license',
  'compatibility',
  'metadata',
  'allowed-tools',
  'max-tool-calls',
  'max-tokens',
  'max-duration',
  'required-scopes',
  'tool-scopes',
  'examples',
] as const;

const namePattern = /^[a-z0-9]+(-[a-z0-9]+)*$/;

/** Levenshtein distance, for "did you mean" on an unknown key. */
function distance(left: string, right: string): number {
  let previous = Array.from({ length: right.length + 1 }, (_, index) => index);
  for (let i = 1; i <= left.length; i += 1) {
    const current = [i];
    for (let j = 1; j <= right.length; j += 1) {
      const substitution = previous[j - 1]! + (left[i - 1] === right[j - 1] ? 0 : 1);
      current.push(Math.min(previous[j]! + 1, current[j - 1]! + 1, substitution));
    }
    previous = current;
  }
  return previous[right.length]!;
}

function checkKeys(file: string, data: Record<string, unknown>): void {
  for (const key of Object.keys(data)) {
    if ((skillFrontMatterKeys as readonly string[]).includes(key)) continue;
    const closest = [...skillFrontMatterKeys].sort((a, b) => distance(key, a) - distance(key, b))[0]!;
    const hint = distance(key, closest) <= 3 ? ` Did you mean "${closest}"?` : '';
    throw skillFileError(
      file,
      key,
      `is not a known field.${hint} Known fields: ${skillFrontMatterKeys.join(', ')}.`,
    );
  }
}

function readName(file: string, value: unknown): string {
  const source = { file, field: 'name' };
  const name = requiredText(source, value, 64);
  if (!namePattern.test(name)) {
    throw skillFileError(file, 'name', `"${name}" must be lowercase letters, digits and single hyphens.`);
  }
  const folder = path.basename(path.dirname(file));
  if (name !== folder) {
    throw skillFileError(file, 'name', `"${name}" must match its folder name "${folder}".`);
  }
  return name;
}

function readAllowedTools(file: string, value: unknown): string[] {
  const source = { file, field: 'allowed-tools' };
  if (value === undefined) throw skillFileError(file, 'allowed-tools', 'is required.');
  const tools = nameList(source, value);
  if (tools.length === 0) throw skillFileError(file, 'allowed-tools', 'must name at least one tool.');
  for (const tool of tools) {
    if (!findTool(tool)) {
      throw skillFileError(
        file,
        'allowed-tools',
        `names unknown tool "${tool}". Known tools: ${toolManifest.map((known) => known.name).join(', ')}.`,
      );
    }
  }
  return tools;
}

function readToolScopes(file: string, value: unknown, allowedTools: string[]): Record<string, string[]> {
  if (value === undefined) return {};
  const source: FieldSource = { file, field: 'tool-scopes' };
  const entries = Object.entries(mapping(source, value)).map(([tool, scopes]): [string, string[]] => {
    if (!allowedTools.includes(tool)) {
      throw skillFileError(file, 'tool-scopes', `names "${tool}", which is not in allowed-tools.`);
    }
    const list = scopeList(source, scopes);
    if (list.length === 0) throw skillFileError(file, 'tool-scopes', `gives "${tool}" no scopes.`);
    return [tool, list];
  });
  return Object.fromEntries(entries);
}

function readBudgets(file: string, data: Record<string, unknown>): SkillBudgets {
  const at = (field: string): FieldSource => ({ file, field });
  return {
    maxToolCalls: positiveInteger(
      at('max-tool-calls'),
      data['max-tool-calls'],
      defaultSkillBudgets.maxToolCalls,
    ),
    maxTokens: positiveInteger(at('max-tokens'), data['max-tokens'], defaultSkillBudgets.maxTokens),
    maxDurationMs: durationMs(at('max-duration'), data['max-duration'], defaultSkillBudgets.maxDurationMs),
  };
}

/** Agent Skills' optional fields: checked for shape, not used by the runtime. */
function checkSpecFields(file: string, data: Record<string, unknown>): void {
  optionalText({ file, field: 'license' }, data.license, 500);
  optionalText({ file, field: 'compatibility' }, data.compatibility, 500);
  if (data.metadata === undefined) return;
  for (const [key, value] of Object.entries(mapping({ file, field: 'metadata' }, data.metadata))) {
    if (typeof value !== 'string') {
      throw skillFileError(file, 'metadata', `value of "${key}" must be text.`);
    }
  }
}

/**
 * Parses and validates one SKILL.md (`file` is its path, whose folder must be the skill's name).
 * Every problem is an `invalid_argument` AppError whose message names the file and the field, with
 * `details: { file, field }`. Tool names are checked against the tool manifest.
 */
export function parseSkill(file: string, text: string): Skill {
  const { data, body } = readFrontMatter(file, text);
  checkKeys(file, data);
  const name = readName(file, data.name);
  const description = requiredText({ file, field: 'description' }, data.description, 1024);
  const allowedTools = readAllowedTools(file, data['allowed-tools']);
  const toolScopes = readToolScopes(file, data['tool-scopes'], allowedTools);
  const budgets = readBudgets(file, data);
  const requiredScopes =
    data['required-scopes'] === undefined
      ? []
      : scopeList({ file, field: 'required-scopes' }, data['required-scopes']);
  const examples = textList({ file, field: 'examples' }, data.examples, 500);
  checkSpecFields(file, data);
  const procedure = body.trim();
  if (procedure === '') {
    throw skillFileError(file, 'body', 'is empty: write the procedure for the model after the front matter.');
  }
  return {
    name,
    description,
    allowedTools,
    budgets,
    requiredScopes,
    toolScopes,
    examples,
    body: procedure,
    file,
  };
}

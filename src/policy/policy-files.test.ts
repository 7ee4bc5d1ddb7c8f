import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { AppError } from '../errors/index.ts';
import { createTempDir } from '../testing/temp-dir.ts';
import { createEgressPolicy } from './create-egress-policy.ts';
import { defaultPolicyDir, loadEgressPolicyFiles, schemaFileName } from './policy-files.ts';

const removers: Array<() => void> = [];
afterEach(() => {
  for (const remove of removers.splice(0)) remove();
});

/** A copy of the repository's policy directory, with files replaced (`undefined` deletes one). */
function policyDir(changes: Record<string, string | undefined> = {}): string {
  const dir = createTempDir('egress-policies-');
  removers.push(dir.remove);
  for (const name of fs.readdirSync(defaultPolicyDir())) {
    fs.copyFileSync(path.join(defaultPolicyDir(), name), path.join(dir.path, name));
  }
  for (const [name, text] of Object.entries(changes)) {
    if (text === undefined) fs.rmSync(path.join(dir.path, name));
    else fs.writeFileSync(path.join(dir.path, name), text);
  }
  return dir.path;
}

function failure(run: () => unknown): AppError {
  try {
    run();
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error('expected an AppError');
}

const construct = (dir: string) =>
  createEgressPolicy({
    tools: [{ name: 'purchase_orders_list', operations: [{ method: 'GET', path: '/api/purchase_orders' }] }],
    skill: 'order-status',
    tenantId: 'northwind',
    operations: [],
    policyDir: dir,
  });

describe('loadEgressPolicyFiles', () => {
  it('loads the repository policies, keyed by @id, with their file', () => {
    const files = loadEgressPolicyFiles();
    expect(Object.keys(files.policies)).toEqual(
      expect.arrayContaining(['base:api-only', 'base:no-buyer-simulation', 'base:no-token-endpoint']),
    );
    expect(files.sources['base:api-only']).toMatch(/egress-base\.cedar$/);
    expect(files.schema).toContain('entity Operation');
  });

  it('loads an unchanged copy, and construction succeeds (control for the failures below)', () => {
    const dir = policyDir();
    expect(Object.keys(loadEgressPolicyFiles({ policyDir: dir }).policies)).toHaveLength(
      Object.keys(loadEgressPolicyFiles().policies).length,
    );
    const policy = construct(dir);
    expect(policy.decide({ method: 'GET', url: '/api/purchase_orders', headers: {} }).effect).toBe('allow');
  });
});

describe('a broken policy directory makes construction fail with a clear error', () => {
  it.each([
    [
      'a syntax error, with file, line and column',
      { 'broken.cedar': '@id("x")\nforbid (principal, action resource);\n' },
      /broken\.cedar: does not parse: 2:\d+ /,
    ],
    [
      'a policy without an @id',
      { 'extra.cedar': 'forbid (principal, action, resource);' },
      /extra\.cedar: policy 1 has no @id/,
    ],
    [
      'an id used twice',
      { 'extra.cedar': '@id("base:api-only") forbid (principal, action, resource);' },
      /extra\.cedar: policy id "base:api-only" is also used in .*egress-base\.cedar/,
    ],
    [
      'an id in the generated namespace',
      { 'extra.cedar': '@id("skill:x") permit (principal, action, resource);' },
      /reserved for generated policies/,
    ],
    [
      'a policy template',
      { 'extra.cedar': '@id("t") permit (principal == ?principal, action, resource);' },
      /extra\.cedar: does not parse: .*template/,
    ],
    [
      'an attribute the schema does not have, naming policy and file',
      {
        'extra.cedar':
          '@id("ops:no-host") forbid (principal, action, resource) when { resource.host == "x" };',
      },
      /Egress policy ops:no-host \(.*extra\.cedar\) does not validate against the schema: .*host/,
    ],
    ['a missing schema', { [schemaFileName]: undefined }, /egress\.cedarschema: is missing/],
    ['a schema that does not parse', { [schemaFileName]: 'entity ;' }, /egress\.cedarschema: does not parse/],
    [
      'a schema that lacks a type the generated policies use',
      {
        [schemaFileName]:
          'entity Agent; entity Operation { path: String }; action "GET" appliesTo { principal: Agent, resource: Operation, context: { path: String } };',
      },
      /does not validate/,
    ],
    ['no policy files', { 'egress-base.cedar': undefined }, /contains no \.cedar policy files/],
  ])('%s', (_name, changes, message) => {
    const error = failure(() => construct(policyDir(changes)));
    expect(error.code).toBe('internal');
    expect(error.message).toMatch(message);
  });

  it('a directory that does not exist', () => {
    const error = failure(() => construct(path.join(policyDir(), 'missing')));
    expect(error.message).toMatch(/the policy directory cannot be read/);
  });
});

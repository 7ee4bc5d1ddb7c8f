import fs from 'node:fs';
import path from 'node:path';
import { expect } from 'vitest';
import {
  createEgressPolicy,
  cspApiOperations,
  defaultPolicyDir,
  type EgressDecision,
} from '../../src/policy/index.ts';
import { createTempDir } from '../../src/testing/temp-dir.ts';
import { findTool } from '../../src/tools/manifest/index.ts';

/** Shared by the egress policy suites: policies over the real manifest and the real `policies/`. */
export const operations = cspApiOperations();

export function tool(name: string) {
  const found = findTool(name);
  if (!found) throw new Error(`no tool ${name}`);
  return found;
}

export function policyFor(
  toolNames: string[],
  extra: { skill?: string; tenantId?: string; policyDir?: string } = {},
) {
  return createEgressPolicy({
    tools: toolNames.map(tool),
    skill: extra.skill ?? 'order-status',
    tenantId: extra.tenantId ?? 'northwind',
    operations,
    ...(extra.policyDir ? { policyDir: extra.policyDir } : {}),
  });
}

export const request = (method: string, url: string, headers: Record<string, string> = {}) => ({
  method,
  url,
  headers,
});

export function expectDeny(
  decision: EgressDecision,
  reason: string,
): Extract<EgressDecision, { effect: 'deny' }> {
  expect(decision).toMatchObject({ effect: 'deny', reason });
  if (decision.effect !== 'deny') throw new Error('unreachable');
  return decision;
}

/** A copy of the repository's policy directory plus one file; `remove` deletes it. */
export function policyDirWith(name: string, text: string): { path: string; remove(): void } {
  const dir = createTempDir('egress-policies-');
  for (const file of fs.readdirSync(defaultPolicyDir())) {
    fs.copyFileSync(path.join(defaultPolicyDir(), file), path.join(dir.path, file));
  }
  fs.writeFileSync(path.join(dir.path, name), text);
  return dir;
}

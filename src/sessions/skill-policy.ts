import { cspApiOperations } from '../policy/api-operations.ts';
import { createEgressPolicy, type SkillEgressPolicy } from '../policy/create-egress-policy.ts';
import { type EgressPolicyFiles, loadEgressPolicyFiles } from '../policy/policy-files.ts';
import type { ToolDefinition } from '../tools/manifest/tool-types.ts';

/** Policies kept per process: one per (tenant, skill, tool set) seen lately. */
const maxPolicies = 512;
const policies = new Map<string, SkillEgressPolicy>();
let staticFiles: EgressPolicyFiles | undefined;

/**
 * The egress policy of a turn. Building one parses Cedar and prepares every operation (about 20 ms
 * of CPU); its answers depend only on the tenant, the skill and the tools offered, so turns with the
 * same three share one, cached with its answer cache. The static policies under `policies/` are
 * read once per process.
 */
export function skillEgressPolicy(options: {
  tools: readonly ToolDefinition[];
  skill: string;
  tenantId: string;
}): SkillEgressPolicy {
  const toolNames = options.tools.map((tool) => tool.name).sort();
  const key = JSON.stringify([options.tenantId, options.skill, toolNames]);
  const known = policies.get(key);
  if (known) {
    // Most recently used last: the oldest goes first when the map is full.
    policies.delete(key);
    policies.set(key, known);
    return known;
  }
  staticFiles ??= loadEgressPolicyFiles();
  const policy = createEgressPolicy({
    tools: options.tools,
    skill: options.skill,
    tenantId: options.tenantId,
    operations: cspApiOperations(),
    policyFiles: staticFiles,
  });
  policies.set(key, policy);
  if (policies.size > maxPolicies) policies.delete(policies.keys().next().value as string);
  return policy;
}

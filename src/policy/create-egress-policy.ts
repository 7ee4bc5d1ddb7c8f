import { AppError } from '../errors/index.ts';
import { createAnswerCache } from './answer-cache.ts';
import { type CedarAnswer, createCedarAuthorizer } from './cedar-authorizer.ts';
import type { ApiOperationRef, EgressDecision, EgressPolicy } from './egress-decision.ts';
import { agentEntity, prepareOperations } from './egress-entities.ts';
import { normalizeTarget } from './normalize-target.ts';
import { createOperationMatcher } from './operation-matcher.ts';
import { type EgressPolicyFiles, loadEgressPolicyFiles } from './policy-files.ts';
import { compileSkillPolicies, operationKey, type PolicyTool } from './skill-policies.ts';

export interface EgressPolicyOptions {
  /** The tools of the session's current skill; their operations are all the skill may perform. */
  tools: readonly PolicyTool[];
  skill: string;
  tenantId: string;
  /** Every operation the API serves (`server.operations`, or `cspApiOperations()` without a server). */
  operations: readonly ApiOperationRef[];
  /** Directory of the static policies; default: the repository's `policies/`. Ignored with `policyFiles`. */
  policyDir?: string;
  /** Static policies already loaded with `loadEgressPolicyFiles`, so a skill switch does not re-read them. */
  policyFiles?: EgressPolicyFiles;
  /** Cedar answers kept for repeated operation + path pairs; default 1024, 0 evaluates every request. */
  answerCacheSize?: number;
}

/** An egress policy for one tenant and one skill. */
export interface SkillEgressPolicy extends EgressPolicy {
  readonly tenantId: string;
  readonly skill: string;
  /** Ids of every policy in force: the static ones, then one per operation the skill allows. */
  readonly policyIds: readonly string[];
  /** The whole policy set as Cedar text (for operators and `--explain`-style output). */
  policyText(): string;
}

function requireName(field: string, value: string): void {
  if (value.trim() === '') {
    throw new AppError('invalid_argument', `Egress policy: ${field} must not be empty.`, {
      fields: { [field]: ['must not be empty'] },
    });
  }
}

function decisionOf(
  answer: CedarAnswer,
  operation: ApiOperationRef,
  target: { method: ApiOperationRef['method']; path: string; query: string },
  skill: string,
): EgressDecision {
  const name = operationKey(operation);
  if (answer.errors.length > 0) {
    const message = `Policy evaluation failed for ${name}; denied.`;
    return { effect: 'deny', reason: 'policy-error', message, policies: answer.errors, operation };
  }
  if (answer.decision === 'allow') {
    return { effect: 'allow', operation, policies: [...answer.determining], ...target };
  }
  if (answer.determining.length > 0) {
    const message = `${name} is forbidden by ${answer.determining.join(', ')}.`;
    return {
      effect: 'deny',
      reason: 'forbidden-by-policy',
      message,
      policies: [...answer.determining],
      operation,
    };
  }
  const message = `The skill ${skill} does not allow ${name}.`;
  return { effect: 'deny', reason: 'not-in-skill', message, policies: [], operation };
}

/**
 * Builds the egress policy of one session's current skill: request targets are normalized, matched
 * to an API operation, then checked by Cedar against one permit per operation of the skill's tools
 * plus the static forbids under `policies/`. Default deny. Everything Cedar needs is parsed and
 * prepared here, once; `decide` only evaluates.
 */
export function createEgressPolicy(options: EgressPolicyOptions): SkillEgressPolicy {
  const { skill, tenantId, tools } = options;
  requireName('skill', skill);
  requireName('tenantId', tenantId);
  const files = options.policyFiles ?? loadEgressPolicyFiles({ policyDir: options.policyDir });
  const generated = compileSkillPolicies(skill, tools);
  const policies = { ...files.policies, ...generated };
  const authorizer = createCedarAuthorizer({ policies, schema: files.schema, sources: files.sources });
  const matcher = createOperationMatcher([
    ...options.operations,
    ...tools.flatMap((tool) => tool.operations),
  ]);
  const agent = agentEntity(tenantId, skill);
  const prepared = prepareOperations(agent, matcher.operations);
  const answers = createAnswerCache(options.answerCacheSize);

  return {
    tenantId,
    skill,
    policyIds: Object.keys(policies),
    policyText: () => Object.values(policies).join('\n\n'),
    decide(request) {
      const target = normalizeTarget(request);
      if (!target.ok) {
        const { reason, rule, message } = target;
        return { effect: 'deny', reason, rule, message, policies: [] };
      }
      const operation = matcher.match(target.method, target.segments);
      const entry = operation && prepared.get(operation);
      if (!entry) {
        const message = `No API operation matches ${target.method} ${target.path}.`;
        return { effect: 'deny', reason: 'unknown-operation', message, policies: [] };
      }
      const operationId = operationKey(entry.operation);
      let answer = answers.get(operationId, target.path);
      if (answer === undefined) {
        answer = authorizer.authorize({
          principal: agent.uid,
          action: entry.action,
          resource: entry.resource,
          context: { path: target.path },
          entities: entry.entities,
        });
        answers.set(operationId, target.path, answer);
      }
      const { method, path, query } = target;
      return decisionOf(answer, entry.operation, { method, path, query }, skill);
    },
  };
}

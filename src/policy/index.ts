export { cspApiOperations, serverOnlyOperations } from './api-operations.ts';
export {
  createEgressPolicy,
  type EgressPolicyOptions,
  type SkillEgressPolicy,
} from './create-egress-policy.ts';
export {
  type ApiOperationRef,
  type EgressDecision,
  type EgressDenyReason,
  type EgressPolicy,
  egressDenyReasons,
} from './egress-decision.ts';
export { type EgressRequest, normalizeTarget, type TargetNormalization } from './normalize-target.ts';
export { createOperationMatcher, type OperationMatcher } from './operation-matcher.ts';
export {
  defaultPolicyDir,
  type EgressPolicyFiles,
  type LoadEgressPolicyFilesOptions,
  loadEgressPolicyFiles,
} from './policy-files.ts';
export { compileSkillPolicies, type PolicyTool } from './skill-policies.ts';
export { maxTargetLength, type TargetRule, targetRules } from './target-rules.ts';

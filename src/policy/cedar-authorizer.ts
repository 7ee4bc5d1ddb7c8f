import { createHash } from 'node:crypto';
import {
  type Context,
  type EntityJson,
  type EntityUidJson,
  preparsePolicySet,
  statefulIsAuthorized,
  validate,
} from '@cedar-policy/cedar-wasm/nodejs';
import { AppError } from '../errors/index.ts';
import { describeCedarErrors } from './cedar-errors.ts';

export interface CedarRequest {
  principal: EntityUidJson;
  action: EntityUidJson;
  resource: EntityUidJson;
  context: Context;
  entities: EntityJson[];
}

/** Cedar's answer, reduced to what a decision needs. */
export interface CedarAnswer {
  decision: 'allow' | 'deny';
  /** The policies that determined the decision: permits for an allow, forbids for a deny. */
  determining: string[];
  /** Policies that failed to evaluate (ids, or Cedar's messages when the whole call failed). */
  errors: string[];
}

export interface CedarAuthorizer {
  authorize(request: CedarRequest): CedarAnswer;
}

export interface CedarAuthorizerOptions {
  /** Policy id -> Cedar text. */
  policies: Readonly<Record<string, string>>;
  schema: string;
  /** Policy id -> where it came from, to name the file in a validation error. */
  sources?: Readonly<Record<string, string>>;
}

/**
 * Policy sets are parsed once into Cedar's own cache, under an id derived from their content: an
 * unchanged set is shared by every session that uses it, and the cache holds one entry per distinct
 * set (per skill, in practice) rather than one per session.
 */
function contentId(policies: Readonly<Record<string, string>>): string {
  const hash = createHash('sha256');
  for (const id of Object.keys(policies).sort()) hash.update(`${id}\u0000${policies[id]}\u0000`);
  return `egress:${hash.digest('hex')}`;
}

function validateAll(options: CedarAuthorizerOptions): void {
  const answer = validate({
    schema: options.schema,
    policies: { staticPolicies: { ...options.policies } },
    validationSettings: { mode: 'strict' },
  });
  if (answer.type === 'failure') {
    const errors = describeCedarErrors(answer.errors);
    throw new AppError('internal', `Egress policy does not validate: ${errors.join('; ')}`, {
      details: { errors },
    });
  }
  const first = answer.validationErrors[0];
  if (!first) return;
  const source = options.sources?.[first.policyId];
  const errors = answer.validationErrors.map(
    (error) => `${error.policyId}: ${describeCedarErrors([error.error]).join('')}`,
  );
  throw new AppError(
    'internal',
    `Egress policy ${first.policyId}${source ? ` (${source})` : ''} does not validate against the schema: ${errors.join('; ')}`,
    { details: { policyId: first.policyId, ...(source ? { file: source } : {}), errors } },
  );
}

/**
 * Validates a policy set against the schema and parses it once; `authorize` then evaluates requests
 * against the parsed set without parsing anything again (the hot path of every egress request).
 */
export function createCedarAuthorizer(options: CedarAuthorizerOptions): CedarAuthorizer {
  validateAll(options);
  const policySetId = contentId(options.policies);
  const parsed = preparsePolicySet(policySetId, { staticPolicies: { ...options.policies } });
  if (parsed.type === 'failure') {
    const errors = describeCedarErrors(parsed.errors);
    throw new AppError('internal', `Egress policy does not parse: ${errors.join('; ')}`, {
      details: { errors },
    });
  }
  return {
    authorize(request) {
      // `.call` works around a V8 deoptimizer fault in Node 20 (V8 11.3). Called directly, this
      // site's feedback lets TurboFan inline cedar-wasm's glue, and with it the Wasm export, into
      // `decide`. If `decide` is then deoptimized while Wasm runs (something it depends on changes,
      // e.g. when Wasm memory first grows), V8 cannot rebuild the frame of an inlined Wasm call that
      // returns a JS object and aborts the process ("unreachable code" in
      // Deoptimizer::DoComputeBuiltinContinuation). Through `.call` TurboFan does not learn the
      // target, so the glue stays a frame of its own, one nothing invalidates.
      const answer = statefulIsAuthorized.call(undefined, { ...request, preparsedPolicySetId: policySetId });
      if (answer.type === 'failure') {
        return { decision: 'deny', determining: [], errors: describeCedarErrors(answer.errors) };
      }
      const { decision, diagnostics } = answer.response;
      return {
        decision,
        determining: diagnostics.reason,
        errors: diagnostics.errors.map((error) => error.policyId),
      };
    },
  };
}

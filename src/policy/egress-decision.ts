import type { HttpMethod } from '../csp-api/http/route-kit.ts';

/** One API operation a tool may perform: method plus Fastify-style path template. */
export interface ApiOperationRef {
  method: HttpMethod;
  path: string;
}

/**
 * Why a request was denied. `policy-error` means a Cedar policy failed to evaluate: the check fails
 * closed rather than ignoring a forbid that could not be evaluated.
 */
export const egressDenyReasons = [
  'malformed-target',
  'method-not-allowed',
  'unknown-operation',
  'not-in-skill',
  'forbidden-by-policy',
  'policy-error',
] as const;

export type EgressDenyReason = (typeof egressDenyReasons)[number];

/** The outcome of an egress check: a value, not an exception. */
export type EgressDecision =
  | {
      effect: 'allow';
      /** The operation the request matched, e.g. `GET /api/purchase_orders/:id`. */
      operation: ApiOperationRef;
      /** Ids of the Cedar policies that permitted it. */
      policies: string[];
      /** The normalized request target that was checked and will be forwarded. */
      method: HttpMethod;
      /** Canonical path: each segment percent-decoded once and re-encoded with `encodeURIComponent`. */
      path: string;
      /** The query string as received, without the leading `?`; empty when there is none. */
      query: string;
    }
  | {
      effect: 'deny';
      /** Stable reason code, one of `egressDenyReasons`. */
      reason: string;
      message: string;
      /** Ids of the Cedar policies that determined the denial (the forbids that matched, if any). */
      policies: string[];
      /** For `malformed-target` and `method-not-allowed`: the normalization rule that failed. */
      rule?: string;
      /** For `not-in-skill`, `forbidden-by-policy` and `policy-error`: the operation the request matched. */
      operation?: ApiOperationRef;
    };

/** Checks requests from one session's cell against the operations its current skill allows. */
export interface EgressPolicy {
  decide(request: {
    method: string;
    url: string;
    headers: Record<string, string | string[] | undefined>;
  }): EgressDecision;
}

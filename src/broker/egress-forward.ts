import type { EgressDecision } from '../policy/egress-decision.ts';
import type { BrokerContext } from './broker-context.ts';
import { BrokerRefusal } from './broker-errors.ts';
import type { Credential } from './credentials.ts';
import { forwardedHeaderNames, headerValue } from './identity-headers.ts';
import type { UpstreamResponse } from './upstream-client.ts';

type AllowDecision = Extract<EgressDecision, { effect: 'allow' }>;

export interface ForwardOutcome {
  response: UpstreamResponse;
  /** The request as sent, with the credential replaced by its id (safe to record). */
  sent: { method: string; target: string; headers: Record<string, string> };
  /** True when a 401 made the broker fetch a fresh credential and send again. */
  credentialRefreshed: boolean;
}

/** The normalized target from the decision, below the upstream base URL (which may carry a prefix). */
export function upstreamTarget(base: URL, decision: AllowDecision): { url: URL; target: string } {
  const target = decision.query === '' ? decision.path : `${decision.path}?${decision.query}`;
  const prefix = base.pathname.replace(/\/+$/, '');
  return { url: new URL(`${prefix}${target}`, base.origin), target };
}

/**
 * Sends an allowed request upstream with the tenant's credential. A 401 means the cached token went
 * bad (rotated, revoked): the credential is refreshed and the request sent once more.
 */
export async function forwardAllowed(
  context: BrokerContext,
  decision: AllowDecision,
  cellHeaders: Record<string, string | string[]>,
  body: Buffer,
  signal: AbortSignal,
): Promise<ForwardOutcome> {
  const { url, target } = upstreamTarget(context.upstreamUrl, decision);
  const headers: Record<string, string> = {};
  for (const name of forwardedHeaderNames) {
    const value = headerValue(cellHeaders[name]);
    if (value !== undefined) headers[name] = value;
  }
  const sendWith = async (credential: Credential) => {
    const response = await context.upstream
      .send({
        method: decision.method,
        url,
        headers: { ...headers, authorization: `Bearer ${credential.value}` },
        body,
        signal,
      })
      .catch((error: unknown) => {
        if (signal.aborted) throw error;
        throw new BrokerRefusal('upstream_unavailable', 'The internal API cannot be reached.', {
          cause: error,
        });
      });
    return { response, credential };
  };

  let attempt = await sendWith(await credentialFor(context, signal));
  let credentialRefreshed = false;
  if (attempt.response.status === 401) {
    context.credentials.invalidate(attempt.credential);
    attempt = await sendWith(await credentialFor(context, signal));
    credentialRefreshed = true;
  }
  return {
    response: attempt.response,
    sent: {
      method: decision.method,
      target,
      headers: {
        ...headers,
        'content-length': String(body.length),
        authorization: attempt.credential.id,
      },
    },
    credentialRefreshed,
  };
}

async function credentialFor(context: BrokerContext, signal: AbortSignal): Promise<Credential> {
  try {
    return await context.credentials.token(signal);
  } catch (error) {
    if (signal.aborted) throw error;
    throw new BrokerRefusal('credential_unavailable', "The tenant's API credential cannot be obtained.", {
      cause: error,
    });
  }
}

import type { IncomingMessage, ServerResponse } from 'node:http';
import { redactHeaders } from '../audit/redact.ts';
import { toolUseHeader } from '../config/csp-client-config.ts';
import type { EgressDecision } from '../policy/egress-decision.ts';
import type { BrokerContext } from './broker-context.ts';
import { BrokerRefusal } from './broker-errors.ts';
import { forwardAllowed } from './egress-forward.ts';
import { filterCellHeaders, headerValue, returnedHeaderNames } from './identity-headers.ts';
import type { InFlightEntry } from './in-flight.ts';
import { bodyForAudit, readBody } from './read-body.ts';
import { sendJson, sendRefusal } from './reply.ts';

/**
 * The egress proxy: every request that is not a `/v1/...` broker route. Recorded (`api-request`),
 * checked against the current skill's policy (`policy-decision`), and only when allowed sent to the
 * internal API with the tenant's credential (`api-response`). Each record is durable before the next
 * step, so nothing reaches the API that the log does not show.
 */
export async function handleEgress(
  context: BrokerContext,
  request: IncomingMessage,
  response: ServerResponse,
): Promise<void> {
  const method = request.method ?? '';
  const target = request.url ?? '';
  const { kept, dropped } = filterCellHeaders(request.headers);
  // The cell's claim of which tool call this request serves: recorded, never trusted for policy.
  const toolUse = headerValue(kept[toolUseHeader]);
  const tag = toolUse === undefined ? {} : { toolUseId: toolUse.slice(0, 128) };
  const queryAt = target.indexOf('?');
  const requestRecord = {
    method,
    path: queryAt === -1 ? target : target.slice(0, queryAt),
    query: queryAt === -1 ? '' : target.slice(queryAt + 1),
    headers: redactHeaders(kept),
    droppedHeaders: dropped,
  };
  if (!context.budget.apiRequest()) {
    request.resume();
    context.counters.refused += 1;
    const reason = context.budget.exceeded ?? 'budget: API requests';
    await context.recorder.record('api-request', { ...requestRecord, refused: 'budget_exhausted' });
    context.overBudget(reason);
    throw new BrokerRefusal('budget_exhausted', reason);
  }
  const entry = context.inFlight.start({ kind: 'api', method, target }, context.limits.requestTimeoutMs);
  let forwarding = false;
  try {
    const body = await readBody(request, context.limits.maxBodyBytes).catch(async (error: unknown) => {
      if (error instanceof BrokerRefusal) {
        context.counters.refused += 1;
        await context.recorder.record('api-request', { ...requestRecord, refused: error.code });
      }
      throw error;
    });
    const { decision, recorded } = recordAndDecide(
      context,
      request,
      { ...requestRecord, ...bodyForAudit(body, headerValue(kept['content-type'])) },
      tag,
    );
    // A read changes nothing upstream, and its answer reaches the cell only once every record is
    // durable, so its two records may commit while it is in flight. Anything else waits for them.
    if (decision.effect === 'deny' || !safeMethods.has(method)) await recorded;
    throwIfAborted(entry);
    if (decision.effect === 'deny') {
      context.counters.denied += 1;
      sendJson(response, 403, {
        errors: { base: [decision.message] },
        code: 'egress_denied',
        reason: decision.reason,
      });
      return;
    }
    context.counters.allowed += 1;
    forwarding = true;
    const outcome = await forwardAllowed(context, decision, kept, body, entry.signal);
    const contentType = headerValue(outcome.response.headers['content-type']);
    await recorded;
    await context.recorder.record('api-response', {
      status: outcome.response.status,
      headers: redactHeaders(outcome.response.headers),
      ...bodyForAudit(outcome.response.body, contentType),
      request: outcome.sent,
      ...(outcome.credentialRefreshed ? { credentialRefreshed: true } : {}),
      ...tag,
    });
    sendUpstreamAnswer(response, outcome.response.status, outcome.response.headers, outcome.response.body);
  } catch (error) {
    await answerFailure(context, response, entry, forwarding, error, tag);
  } finally {
    entry.finish();
  }
}

const safeMethods: ReadonlySet<string> = new Set(['GET']);

/**
 * Appends `api-request`, decides, appends `policy-decision`. The decision is pure and synchronous,
 * so both records join one group commit (one fsync instead of two); `recorded` resolves once both
 * are durable, in this order. The caller decides how long to wait for it.
 */
function recordAndDecide(
  context: BrokerContext,
  request: IncomingMessage,
  requestPayload: Record<string, unknown>,
  tag: { toolUseId?: string },
): { decision: EgressDecision; recorded: Promise<void> } {
  const requestRecorded = context.recorder.record('api-request', requestPayload);
  let decision: EgressDecision;
  let skill: string;
  try {
    const current = context.current();
    skill = current.skill.name;
    // The policy sees the headers as sent: a method override is a reason to deny, not to ignore.
    decision = current.policy.decide({
      method: request.method ?? '',
      url: request.url ?? '',
      headers: request.headers,
    });
  } catch (error) {
    requestRecorded.catch(() => {});
    throw error;
  }
  const decisionRecorded = context.recorder.record('policy-decision', {
    ...decisionRecord(decision, skill),
    ...tag,
  });
  const recorded = Promise.all([requestRecorded, decisionRecorded]).then(() => undefined);
  // Awaited later on every path; this only keeps a failure from being reported as unhandled first.
  recorded.catch(() => {});
  return { decision, recorded };
}

function decisionRecord(decision: EgressDecision, skill: string): Record<string, unknown> {
  if (decision.effect === 'allow') {
    return {
      effect: 'allow',
      skill,
      operation: decision.operation,
      policies: decision.policies,
      target: { method: decision.method, path: decision.path, query: decision.query },
    };
  }
  return {
    effect: 'deny',
    skill,
    reason: decision.reason,
    message: decision.message,
    policies: decision.policies,
    ...(decision.rule === undefined ? {} : { rule: decision.rule }),
    ...(decision.operation === undefined ? {} : { operation: decision.operation }),
  };
}

function throwIfAborted(entry: InFlightEntry): void {
  if (entry.signal.aborted) throw entry.signal.reason;
}

function sendUpstreamAnswer(
  response: ServerResponse,
  status: number,
  headers: Record<string, string | string[] | undefined>,
  body: Buffer,
): void {
  if (response.headersSent || response.destroyed) return;
  const answer: Record<string, string> = { 'content-length': String(body.length) };
  for (const name of returnedHeaderNames) {
    const value = headerValue(headers[name]);
    if (value !== undefined) answer[name] = value;
  }
  response.writeHead(status, answer);
  response.end(body);
}

/**
 * Answers a request that could not complete. An aborted one (interrupt or timeout) that was already
 * on its way upstream gets an `api-response` saying so, so every forwarded request has its outcome.
 */
async function answerFailure(
  context: BrokerContext,
  response: ServerResponse,
  entry: InFlightEntry,
  forwarding: boolean,
  error: unknown,
  tag: { toolUseId?: string },
): Promise<void> {
  let refusal: unknown = error;
  if (entry.abortReason !== undefined) {
    refusal =
      entry.abortReason === 'interrupted'
        ? new BrokerRefusal('session_interrupted', 'The session was interrupted.')
        : new BrokerRefusal('upstream_timeout', 'The internal API did not answer in time.');
  }
  if (forwarding && refusal instanceof BrokerRefusal && refusal.code !== 'audit_unavailable') {
    await context.recorder
      .record('api-response', {
        status: null,
        error: { code: refusal.code, message: refusal.message },
        ...tag,
      })
      .catch(() => {
        // The cell still gets its answer; the missing outcome shows in the log as a request without one.
      });
  }
  sendRefusal(response, refusal);
}

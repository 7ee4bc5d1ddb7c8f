import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { verifySession } from '../../audit/verify.ts';
import { AppError } from '../../errors/index.ts';
import { buildTimeline } from '../../replay/timeline.ts';
import type { StartTurnRequest } from '../../sessions/session-manager-types.ts';
import type { TurnResult } from '../../sessions/turn-types.ts';
import { wantsEventStream } from '../accept.ts';
import { callerOf } from '../auth-hook.ts';
import { interruptBodySchema, parseBody, turnBodySchema } from '../body-schemas.ts';
import { clientEventOf, turnEndEvent } from '../client-events.ts';
import type { RouteContext } from '../gateway-types.ts';
import { createEventStream } from '../sse.ts';

/** Session ids as the gateway accepts them in a path; anything else is as unknown as a missing one. */
const sessionIdPattern = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$/;

export const defaultInterruptReason = 'interrupted by the user';

type SessionRequest = FastifyRequest<{ Params: { id: string } }>;

/** The session routes under `/v1` (the auth hook has run: every request has a caller). */
export function registerSessionRoutes(app: FastifyInstance, context: RouteContext): void {
  const { sessions } = context;

  app.post('/sessions', (request, reply) => runTurn(context, request, reply, undefined));

  app.post('/sessions/:id/messages', (request: SessionRequest, reply) =>
    runTurn(context, request, reply, sessionIdOf(request)),
  );

  app.post('/sessions/:id/interrupt', async (request: SessionRequest, reply) => {
    const caller = callerOf(request);
    const sessionId = sessionIdOf(request);
    const body = parseBody(interruptBodySchema, request.body, { optional: true });
    const interrupted = await sessions.interrupt(caller, sessionId, body.reason ?? defaultInterruptReason);
    return reply.code(202).send({ sessionId, interrupted });
  });

  app.get('/sessions/:id', async (request: SessionRequest) =>
    sessions.describe(callerOf(request), sessionIdOf(request)),
  );

  app.get('/sessions/:id/audit', async (request: SessionRequest) => {
    const sessionId = sessionIdOf(request);
    return { sessionId, events: await sessions.auditEvents(callerOf(request), sessionId) };
  });

  // The readable timeline of the session (the owner's tenant, or an operator), with its integrity.
  app.get('/sessions/:id/timeline', async (request: SessionRequest) => {
    const sessionId = sessionIdOf(request);
    const events = await sessions.auditEvents(callerOf(request), sessionId);
    return { timeline: buildTimeline(events), integrity: verifySession(events, { sessionId }) };
  });
}

function sessionIdOf(request: SessionRequest): string {
  const { id } = request.params;
  if (!sessionIdPattern.test(id)) throw new AppError('not_found', `No session ${id.slice(0, 128)}.`);
  return id;
}

/**
 * A turn, answered as JSON once it ends or streamed as it runs. Admission errors (404, 409, 429,
 * suspended tenant) come before anything is streamed, so both forms answer them as JSON errors.
 */
async function runTurn(
  context: RouteContext,
  request: FastifyRequest,
  reply: FastifyReply,
  sessionId: string | undefined,
): Promise<FastifyReply> {
  const caller = callerOf(request);
  const body = parseBody(turnBodySchema, request.body);
  const status = sessionId === undefined ? 201 : 200;
  const turn: StartTurnRequest = {
    context: caller,
    message: body.message,
    ...(sessionId === undefined ? {} : { sessionId }),
    ...(body.skill === undefined ? {} : { skill: body.skill }),
  };
  if (!wantsEventStream(request.headers.accept)) {
    const handle = await context.sessions.startTurn(turn);
    const result = await handle.result;
    return reply.code(status).send({ sessionId: handle.sessionId, turn: turnOf(result) });
  }

  const stream = createEventStream(reply.raw, {
    ...(context.heartbeatMs === undefined ? {} : { heartbeatMs: context.heartbeatMs }),
    headers: context.securityHeaders,
  });
  const handle = await context.sessions.startTurn({
    ...turn,
    onEvent(event) {
      const visible = clientEventOf(event);
      if (visible) stream.send(visible);
    },
    onText(text) {
      stream.send({ event: 'text', data: { text } });
    },
  });
  reply.hijack();
  context.streams.add(stream);
  context.counters.streamsOpen += 1;
  void stream.finished.then(({ byClient }) => {
    context.streams.delete(stream);
    context.counters.streamsOpen -= 1;
    if (byClient) context.counters.streamsAbandoned += 1;
  });
  stream.open(status, { event: 'session', data: { sessionId: handle.sessionId, state: handle.state } });
  // The turn goes on whether or not the client stays: it is recorded to its end either way.
  const result = await handle.result;
  stream.send(turnEndEvent(result));
  stream.end();
  return reply;
}

function turnOf(result: TurnResult) {
  return {
    status: result.status,
    skill: result.skill ?? null,
    reply: result.reply,
    ...(result.reason === undefined ? {} : { reason: result.reason }),
  };
}

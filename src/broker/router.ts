import type { IncomingMessage, ServerResponse } from 'node:http';
import type { BrokerContext } from './broker-context.ts';
import { BrokerRefusal } from './broker-errors.ts';
import { handleEgress } from './egress-route.ts';
import { handleEventSink } from './event-sink-route.ts';
import { handleModel } from './model-route.ts';
import { sendJson, sendRefusal } from './reply.ts';

type Handler = (context: BrokerContext, request: IncomingMessage, response: ServerResponse) => Promise<void>;

/** The broker's own routes, matched on the exact path; everything else is egress. */
const brokerRoutes: Record<string, { method: string; handler: Handler }> = {
  '/v1/events': { method: 'POST', handler: handleEventSink },
  '/v1/model': { method: 'POST', handler: handleModel },
  '/v1/session': { method: 'GET', handler: handleSession },
};

/** Routes one request from the cell. Never throws: every failure becomes a JSON answer. */
export async function routeRequest(
  context: BrokerContext,
  request: IncomingMessage,
  response: ServerResponse,
): Promise<void> {
  const target = request.url ?? '';
  const queryAt = target.indexOf('?');
  const path = queryAt === -1 ? target : target.slice(0, queryAt);
  const route = Object.hasOwn(brokerRoutes, path) ? brokerRoutes[path] : undefined;
  try {
    if (context.interrupted() && path !== '/v1/session') {
      request.resume();
      throw new BrokerRefusal('session_interrupted', 'The session was interrupted.');
    }
    if (route === undefined) {
      // Anything that is not a broker route goes through the policy, which denies what is not an
      // operation of the skill (`/sim/...`, `/oauth2/token`, absolute-form targets...) and is audited.
      await handleEgress(context, request, response);
      return;
    }
    if (request.method !== route.method) {
      request.resume();
      throw new BrokerRefusal('method_not_allowed', `${path} accepts ${route.method} only.`);
    }
    await route.handler(context, request, response);
  } catch (error) {
    sendRefusal(response, error);
  }
}

/** `GET /v1/session`: what the cell may know about its session. No tenant id, no secrets. */
async function handleSession(context: BrokerContext, request: IncomingMessage, response: ServerResponse) {
  request.resume();
  const turn = context.turn;
  sendJson(response, 200, {
    sessionId: context.sessionId,
    skill: { name: context.current().skill.name },
    ...(turn === undefined ? {} : { turn }),
  });
}

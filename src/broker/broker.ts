import http from 'node:http';
import type { Socket } from 'node:net';
import { AppError } from '../errors/index.ts';
import type { EgressPolicy } from '../policy/egress-decision.ts';
import { createAuditRecorder } from './audit-recorder.ts';
import type { BrokerContext, BrokerCounters } from './broker-context.ts';
import { type Broker, type BrokerLimits, type BrokerOptions, defaultBrokerLimits } from './broker-types.ts';
import { answerClientError } from './client-errors.ts';
import { createInFlightRegistry } from './in-flight.ts';
import { sendRefusal } from './reply.ts';
import { routeRequest } from './router.ts';
import { createBudgetGuard } from './turn-budget.ts';
import { listenOnSocket, removeSocketFile } from './unix-socket.ts';
import { createUpstreamClient } from './upstream-client.ts';

/** How long `interrupt()` waits for aborted requests to be answered before returning. */
const interruptSettleMs = 2_000;

/**
 * One session's broker: an HTTP/1.1 server on a unix socket, the cell's only way out. It acts for
 * the tenant, user and skill it was built with; nothing the cell sends is read for identity.
 */
export function createBroker(options: BrokerOptions): Broker {
  const limits = resolveLimits(options.limits);
  requireTenantPolicy(options.policy, options.tenant.id);
  let current = { skill: { ...options.skill }, policy: options.policy };
  let interrupted = false;
  let interruption: Promise<void> | undefined;
  const interrupt = (reason: string): Promise<void> => {
    if (interruption) return interruption;
    interrupted = true;
    counters.interrupts += 1;
    budget.stop();
    const inFlight = context.inFlight.abortAll();
    interruption = (async () => {
      try {
        await context.recorder.record('session-interrupted', {
          reason,
          inFlight,
          ...(options.budget ? { budget: budget.use() } : {}),
        });
      } finally {
        try {
          options.onInterrupted?.(reason);
        } catch {
          // The caller's cleanup failing must not hide the interrupt.
        }
      }
      await Promise.race([context.inFlight.settled(), delay(interruptSettleMs)]);
    })();
    return interruption;
  };
  const budget = createBudgetGuard(options.budget, options.clock);
  const context = createContext(
    options,
    limits,
    () => current,
    () => interrupted,
    budget,
    (reason) => {
      void interrupt(reason).catch(() => {});
    },
  );
  const { counters } = context;
  const server = createServer(context, limits);
  const connections = trackConnections(server, limits);
  let state: 'new' | 'listening' | 'closed' = 'new';

  return {
    async listen() {
      if (state !== 'new') throw new AppError('conflict', 'The broker has already been started.');
      await listenOnSocket(server, options.socketPath);
      state = 'listening';
      budget.start((reason) => {
        void interrupt(reason).catch(() => {});
      });
    },
    setSkill(skill, policy) {
      requireTenantPolicy(policy, options.tenant.id);
      current = { skill: { ...skill }, policy };
    },
    interrupt,
    async close() {
      if (state === 'closed') return;
      const wasListening = state === 'listening';
      state = 'closed';
      budget.stop();
      context.inFlight.abortAll();
      const closed = wasListening ? new Promise<void>((resolve) => server.close(() => resolve())) : undefined;
      for (const socket of connections) socket.destroy();
      await closed;
      // Let the aborted requests record their outcome before the caller closes the audit log.
      await Promise.race([context.inFlight.settled(), delay(interruptSettleMs)]);
      context.upstream.close();
      if (wasListening) removeSocketFile(options.socketPath);
    },
    stats() {
      return {
        sessionId: options.sessionId,
        skill: current.skill.name,
        connections: connections.size,
        inFlight: context.inFlight.size,
        egress: { allowed: counters.allowed, denied: counters.denied, refused: counters.refused },
        events: counters.events,
        modelCalls: counters.modelCalls,
        interrupts: counters.interrupts,
        budget: { ...budget.use(), ...(budget.exceeded === undefined ? {} : { exceeded: budget.exceeded }) },
      };
    },
  };
}

function createContext(
  options: BrokerOptions,
  limits: BrokerLimits,
  current: BrokerContext['current'],
  interrupted: BrokerContext['interrupted'],
  budget: BrokerContext['budget'],
  overBudget: BrokerContext['overBudget'],
): BrokerContext {
  const counters: BrokerCounters = {
    allowed: 0,
    denied: 0,
    refused: 0,
    events: 0,
    modelCalls: 0,
    interrupts: 0,
  };
  return {
    sessionId: options.sessionId,
    current,
    recorder: createAuditRecorder(options),
    inFlight: createInFlightRegistry(options.clock),
    upstream: createUpstreamClient(),
    upstreamUrl: new URL(options.upstreamUrl),
    credentials: options.credentials,
    limits,
    model: options.model,
    turn: options.turn,
    onModelText: options.onModelText,
    budget,
    overBudget,
    lastAnswer: undefined,
    counters,
    interrupted,
  };
}

/** The open connections, so that `close()` can drop them and `stats()` count them. */
function trackConnections(server: http.Server, limits: BrokerLimits): Set<Socket> {
  const connections = new Set<Socket>();
  server.on('connection', (socket: Socket) => {
    connections.add(socket);
    socket.once('close', () => connections.delete(socket));
    // Node's headersTimeout starts at the first byte: a connection that sends nothing at all would
    // stay open for ever. Until its first request arrives it may be silent this long.
    socket.setTimeout(limits.headersTimeoutMs);
  });
  return connections;
}

function createServer(context: BrokerContext, limits: BrokerLimits): http.Server {
  const server = http.createServer(
    {
      headersTimeout: limits.headersTimeoutMs,
      requestTimeout: limits.requestTimeoutMs,
      // Node checks the two timeouts on this interval (30 s by default): a slow client would otherwise
      // hold its connection up to 30 s past its deadline.
      connectionsCheckingInterval: Math.max(50, Math.min(1_000, Math.floor(limits.headersTimeoutMs / 4))),
      // The broker reads no identity from the Host header, so a request without one is not an error.
      requireHostHeader: false,
      maxHeaderSize: 16 * 1024,
    },
    (request, response) => {
      // The request is in: handling it (a long model call) may take any time; keep-alive idling is
      // bounded again by keepAliveTimeout once the answer is sent.
      request.socket.setTimeout(0);
      routeRequest(context, request, response).catch((error: unknown) => sendRefusal(response, error));
    },
  );
  server.keepAliveTimeout = limits.keepAliveTimeoutMs;
  server.maxConnections = limits.maxConnections;
  server.on('clientError', answerClientError);
  return server;
}

/**
 * A policy that says which tenant it was built for must be built for this broker's tenant: handing
 * a broker another tenant's policy is a wiring bug that must not go unnoticed.
 */
function requireTenantPolicy(policy: EgressPolicy, tenantId: string): void {
  const built = (policy as { tenantId?: unknown }).tenantId;
  if (built !== undefined && built !== tenantId) {
    throw new AppError(
      'invalid_argument',
      `The egress policy was built for another tenant than ${tenantId}.`,
    );
  }
}

function resolveLimits(given: Partial<BrokerLimits> | undefined): BrokerLimits {
  const limits = { ...defaultBrokerLimits, ...given };
  for (const [name, value] of Object.entries(limits)) {
    if (!Number.isInteger(value) || value <= 0) {
      throw new AppError('invalid_argument', `Broker limit ${name} must be a positive integer.`);
    }
  }
  if (limits.headersTimeoutMs > limits.requestTimeoutMs) {
    throw new AppError('invalid_argument', 'Broker limit headersTimeoutMs must not exceed requestTimeoutMs.');
  }
  return limits;
}

function delay(milliseconds: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, milliseconds).unref());
}

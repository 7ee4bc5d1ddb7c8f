import type { AuditEvent, AuditLog } from '../audit/event-types.ts';
import type { Clock } from '../clock/clock.ts';
import type { ModelAdapter, ModelMessage } from '../models/model-types.ts';
import type { EgressPolicy } from '../policy/egress-decision.ts';
import type { CredentialProvider } from './credentials.ts';
import type { TurnBudget } from './turn-budget.ts';

/** Limits that keep one cell from exhausting its broker. */
export interface BrokerLimits {
  /** Largest request body from the cell, in bytes. Default 2 MiB. */
  maxBodyBytes: number;
  /** Time for the cell to send a request's headers before the connection is closed. Default 5000 ms. */
  headersTimeoutMs: number;
  /**
   * Time for the cell to send a whole request; also the longest an upstream API call may take.
   * Default 60000 ms.
   */
  requestTimeoutMs: number;
  /** The longest a model call may take before it is aborted. Default 300000 ms (a turn's budget). */
  modelTimeoutMs: number;
  /** Open connections from the cell at once; further ones are refused. Default 32. */
  maxConnections: number;
  /** How long an idle keep-alive connection stays open. Default 5000 ms. */
  keepAliveTimeoutMs: number;
}

export const defaultBrokerLimits: BrokerLimits = {
  maxBodyBytes: 2 * 1024 * 1024,
  headersTimeoutMs: 5_000,
  requestTimeoutMs: 60_000,
  modelTimeoutMs: 300_000,
  maxConnections: 32,
  keepAliveTimeoutMs: 5_000,
};

/** The skill a session currently runs; it selects the egress policy. */
export interface SkillRef {
  name: string;
}

export interface BrokerOptions {
  sessionId: string;
  /** The tenant this broker acts for. Fixed for the broker's life; the cell cannot change it. */
  tenant: { id: string };
  userId: string;
  skill: SkillRef;
  /** The current skill's egress policy. */
  policy: EgressPolicy;
  audit: AuditLog;
  /** Base URL of the internal API (the CSP API). */
  upstreamUrl: string;
  /** The tenant's downstream credential, injected into every forwarded request. */
  credentials: CredentialProvider;
  clock: Clock;
  /** Where to listen. The cell sees it as `/run/broker/broker.sock`. */
  socketPath: string;
  limits?: Partial<BrokerLimits>;
  /** The model provider; without one `/v1/model` answers 503 `model_unavailable`. */
  model?: ModelAdapter;
  /** The turn the cell runs (served on `GET /v1/session`); without one the cell only gets its ids. */
  turn?: TurnBrief;
  /** Limits of the turn; exceeding one interrupts the session. Default: none (operator runs). */
  budget?: TurnBudget;
  /**
   * The model's text as it streams in (every step's, for a client to show while the turn runs). Not
   * recorded: the log holds each whole response.
   */
  onModelText?: (text: string) => void;
  /** Called once when the broker interrupts the session (budget, operator): kill the cell. */
  onInterrupted?: (reason: string) => void;
  /** Called with every event this broker appends to the audit log (to stream them to clients). */
  onEvent?: (event: AuditEvent) => void;
}

/** What the cell's loop needs to run one turn. Nothing in it is secret or names the tenant. */
export interface TurnBrief {
  /** The supplier's message of this turn. */
  message: string;
  /** Earlier turns of the session, rehydrated from the audit log. */
  conversation: ModelMessage[];
  skill: {
    name: string;
    description: string;
    /** The skill's procedure (SKILL.md body). */
    instructions: string;
    /** The tools the model is offered: the skill's allowed tools this user may use. */
    tools: string[];
  };
  /** Output token limit per model call. */
  maxTokensPerCall: number;
  budget: TurnBudget;
}

/** Counters for operators and benchmarks. */
export interface BrokerStats {
  sessionId: string;
  skill: string;
  /** Connections open from the cell now. */
  connections: number;
  /** Egress and model requests being handled now. */
  inFlight: number;
  egress: { allowed: number; denied: number; refused: number };
  events: number;
  modelCalls: number;
  interrupts: number;
  /** What the turn spent so far. */
  budget: { toolCalls: number; tokens: number; apiRequests: number; elapsedMs: number; exceeded?: string };
}

/** One session's broker: the cell's only way out. */
export interface Broker {
  /** Starts listening on `socketPath` (mode 0600; a stale socket file is replaced). */
  listen(): Promise<void>;
  /** Switches the current skill and its policy; requests already decided keep their decision. */
  setSkill(skill: SkillRef, policy: EgressPolicy): void;
  /**
   * Aborts every in-flight upstream and model request (the cell gets 503 `session_interrupted` for
   * each) and records `session-interrupted` with the reason and what was in flight.
   */
  interrupt(reason: string): Promise<void>;
  /** Stops listening, drops open connections and removes the socket file. */
  close(): Promise<void>;
  stats(): BrokerStats;
}

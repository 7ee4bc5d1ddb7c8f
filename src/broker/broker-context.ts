import type { ModelAdapter } from '../models/model-types.ts';
import type { EgressPolicy } from '../policy/egress-decision.ts';
import type { AuditRecorder } from './audit-recorder.ts';
import type { BrokerLimits, SkillRef, TurnBrief } from './broker-types.ts';
import type { CredentialProvider } from './credentials.ts';
import type { InFlightRegistry } from './in-flight.ts';
import type { BudgetGuard } from './turn-budget.ts';
import type { UpstreamClient } from './upstream-client.ts';

/** Mutable counters behind `Broker.stats()`. */
export interface BrokerCounters {
  allowed: number;
  denied: number;
  refused: number;
  events: number;
  modelCalls: number;
  interrupts: number;
}

/** What the routes share: fixed identity, the current skill, and the broker's I/O. */
export interface BrokerContext {
  readonly sessionId: string;
  /** The current skill and its policy, read once per request so a switch is atomic. */
  current(): { skill: SkillRef; policy: EgressPolicy };
  readonly recorder: AuditRecorder;
  readonly inFlight: InFlightRegistry;
  readonly upstream: UpstreamClient;
  readonly upstreamUrl: URL;
  readonly credentials: CredentialProvider;
  readonly limits: BrokerLimits;
  readonly model: ModelAdapter | undefined;
  readonly turn: TurnBrief | undefined;
  readonly onModelText: ((text: string) => void) | undefined;
  readonly budget: BudgetGuard;
  /** Interrupts the session because a budget ran out (records it, kills the cell). */
  overBudget(reason: string): void;
  /** The text of the latest model answer, to check the cell's `assistant-message` against. */
  lastAnswer: { text: string; final: boolean } | undefined;
  readonly counters: BrokerCounters;
  /** True once the session was interrupted: no new egress, model call or event is accepted. */
  interrupted(): boolean;
}

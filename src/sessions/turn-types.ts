import type { AuditEventInput, AuditLog, AuditReader } from '../audit/event-types.ts';
import type { CredentialProvider } from '../broker/credentials.ts';
import type { Clock } from '../clock/clock.ts';
import type { ModelAdapter } from '../models/model-types.ts';
import type { CellPool } from '../sandbox/cell-pool.ts';
import type { SkillRegistry } from '../skills/index.ts';

/** The supplier user a turn acts for, as the gateway (or `chat`) authenticated them. */
export interface TurnUser {
  id: string;
  scopes: readonly string[];
}

/** Everything a turn runs on: shared by every session of a process. */
export interface TurnRuntime {
  skills: SkillRegistry;
  model: ModelAdapter;
  pool: CellPool;
  audit: AuditLog & Pick<AuditReader, 'events'>;
  /** Base URL of the internal API the brokers forward to. */
  upstreamUrl: string;
  /** The tenant's downstream credential provider (cached per tenant by the caller). */
  credentials(tenantId: string): CredentialProvider;
  clock: Clock;
  /** The agent loop's entry below the application root (`prepareAgentEntry`). Default: the tsx entry. */
  agentEntry?: string;
  /** Output tokens per model call. Default 4096. */
  maxTokensPerCall?: number;
}

export interface TurnRequest {
  sessionId: string;
  tenantId: string;
  user: TurnUser;
  message: string;
  /** Skip routing and run this skill. */
  skill?: string;
  /**
   * Events of the channel that carried the message (the inbound e-mail and its authentication
   * verdicts), recorded just before the `user-message`.
   */
  channelEvents?: readonly AuditEventInput[];
  /** Aborting it interrupts the turn: in-flight calls are aborted, the cell is killed. */
  signal?: AbortSignal;
  /** Every event of the turn as it is recorded (to stream to a client). */
  onEvent?: (event: import('../audit/event-types.ts').AuditEvent) => void;
  /** The model's text as it streams in (not recorded as such: the log holds whole responses). */
  onText?: (text: string) => void;
}

export type TurnStatus = 'completed' | 'interrupted' | 'failed';

export interface TurnResult {
  sessionId: string;
  status: TurnStatus;
  /** The skill that ran, when one did. */
  skill?: string;
  reply: string;
  reason?: string;
}

import type { AuditEvent } from '../audit/event-types.ts';
import type { TenantContext } from '../identity/tenant-context.ts';
import type { TurnRequest, TurnResult, TurnStatus } from './turn-types.ts';

/** Admission limits: how many turns run at once, and how many may wait. */
export interface AdmissionLimits {
  /** Turns running at once on this node. Default 64. */
  maxRunning: number;
  /** Turns one tenant may run at once. Default 16. */
  maxRunningPerTenant: number;
  /** Turns waiting for a slot, all tenants together. Default 256. */
  maxQueued: number;
  /** Turns one tenant may have waiting. Default 64. */
  maxQueuedPerTenant: number;
}

export const defaultAdmissionLimits: AdmissionLimits = {
  maxRunning: 64,
  maxRunningPerTenant: 16,
  maxQueued: 256,
  maxQueuedPerTenant: 64,
};

export interface StartTurnRequest {
  context: TenantContext;
  /** Continue this session; without it a new session is created. */
  sessionId?: string;
  message: string;
  /** Run this skill, skipping routing. */
  skill?: string;
  /** Channel events recorded before the user message (see TurnRequest.channelEvents). */
  channelEvents?: TurnRequest['channelEvents'];
  /** Every event of the turn once it is durable (SSE streams them). */
  onEvent?: (event: AuditEvent) => void;
  /** The model's text as it streams in. */
  onText?: (text: string) => void;
}

/** A turn that was admitted: running now or queued. */
export interface TurnHandle {
  sessionId: string;
  /** `queued` when it waits for a slot. */
  state: 'running' | 'queued';
  /** Settles when the turn ends (never rejects: failures are a `failed` result). */
  result: Promise<TurnResult>;
}

/** One turn as `GET /v1/sessions/:id` shows it, rebuilt from the audit log. */
export interface TurnView {
  status: TurnStatus;
  skill?: string;
  message: string;
  reply: string;
  reason?: string;
  startedAt: string;
  endedAt: string;
}

export interface SessionView {
  sessionId: string;
  tenantId: string;
  userId: string;
  /** `running` or `queued` while a turn is in progress, else `idle`. */
  status: 'running' | 'queued' | 'idle';
  turns: TurnView[];
}

export interface SessionStats {
  running: number;
  queued: number;
  runningByTenant: Record<string, number>;
  queuedByTenant: Record<string, number>;
  suspendedTenants: string[];
  turns: Record<TurnStatus, number>;
  /** Turns refused at admission (429) and while a tenant was suspended. */
  refused: { busy: number; suspended: number; conflict: number };
  toolCalls: number;
  egressDenied: number;
  interrupts: number;
  /** Finished turns' durations in milliseconds, as cumulative histogram buckets (Prometheus style). */
  turnSeconds: { buckets: Array<{ le: number; count: number }>; sum: number; count: number };
}

/**
 * Runs sessions for the gateway: admission (global and per-tenant limits with a bounded queue,
 * served fairly across tenants), one turn at a time per session, interrupts, tenant suspension.
 * Every operation takes the caller's TenantContext: another tenant's session is `not_found`.
 */
export interface SessionManager {
  /**
   * Admits a turn. Rejects with AppError `not_found` (unknown session or another tenant's),
   * `conflict` (a turn of this session is running or queued), `rate_limited` (the queue is full;
   * `details.retryAfterSeconds`), `tenant_suspended`, or `unavailable` (shutting down).
   */
  startTurn(request: StartTurnRequest): Promise<TurnHandle>;
  /** Interrupts the session's running (or queued) turn; false when none was in progress. */
  interrupt(context: TenantContext, sessionId: string, reason: string): Promise<boolean>;
  describe(context: TenantContext, sessionId: string): Promise<SessionView>;
  /** The session's audit events (its own tenant, or an operator). */
  auditEvents(context: TenantContext, sessionId: string): Promise<AuditEvent[]>;
  /** Interrupts every running and queued turn of the tenant and refuses new ones until resumed. */
  suspendTenant(tenantId: string, reason: string): Promise<{ interrupted: number }>;
  resumeTenant(tenantId: string): void;
  stats(): SessionStats;
  /** Refuses new turns, interrupts the running and queued ones (recorded), waits for them to end. */
  close(reason: string): Promise<void>;
}

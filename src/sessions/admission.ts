import { AppError } from '../errors/index.ts';
import type { AdmissionLimits } from './session-manager-types.ts';

/** A turn waiting for a slot: `start` runs it once admitted, `cancel` drops it from the queue. */
export interface Waiting {
  tenantId: string;
  start(): void;
}

/**
 * Admission for turns: at most `maxRunning` at once and `maxRunningPerTenant` per tenant; beyond
 * that turns wait in a bounded queue per tenant. A freed slot goes to the next tenant in turn
 * (round robin over tenants with waiting turns), so one tenant's flood cannot starve the others.
 */
export interface Admission {
  /** Runs `waiting.start` now, or queues it; throws `rate_limited` when the queue is full. */
  admit(waiting: Waiting): 'running' | 'queued';
  /** A running turn ended: its slot goes to the next waiting turn. */
  release(tenantId: string): void;
  /** Removes a queued turn; false when it was not queued (already running or gone). */
  cancel(waiting: Waiting): boolean;
  /** Removes every queued turn of a tenant and returns them. */
  drain(tenantId?: string): Waiting[];
  running(tenantId?: string): number;
  queued(tenantId?: string): number;
  tenants(): string[];
}

export function createAdmission(limits: AdmissionLimits): Admission {
  const running = new Map<string, number>();
  const queues = new Map<string, Waiting[]>();
  let totalRunning = 0;
  let totalQueued = 0;
  /** Tenants with waiting turns, in the order they get the next free slot. */
  const order: string[] = [];

  const runningOf = (tenantId: string) => running.get(tenantId) ?? 0;
  const canRun = (tenantId: string) =>
    totalRunning < limits.maxRunning && runningOf(tenantId) < limits.maxRunningPerTenant;
  const start = (waiting: Waiting) => {
    running.set(waiting.tenantId, runningOf(waiting.tenantId) + 1);
    totalRunning += 1;
    waiting.start();
  };
  const dequeueNext = () => {
    for (let turn = 0; turn < order.length && totalRunning < limits.maxRunning; ) {
      const tenantId = order[turn] as string;
      const queue = queues.get(tenantId);
      if (!queue || queue.length === 0) {
        order.splice(turn, 1);
        queues.delete(tenantId);
        continue;
      }
      if (!canRun(tenantId)) {
        turn += 1;
        continue;
      }
      const next = queue.shift() as Waiting;
      totalQueued -= 1;
      // Served: this tenant goes to the back of the line.
      order.splice(turn, 1);
      if (queue.length > 0) order.push(tenantId);
      else queues.delete(tenantId);
      start(next);
      turn = 0;
    }
  };

  return {
    admit(waiting) {
      const queue = queues.get(waiting.tenantId);
      if (canRun(waiting.tenantId) && (queue === undefined || queue.length === 0)) {
        start(waiting);
        return 'running';
      }
      const tenantQueued = queue?.length ?? 0;
      if (totalQueued >= limits.maxQueued || tenantQueued >= limits.maxQueuedPerTenant) {
        const retryAfterSeconds = Math.max(
          1,
          Math.ceil(tenantQueued / Math.max(1, limits.maxRunningPerTenant)),
        );
        throw new AppError('rate_limited', 'Too many turns are running or waiting; try again shortly.', {
          retryable: true,
          details: { retryAfterSeconds },
        });
      }
      if (queue) queue.push(waiting);
      else {
        queues.set(waiting.tenantId, [waiting]);
        order.push(waiting.tenantId);
      }
      totalQueued += 1;
      return 'queued';
    },
    release(tenantId) {
      const count = runningOf(tenantId);
      if (count <= 1) running.delete(tenantId);
      else running.set(tenantId, count - 1);
      totalRunning = Math.max(0, totalRunning - 1);
      dequeueNext();
    },
    cancel(waiting) {
      const queue = queues.get(waiting.tenantId);
      const at = queue?.indexOf(waiting) ?? -1;
      if (!queue || at === -1) return false;
      queue.splice(at, 1);
      totalQueued -= 1;
      return true;
    },
    drain(tenantId) {
      const drained: Waiting[] = [];
      for (const [tenant, queue] of queues) {
        if (tenantId !== undefined && tenant !== tenantId) continue;
        drained.push(...queue);
        totalQueued -= queue.length;
        queues.delete(tenant);
      }
      return drained;
    },
    running: (tenantId) => (tenantId === undefined ? totalRunning : runningOf(tenantId)),
    queued: (tenantId) => (tenantId === undefined ? totalQueued : (queues.get(tenantId)?.length ?? 0)),
    tenants: () => [...new Set([...running.keys(), ...queues.keys()])],
  };
}

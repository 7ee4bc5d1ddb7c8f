/** Work of one session: what runs now and what waits behind it. */
interface Lane {
  pending: Array<() => Promise<void>>;
}

/** A lane taken for work that is about to start. */
export interface LaneHold {
  /** The work that holds the lane; when it settles, the next waiting job runs. */
  attach(work: Promise<void>): void;
  /** Gives the lane up without work (the start failed). */
  release(): void;
}

/**
 * One e-mail turn at a time per session, in arrival order: a follow-up that arrives while the
 * session's turn runs waits for it instead of being refused, as mail is expected to.
 */
export interface SessionLanes {
  busy(sessionId: string): boolean;
  /** Takes an idle lane at once (synchronously), so two messages cannot both start a turn. */
  hold(sessionId: string): LaneHold;
  /** Queues a job behind the lane's current work (the lane must be busy). */
  enqueue(sessionId: string, job: () => Promise<void>): void;
  /** Drops the jobs waiting in a lane; returns how many. */
  cancelPending(sessionId: string): number;
}

export function createSessionLanes(): SessionLanes {
  const lanes = new Map<string, Lane>();
  const advance = (sessionId: string) => {
    const lane = lanes.get(sessionId);
    const job = lane?.pending.shift();
    if (!lane || !job) {
      lanes.delete(sessionId);
      return;
    }
    void job()
      .catch(() => {})
      .then(() => advance(sessionId));
  };
  return {
    busy: (sessionId) => lanes.has(sessionId),
    hold(sessionId) {
      if (lanes.has(sessionId)) throw new Error(`lane ${sessionId} is busy`);
      lanes.set(sessionId, { pending: [] });
      let done = false;
      const finish = () => {
        if (done) return;
        done = true;
        advance(sessionId);
      };
      return {
        attach(work) {
          void work.catch(() => {}).then(finish);
        },
        release: finish,
      };
    },
    enqueue(sessionId, job) {
      const lane = lanes.get(sessionId);
      if (!lane) throw new Error(`lane ${sessionId} is idle`);
      lane.pending.push(job);
    },
    cancelPending(sessionId) {
      const lane = lanes.get(sessionId);
      if (!lane) return 0;
      const count = lane.pending.length;
      lane.pending.length = 0;
      return count;
    },
  };
}

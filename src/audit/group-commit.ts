export interface GroupCommitOptions<Item, Result> {
  /**
   * Commits a whole batch at once (one transaction, so one fsync) and returns one result per item,
   * in order, either at once (SQLite) or as a promise (a database over the network). When it throws
   * or rejects, nothing of the batch was committed and every item is rejected.
   */
  commit(batch: Item[]): Result[] | Promise<Result[]>;
  /**
   * How long the first item of a batch waits for others, in milliseconds. Default 0: the batch is
   * committed once the current turn of the event loop is over (`setImmediate`), so everything
   * submitted synchronously or from the same burst of I/O callbacks shares one commit.
   */
  windowMs?: number;
}

export interface GroupCommit<Item, Result> {
  /** Queues an item; resolves with its result once the batch holding it is committed. */
  submit(item: Item): Promise<Result>;
  /**
   * Commits whatever is queued now. With a synchronous `commit` it is done when `flush` returns
   * (used on close); with an asynchronous one, while a batch is in flight, the queue is committed
   * as soon as that batch is done.
   */
  flush(): void;
  /** Commits everything queued and resolves once nothing is queued or in flight. */
  drain(): Promise<void>;
}

interface Waiting<Item, Result> {
  item: Item;
  resolve(result: Result): void;
  reject(error: unknown): void;
}

/**
 * Group commit: callers wait for durability, but the cost of making things durable (the fsync) is
 * paid once per batch rather than once per item. With an asynchronous `commit`, one batch is in
 * flight at a time and the next one forms meanwhile: it is committed when the window has passed and
 * the batch before it is done, so batches never overlap and each sees the one before it committed.
 */
export function createGroupCommit<Item, Result>(
  options: GroupCommitOptions<Item, Result>,
): GroupCommit<Item, Result> {
  const windowMs = options.windowMs ?? 0;
  let queue: Waiting<Item, Result>[] = [];
  let scheduled: { cancel(): void } | undefined;
  let inFlight: Promise<void> | undefined;
  let flushWhenDone = false;

  function schedule(): void {
    if (scheduled) return;
    if (windowMs > 0) {
      const timer = setTimeout(flush, windowMs);
      scheduled = { cancel: () => clearTimeout(timer) };
    } else {
      const immediate = setImmediate(flush);
      scheduled = { cancel: () => clearImmediate(immediate) };
    }
  }

  function flush(): void {
    scheduled?.cancel();
    scheduled = undefined;
    if (inFlight) {
      flushWhenDone = true;
      return;
    }
    const batch = queue;
    queue = [];
    if (batch.length === 0) return;
    let outcome: Result[] | Promise<Result[]>;
    try {
      outcome = options.commit(batch.map((waiting) => waiting.item));
    } catch (error) {
      settle(batch, { error });
      return;
    }
    if (Array.isArray(outcome)) {
      settle(batch, { results: outcome });
      return;
    }
    inFlight = Promise.resolve(outcome).then(
      (results) => settle(batch, { results }),
      (error: unknown) => settle(batch, { error }),
    );
    void inFlight.then(afterBatch);
  }

  function afterBatch(): void {
    inFlight = undefined;
    if (flushWhenDone) {
      flushWhenDone = false;
      flush();
    }
  }

  async function drain(): Promise<void> {
    flush();
    while (inFlight || queue.length > 0) {
      if (inFlight) await inFlight;
      // The batch's own continuation (afterBatch) runs before this one: it was attached first.
      await Promise.resolve();
      flush();
    }
  }

  return {
    submit: (item) =>
      new Promise<Result>((resolve, reject) => {
        queue.push({ item, resolve, reject });
        schedule();
      }),
    flush,
    drain,
  };
}

function settle<Item, Result>(
  batch: Waiting<Item, Result>[],
  outcome: { results: Result[] } | { error: unknown },
): void {
  if ('error' in outcome) {
    for (const waiting of batch) waiting.reject(outcome.error);
    return;
  }
  batch.forEach((waiting, index) => {
    waiting.resolve(outcome.results[index] as Result);
  });
}

export interface GroupCommitOptions<Item, Result> {
  /**
   * Commits a whole batch at once (one transaction, so one fsync) and returns one result per item,
   * in order. When it throws, nothing of the batch was committed and every item is rejected.
   */
  commit(batch: Item[]): Result[];
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
  /** Commits whatever is queued now, synchronously (used on close). */
  flush(): void;
}

interface Waiting<Item, Result> {
  item: Item;
  resolve(result: Result): void;
  reject(error: unknown): void;
}

/**
 * Group commit: callers wait for durability, but the cost of making things durable (the fsync) is
 * paid once per batch rather than once per item.
 */
export function createGroupCommit<Item, Result>(
  options: GroupCommitOptions<Item, Result>,
): GroupCommit<Item, Result> {
  const windowMs = options.windowMs ?? 0;
  let queue: Waiting<Item, Result>[] = [];
  let scheduled: { cancel(): void } | undefined;

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
    const batch = queue;
    queue = [];
    if (batch.length === 0) return;
    let results: Result[];
    try {
      results = options.commit(batch.map((waiting) => waiting.item));
    } catch (error) {
      for (const waiting of batch) waiting.reject(error);
      return;
    }
    batch.forEach((waiting, index) => {
      waiting.resolve(results[index] as Result);
    });
  }

  return {
    submit: (item) =>
      new Promise<Result>((resolve, reject) => {
        queue.push({ item, resolve, reject });
        schedule();
      }),
    flush,
  };
}

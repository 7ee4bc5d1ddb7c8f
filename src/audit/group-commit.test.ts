import { describe, expect, it } from 'vitest';
import { createGroupCommit } from './group-commit.ts';

describe('createGroupCommit', () => {
  it('commits everything submitted in one turn of the event loop as one batch, results in order', async () => {
    const batches: number[][] = [];
    const group = createGroupCommit<number, string>({
      commit: (batch) => {
        batches.push(batch);
        return batch.map((item) => `done ${item}`);
      },
    });
    const results = await Promise.all([1, 2, 3].map((item) => group.submit(item)));
    expect(results).toEqual(['done 1', 'done 2', 'done 3']);
    expect(batches).toEqual([[1, 2, 3]]);
    await group.submit(4);
    expect(batches).toEqual([[1, 2, 3], [4]]);
  });

  it('does not resolve before the commit ran', async () => {
    let committed = false;
    const group = createGroupCommit<number, number>({
      commit: (batch) => {
        committed = true;
        return batch;
      },
    });
    const pending = group.submit(1);
    await Promise.resolve();
    expect(committed).toBe(false);
    await pending;
    expect(committed).toBe(true);
  });

  it('rejects the whole batch when the commit throws, and keeps working afterwards', async () => {
    let fail = true;
    const group = createGroupCommit<number, number>({
      commit: (batch) => {
        if (fail) throw new Error('disk full');
        return batch;
      },
    });
    const outcomes = await Promise.allSettled([group.submit(1), group.submit(2)]);
    expect(outcomes.map((outcome) => outcome.status)).toEqual(['rejected', 'rejected']);
    fail = false;
    await expect(group.submit(3)).resolves.toBe(3);
  });

  it('with a window, gathers submissions from separate turns into one batch', async () => {
    const batches: number[][] = [];
    const group = createGroupCommit<number, number>({
      windowMs: 30,
      commit: (batch) => {
        batches.push(batch);
        return batch;
      },
    });
    const first = group.submit(1);
    await new Promise((resolve) => setImmediate(resolve));
    const second = group.submit(2);
    await Promise.all([first, second]);
    expect(batches).toEqual([[1, 2]]);
  });

  it('flush commits at once', async () => {
    const batches: number[][] = [];
    const group = createGroupCommit<number, number>({
      windowMs: 10_000,
      commit: (batch) => {
        batches.push(batch);
        return batch;
      },
    });
    const pending = group.submit(1);
    group.flush();
    expect(batches).toEqual([[1]]);
    await expect(pending).resolves.toBe(1);
  });

  it('with an async commit, keeps one batch in flight and forms the next one meanwhile', async () => {
    const batches: number[][] = [];
    let inFlight = 0;
    let mostInFlight = 0;
    const releases: (() => void)[] = [];
    const group = createGroupCommit<number, number>({
      commit: async (batch) => {
        batches.push(batch);
        inFlight += 1;
        mostInFlight = Math.max(mostInFlight, inFlight);
        await new Promise<void>((resolve) => releases.push(resolve));
        inFlight -= 1;
        return batch.map((item) => item * 10);
      },
    });
    const first = [group.submit(1), group.submit(2)];
    await new Promise((resolve) => setImmediate(resolve));
    expect(batches).toEqual([[1, 2]]);
    const second = [group.submit(3), group.submit(4)];
    await new Promise((resolve) => setTimeout(resolve, 5));
    // The window passed while the first batch was in flight: the second waits for it.
    expect(batches).toEqual([[1, 2]]);
    let firstDone = false;
    void Promise.all(first).then(() => {
      firstDone = true;
    });
    await Promise.resolve();
    expect(firstDone).toBe(false);
    releases.shift()?.();
    expect(await Promise.all(first)).toEqual([10, 20]);
    await new Promise((resolve) => setImmediate(resolve));
    expect(batches).toEqual([
      [1, 2],
      [3, 4],
    ]);
    releases.shift()?.();
    expect(await Promise.all(second)).toEqual([30, 40]);
    expect(mostInFlight).toBe(1);
  });

  it('with an async commit, rejects the whole batch when it rejects, and keeps working', async () => {
    let fail = true;
    const group = createGroupCommit<number, number>({
      commit: async (batch) => {
        await new Promise((resolve) => setImmediate(resolve));
        if (fail) throw new Error('connection lost');
        return batch;
      },
    });
    const outcomes = await Promise.allSettled([group.submit(1), group.submit(2)]);
    expect(outcomes.map((outcome) => outcome.status)).toEqual(['rejected', 'rejected']);
    fail = false;
    await expect(group.submit(3)).resolves.toBe(3);
  });

  it('drain commits what is queued and what forms while a batch is in flight, then resolves', async () => {
    const batches: number[][] = [];
    const group = createGroupCommit<number, number>({
      windowMs: 10_000,
      commit: async (batch) => {
        batches.push(batch);
        await new Promise((resolve) => setTimeout(resolve, 5));
        if (batch.includes(1)) void group.submit(3);
        return batch;
      },
    });
    const pending = [group.submit(1), group.submit(2)];
    await group.drain();
    expect(batches).toEqual([[1, 2], [3]]);
    await expect(Promise.all(pending)).resolves.toEqual([1, 2]);
    await group.drain();
    expect(batches).toHaveLength(2);
  });
});

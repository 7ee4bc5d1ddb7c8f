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
});

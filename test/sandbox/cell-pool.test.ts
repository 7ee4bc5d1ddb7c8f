import fs from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, describe, expect, it } from 'vitest';
import type { Cell } from '../../src/sandbox/cell.ts';
import type { CellDriver } from '../../src/sandbox/cell-driver.ts';
import { type CellPool, createCellPool } from '../../src/sandbox/cell-pool.ts';
import { createCellDriver } from '../../src/sandbox/select-cell-driver.ts';
import { createTempDir } from '../../src/testing/temp-dir.ts';
import {
  appRoot,
  createRecordingLogger,
  createTrackedCgroups,
  isAlive,
  mustSkip,
  runCollecting,
  testLimits,
} from './cell-kit.ts';

/** The real bubblewrap driver, counting what it starts: which host pids, and when. */
function countingDriver(inner: CellDriver): CellDriver & { startedPids: number[] } {
  const startedPids: number[] = [];
  return {
    name: inner.name,
    startedPids,
    available: () => inner.available(),
    start(spec) {
      const started = inner.start(spec);
      startedPids.push(started.pid);
      return started;
    },
  };
}

describe.skipIf(await mustSkip('bubblewrap'))('the warm cell pool', () => {
  const log = createRecordingLogger();
  const cgroups = createTrackedCgroups(log);
  let pool: CellPool | undefined;
  let dir: ReturnType<typeof createTempDir> | undefined;
  const makePool = (size: number) => {
    dir = createTempDir('cell-pool-');
    const driver = countingDriver(createCellDriver('bubblewrap', { production: false, log, cgroups }));
    pool = createCellPool({ driver, size, cellsDir: dir.path, appRoot, limits: testLimits, log });
    return { pool, driver, cellsDir: dir.path };
  };
  afterEach(async () => {
    await pool?.close();
    dir?.remove();
  });

  it('binds a session to an already started cell without starting a process', async () => {
    const { pool, driver } = makePool(2);
    await pool.whenFilled();
    const warmPids = [...driver.startedPids];
    expect(warmPids).toHaveLength(2);
    const began = performance.now();
    const cell = await pool.acquire({ sessionId: 'session-a' });
    const bindMs = performance.now() - began;
    expect(warmPids).toContain(cell.pid);
    expect(cell.binding).toEqual({ sessionId: 'session-a' });
    // A process start takes tens of milliseconds; binding must not pay for one.
    expect(bindMs).toBeLessThan(cell.startMs);
    expect(bindMs).toBeLessThan(20);
    const outcome = await runCollecting(cell, { argv: ['/bin/sh', '-c', 'echo bound'] });
    expect(outcome.stdout).toBe('bound\n');
  });

  it('refills in the background and never hands out a cell twice', async () => {
    const { pool } = makePool(2);
    await pool.whenFilled();
    const cells: Cell[] = [];
    for (const sessionId of ['s1', 's2', 's3', 's4', 's5']) cells.push(await pool.acquire({ sessionId }));
    expect(new Set(cells.map((cell) => cell.id)).size).toBe(5);
    expect(new Set(cells.map((cell) => cell.pid)).size).toBe(5);
    expect(cells.map((cell) => cell.binding?.sessionId)).toEqual(['s1', 's2', 's3', 's4', 's5']);
    await pool.whenFilled();
    expect(pool.idle).toBe(2);
    expect(() => cells[0]!.bind({ sessionId: 'other' })).toThrow(/already bound/);
  });

  it('drops a warm cell that died unbound and starts a replacement', async () => {
    const { pool, driver } = makePool(2);
    await pool.whenFilled();
    const [victim] = driver.startedPids;
    process.kill(-victim!, 'SIGKILL'); // as an out-of-memory kill or an operator would
    while (driver.startedPids.length < 3) await sleep(10);
    await pool.whenFilled();
    const cells = [await pool.acquire({ sessionId: 'a' }), await pool.acquire({ sessionId: 'b' })];
    expect(cells.map((cell) => cell.pid)).not.toContain(victim);
    const outcome = await runCollecting(cells[0]!, { argv: ['/bin/sh', '-c', 'echo alive'] });
    expect(outcome.stdout).toBe('alive\n');
  });

  it('starts a cold cell when empty, and for extra mounts', async () => {
    const { pool, driver } = makePool(0);
    const extra = createTempDir('cell-mount-');
    try {
      fs.writeFileSync(path.join(extra.path, 'note.txt'), 'mounted');
      const cell = await pool.acquire(
        { sessionId: 's' },
        { mounts: [{ hostPath: extra.path, cellPath: '/mnt/extra' }] },
      );
      expect(driver.startedPids).toEqual([cell.pid]);
      const outcome = await runCollecting(cell, {
        argv: ['/bin/sh', '-c', 'cat /mnt/extra/note.txt; echo x > /mnt/extra/new.txt'],
      });
      expect(outcome.stdout).toBe('mounted');
      expect(outcome.stderr).toMatch(/Read-only file system/);
      expect(fs.existsSync(path.join(extra.path, 'new.txt'))).toBe(false);
    } finally {
      extra.remove();
    }
  });

  it('close kills bound and unbound cells and leaves no files or cgroups', async () => {
    const { pool, driver, cellsDir } = makePool(2);
    await pool.whenFilled();
    const bound = await pool.acquire({ sessionId: 's' });
    void bound.run({ argv: ['sleep', '1000'] });
    await pool.whenFilled();
    await pool.close();
    for (const pid of driver.startedPids) expect(isAlive(pid)).toBe(false);
    expect(fs.readdirSync(cellsDir)).toEqual([]);
    for (const cgroup of cgroups.made) {
      for (const file of cgroup.procsFiles) expect(fs.existsSync(path.dirname(file))).toBe(false);
    }
    await expect(pool.acquire({ sessionId: 'late' })).rejects.toMatchObject({ code: 'unavailable' });
  });
});

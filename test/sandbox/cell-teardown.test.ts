import fs from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, describe, expect, it } from 'vitest';
import type { CellDriverName } from '../../src/sandbox/cell-driver.ts';
import { createCellDriver } from '../../src/sandbox/select-cell-driver.ts';
import { startCell } from '../../src/sandbox/start-cell.ts';
import { createTempDir } from '../../src/testing/temp-dir.ts';
import {
  appRoot,
  createCellHarness,
  createRecordingLogger,
  createTrackedCgroups,
  isAlive,
  mustSkip,
  processTree,
  testLimits,
} from './cell-kit.ts';

const drivers: CellDriverName[] = ['bubblewrap', 'unshare', 'none'];
const skipped = new Map(
  await Promise.all(drivers.map(async (name) => [name, await mustSkip(name)] as const)),
);

for (const name of drivers) {
  describe.skipIf(skipped.get(name))(`tearing down a ${name} cell`, () => {
    const harness = createCellHarness(name);
    afterAll(() => harness.close());

    it('kills the whole process tree, even processes that left the process group', async () => {
      const cell = await harness.start();
      // A background sleep in a new session (setsid) escapes the process group; the cgroup and the
      // pid namespace still hold it.
      const running = cell.run({ argv: ['/bin/sh', '-c', 'setsid sleep 1000 & sleep 1000 & wait'] });
      let tree: number[] = [];
      let sleeps: number[] = [];
      for (let attempt = 0; attempt < 100 && sleeps.length < 2; attempt += 1) {
        await sleep(20);
        tree = processTree(cell.pid).filter(isAlive);
        sleeps = tree.filter((pid) => readCommand(pid).startsWith('sleep'));
      }
      expect(sleeps).toHaveLength(2); // positive control: the processes exist before the kill
      await cell.kill('interrupted by test');
      const exit = await running;
      expect(exit).toMatchObject({ reason: 'killed', killReason: 'interrupted by test', exitCode: 137 });
      for (const pid of tree) expect(isAlive(pid), `pid ${pid} (${readCommand(pid)})`).toBe(false);
      expect(fs.existsSync(path.join(harness.cellsDir, cell.id))).toBe(false);
      const cgroup = harness.cgroups.made.at(-1);
      for (const file of cgroup?.procsFiles ?? []) expect(fs.existsSync(path.dirname(file))).toBe(false);
    });

    it('tears down a cell that was never bound', async () => {
      const cell = await harness.start();
      expect(isAlive(cell.pid)).toBe(true);
      await cell.kill('pool shrinking');
      expect(isAlive(cell.pid)).toBe(false);
      expect(fs.existsSync(path.join(harness.cellsDir, cell.id))).toBe(false);
      await expect(cell.run({ argv: ['true'] })).rejects.toMatchObject({ code: 'unavailable' });
    });
  });
}

function readCommand(pid: number): string {
  try {
    return fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' ');
  } catch {
    return '(gone)';
  }
}

describe('a cell that fails to start', () => {
  it('rejects with the reason and leaves no process, cgroup or files behind', async () => {
    const log = createRecordingLogger();
    const cgroups = createTrackedCgroups(log);
    const driver = createCellDriver('bubblewrap', {
      production: false,
      log,
      cgroups,
      bubblewrapPath: '/nonexistent/bwrap',
    });
    const dir = createTempDir('cells-');
    try {
      await expect(
        startCell({ driver, cellsDir: dir.path, appRoot, limits: testLimits }),
      ).rejects.toMatchObject({
        code: 'unavailable',
        details: { stderr: expect.stringMatching(/nonexistent/) },
      });
      expect(fs.readdirSync(dir.path)).toEqual([]);
      for (const cgroup of cgroups.made) {
        for (const file of cgroup.procsFiles) expect(fs.existsSync(path.dirname(file))).toBe(false);
      }
    } finally {
      dir.remove();
    }
  });
});

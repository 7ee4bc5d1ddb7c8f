import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, describe, expect, it } from 'vitest';
import type { CellDriverName } from '../../src/sandbox/cell-driver.ts';
import {
  createCellHarness,
  isAlive,
  mustSkip,
  processTree,
  runCollecting,
  testLimits,
} from '../sandbox/cell-kit.ts';
import { startHostProbe } from '../sandbox/host-probe.ts';

const drivers: CellDriverName[] = ['bubblewrap', 'unshare'];
const skipped = new Map(
  await Promise.all(drivers.map(async (name) => [name, await mustSkip(name)] as const)),
);
const mebibyte = 1024 * 1024;

for (const name of drivers) {
  describe.skipIf(skipped.get(name))(`bombs in a ${name} cell`, () => {
    const harness = createCellHarness(name);
    afterAll(() => harness.close());

    it('contains a fork bomb: forks fail at the pids limit and the host keeps answering', async () => {
      const cell = await harness.start({ limits: { ...testLimits, pids: 32 } });
      const probe = await startHostProbe();
      // Every process forks two more and waits. dash gives up once fork fails (the limit), so the
      // bomb collapses instead of holding the machine.
      const running = runCollecting(cell, {
        argv: ['/bin/sh', '-c', 'bomb() { bomb & bomb & wait; }; bomb'],
      });
      const outcome = await Promise.race([running, sleep(5_000).then(() => undefined)]);
      const tree = processTree(cell.pid);
      await cell.kill('fork bomb');
      const { stderr } = await running;
      const health = await probe.stop();
      expect(outcome?.exit.reason ?? 'still running').toBe('exited');
      expect(stderr).toMatch(/Cannot fork/);
      for (const pid of tree) expect(isAlive(pid)).toBe(false);
      expect(health.failures).toBe(0);
      expect(health.maxMs).toBeLessThan(1_000);
    });

    it('holds a process flood at the pids limit while the host keeps answering', async () => {
      const pids = 48;
      const cell = await harness.start({ limits: { ...testLimits, pids } });
      const probe = await startHostProbe();
      const flood = `
        const { spawn } = require('node:child_process');
        const again = () => { const child = spawn('sleep', ['1000']); child.on('error', () => {}); setImmediate(again); };
        again();`;
      const running = runCollecting(cell, { argv: ['node', '-e', flood] });
      let peak = 0;
      const until = performance.now() + 2_000;
      while (performance.now() < until) {
        peak = Math.max(peak, processTree(cell.pid).length);
        await sleep(50);
      }
      const tree = processTree(cell.pid);
      await cell.kill('process flood');
      const { exit } = await running;
      const health = await probe.stop();
      // The flood was real (it neared the ceiling: threads count too) and the ceiling held.
      expect(peak).toBeGreaterThan(pids / 2);
      expect(peak).toBeLessThanOrEqual(pids);
      expect(exit.reason).toBe('killed');
      for (const pid of tree) expect(isAlive(pid)).toBe(false);
      expect(health.failures).toBe(0);
      expect(health.count).toBeGreaterThan(5);
      expect(health.maxMs).toBeLessThan(1_000);
    });

    it('kills a memory bomb at the memory limit while the host keeps answering', async () => {
      const memoryBytes = 128 * mebibyte;
      const cell = await harness.start({ limits: { ...testLimits, memoryBytes } });
      const probe = await startHostProbe(50);
      const bomb = 'const held = []; for (;;) held.push(Buffer.alloc(8 * 1024 * 1024, 1));';
      const { exit } = await runCollecting(cell, { argv: ['node', '-e', bomb] });
      await sleep(200);
      const health = await probe.stop();
      expect(exit).toMatchObject({ reason: 'memory-limit', exitCode: 137 });
      expect(exit.resources.cellPeakMemoryBytes).toBeLessThanOrEqual(memoryBytes);
      expect(health.failures).toBe(0);
      expect(health.maxMs).toBeLessThan(1_000);
    });
  });
}

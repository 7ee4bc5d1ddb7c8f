import { afterAll, describe, expect, it } from 'vitest';
import type { CellDriverName } from '../../src/sandbox/cell-driver.ts';
import { createCellHarness, mustSkip, runCollecting, runNodeInCell, testLimits } from './cell-kit.ts';

const drivers: CellDriverName[] = ['bubblewrap', 'unshare'];
const skipped = new Map(
  await Promise.all(drivers.map(async (name) => [name, await mustSkip(name)] as const)),
);
const mebibyte = 1024 * 1024;

/** Allocates and touches `megabytes` of memory, then prints how much it held. */
const allocate = (megabytes: number) =>
  `const held = []; for (let i = 0; i < ${megabytes}; i++) held.push(Buffer.alloc(1024 * 1024, 1)); console.log(JSON.stringify(held.length))`;

for (const name of drivers) {
  describe.skipIf(skipped.get(name))(`limits of a ${name} cell`, () => {
    const harness = createCellHarness(name);
    afterAll(() => harness.close());
    const limits = { ...testLimits, memoryBytes: 128 * mebibyte };

    it('runs a command that stays under the memory limit (positive control)', async () => {
      const cell = await harness.start({ limits });
      const outcome = await runNodeInCell(cell, allocate(32));
      expect(outcome.value).toBe(32);
      expect(outcome.exit).toMatchObject({ exitCode: 0, reason: 'exited' });
      expect(outcome.exit.resources.maxRssBytes).toBeGreaterThan(32 * mebibyte);
    });

    it('kills a command that allocates past the memory limit and says why', async () => {
      const cell = await harness.start({ limits });
      const outcome = await runCollecting(cell, { argv: ['node', '-e', allocate(1024)] });
      expect(outcome.exit).toMatchObject({ exitCode: 137, signal: 'SIGKILL', reason: 'memory-limit' });
      expect(outcome.exit.resources.cellPeakMemoryBytes).toBeLessThanOrEqual(limits.memoryBytes);
    });

    it('caps the number of processes: a few start, the rest fail with EAGAIN', async () => {
      const cell = await harness.start({ limits: { ...testLimits, pids: 24 } });
      const script = `
        const { spawn } = require('node:child_process');
        const results = { started: 0, refused: 0 };
        const children = [];
        let pending = 40;
        const finish = () => { if (--pending === 0) { console.log(JSON.stringify(results)); for (const c of children) c.kill('SIGKILL'); process.exit(0); } };
        for (let i = 0; i < 40; i++) {
          const child = spawn('sleep', ['30']);
          child.once('spawn', () => { results.started++; children.push(child); finish(); });
          child.once('error', (error) => { results.refused++; results.code = error.code; finish(); });
        }`;
      const { value } = await runNodeInCell<{ started: number; refused: number; code: string }>(cell, script);
      expect(value.started).toBeGreaterThan(3);
      expect(value.started).toBeLessThan(24);
      expect(value.refused).toBeGreaterThan(0);
      expect(value.code).toBe('EAGAIN');
    });

    it('stops a command that uses up its CPU seconds', async () => {
      const cell = await harness.start({ limits: { ...testLimits, cpuSeconds: 1 } });
      const quick = await harness.start({ limits: { ...testLimits, cpuSeconds: 1 } });
      // Positive control: a short computation under the same limit finishes.
      const control = await runCollecting(quick, {
        argv: ['node', '-e', 'let x = 0; for (let i = 0; i < 1e6; i++) x += i'],
      });
      expect(control.exit).toMatchObject({ exitCode: 0, reason: 'exited' });
      const outcome = await runCollecting(cell, { argv: ['node', '-e', 'for (;;) {}'] });
      expect(outcome.exit, JSON.stringify(outcome)).toMatchObject({ reason: 'cpu-limit' });
      expect(outcome.exit.signal).toBe('SIGXCPU');
      expect(outcome.exit.resources.userCpuMs + outcome.exit.resources.systemCpuMs).toBeGreaterThanOrEqual(
        900,
      );
    });
  });
}

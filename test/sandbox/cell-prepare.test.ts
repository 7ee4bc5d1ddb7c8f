import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, describe, expect, it } from 'vitest';
import type { CellCommand } from '../../src/sandbox/cell.ts';
import { type CellPool, createCellPool } from '../../src/sandbox/cell-pool.ts';
import { createCellDriver } from '../../src/sandbox/select-cell-driver.ts';
import { createTempDir } from '../../src/testing/temp-dir.ts';
import {
  appRoot,
  createRecordingLogger,
  createTrackedCgroups,
  mustSkip,
  runCollecting,
  testLimits,
} from './cell-kit.ts';

/** Notes when it started; when told to wait (a prepared command), waits for its line on stdin first. */
const script = `
  const startedAt = Date.now();
  if (process.env.SUPPLIER_AGENT_START === 'stdin') {
    await new Promise((resolve) => process.stdin.once('data', resolve));
    process.stdin.pause();
  }
  console.log(JSON.stringify({ startedAt, goAt: Date.now(), waited: process.env.SUPPLIER_AGENT_START === 'stdin' }));
`;
const command = (tag: string): CellCommand => ({ argv: ['node', '--input-type=module', '-e', script, tag] });

describe.skipIf(await mustSkip('bubblewrap'))('a command prepared in a warm cell', () => {
  const log = createRecordingLogger();
  const cgroups = createTrackedCgroups(log);
  let pool: CellPool | undefined;
  let dir: ReturnType<typeof createTempDir> | undefined;
  afterEach(async () => {
    await pool?.close();
    dir?.remove();
  });
  const preparedPool = async () => {
    dir = createTempDir('cell-prepare-');
    const driver = createCellDriver('bubblewrap', { production: false, log, cgroups });
    pool = createCellPool({
      driver,
      size: 1,
      cellsDir: dir.path,
      appRoot,
      limits: testLimits,
      log,
      prepare: command('loop'),
    });
    await pool.whenFilled();
    // Time for the prepared command to start inside the warm cell.
    await sleep(800);
    return pool;
  };

  it('is already running when the session binds, and goes on when run names it', async () => {
    const cell = await (await preparedPool()).acquire({ sessionId: 'prepared' });
    const runAt = Date.now();
    const outcome = await runCollecting(cell, command('loop'));
    expect(outcome.exit.exitCode).toBe(0);
    const report = JSON.parse(outcome.stdout.trim());
    expect(report.waited).toBe(true);
    expect(report.startedAt).toBeLessThan(runAt);
    expect(report.goAt).toBeGreaterThanOrEqual(runAt - 5);
  }, 30_000);

  it('is replaced when run names another command, which starts fresh (the prepared one never runs)', async () => {
    const cell = await (await preparedPool()).acquire({ sessionId: 'other' });
    const runAt = Date.now();
    const outcome = await runCollecting(cell, command('something else'));
    expect(outcome.exit.exitCode).toBe(0);
    const lines = outcome.stdout.trim().split('\n');
    expect(lines).toHaveLength(1);
    const report = JSON.parse(lines[0] as string);
    expect(report.waited).toBe(false);
    expect(report.startedAt).toBeGreaterThanOrEqual(runAt - 5);
  }, 30_000);
});

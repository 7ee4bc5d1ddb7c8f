import fs from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { createCellPool } from '../../src/sandbox/cell-pool.ts';
import { noneDriverWarning } from '../../src/sandbox/none-driver.ts';
import { createCellDriver, selectCellDriver } from '../../src/sandbox/select-cell-driver.ts';
import { createTempDir } from '../../src/testing/temp-dir.ts';
import { appRoot, createRecordingLogger, mustSkip, testLimits } from './cell-kit.ts';

describe.skipIf(await mustSkip('bubblewrap'))('choosing the sandbox driver', () => {
  const dir = createTempDir('cell-select-');
  afterAll(() => dir.remove());

  it('takes bubblewrap when it works, and logs the choice', async () => {
    const log = createRecordingLogger();
    const driver = await selectCellDriver({ production: true, log });
    expect(driver.name).toBe('bubblewrap');
    expect(log.lines).toContainEqual({ level: 'info', message: 'cells: sandbox driver bubblewrap' });
  });

  it('falls back to unshare when bubblewrap is missing, with a warning', async () => {
    const log = createRecordingLogger();
    const driver = await selectCellDriver({ production: true, log, bubblewrapPath: '/nonexistent/bwrap' });
    expect(driver.name).toBe('unshare');
    expect(log.lines).toContainEqual({
      level: 'warn',
      message: 'cells: sandbox driver unshare (bubblewrap did not work here)',
    });
  });

  it('fails when the preferred driver does not work, rather than silently weakening', async () => {
    const log = createRecordingLogger();
    await expect(
      selectCellDriver({
        preferred: 'bubblewrap',
        production: false,
        log,
        bubblewrapPath: '/nonexistent/bwrap',
      }),
    ).rejects.toMatchObject({ code: 'unavailable' });
  });

  it('refuses the none driver in production mode, and allows it otherwise with a loud warning', async () => {
    const log = createRecordingLogger();
    expect(() => createCellDriver('none', { production: true, log })).toThrow(/refused in production/);
    await expect(selectCellDriver({ preferred: 'none', production: true, log })).rejects.toMatchObject({
      code: 'invalid_argument',
    });
    const driver = await selectCellDriver({ preferred: 'none', production: false, log });
    expect(driver.name).toBe('none');
    const pool = createCellPool({ driver, size: 0, cellsDir: dir.path, appRoot, limits: testLimits, log });
    const cell = await pool.acquire({ sessionId: 'dev' });
    expect(cell.driver).toBe('none');
    expect(log.lines).toContainEqual({ level: 'warn', message: noneDriverWarning });
    expect(noneDriverWarning).toMatch(/SANDBOX DISABLED/);
    await pool.close();
  });

  it('reports the driver of the pool and of each cell', async () => {
    const log = createRecordingLogger();
    const driver = await selectCellDriver({ production: false, log });
    const pool = createCellPool({ driver, size: 1, cellsDir: dir.path, appRoot, limits: testLimits, log });
    expect(pool.driver).toBe('bubblewrap');
    const cell = await pool.acquire({ sessionId: 's' });
    expect(cell.driver).toBe('bubblewrap');
    await pool.close();
    expect(fs.readdirSync(dir.path)).toEqual([]);
  });
});

import path from 'node:path';
import type { Config } from '../../config/index.ts';
import { type CellPool, createCellPool } from '../../sandbox/cell-pool.ts';
import { selectCellDriver } from '../../sandbox/select-cell-driver.ts';

/** The project root: the application code cells get read-only at /app. */
export const appRoot = path.resolve(import.meta.dirname, '../../..');

export interface CommandLog {
  info(line: string): void;
  warn(line: string): void;
}

/**
 * The cells a one-shot command (`chat`, `sandbox run`) runs in: the configured driver (refused in
 * production mode when it is `none`) and a pool that starts cells on demand, never exposing the
 * data dir.
 */
export async function cellsForCommand(config: Config, log: CommandLog): Promise<CellPool> {
  const driver = await selectCellDriver({
    preferred: config.sandbox.driver,
    production: config.production,
    log,
  });
  return createCellPool({
    driver,
    size: 0,
    cellsDir: path.join(config.dataDir, 'cells'),
    appRoot,
    protectedPaths: [config.dataDir],
    limits: config.sandbox,
    log,
  });
}

import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { AppError } from '../errors/index.ts';
import type { Cell } from './cell.ts';
import type { CellDriver, CellLimits, CellMount, CellProcess } from './cell-driver.ts';
import { brokerSocketName } from './cell-filesystem.ts';
import { createCellRuntime } from './cell-runtime.ts';

export interface StartCellOptions {
  driver: CellDriver;
  /** Parent of every cell's own directory (in production `DATA_DIR/cells`). Created mode 0700. */
  cellsDir: string;
  /** Host directory of the application, mounted read-only at `/app`. */
  appRoot: string;
  appEntries?: readonly string[] | undefined;
  /** Host paths no mount may expose, besides `cellsDir` (always protected): the data dir, keys. */
  protectedPaths?: readonly string[] | undefined;
  limits: CellLimits;
  mounts?: readonly CellMount[] | undefined;
  /** How long the supervisor may take to report ready. Default 10 s. */
  readyTimeoutMs?: number | undefined;
  /** Default: `cell-` and 12 random hex digits. */
  createId?: (() => string) | undefined;
}

/**
 * Starts one cell and resolves once its supervisor is ready to take a command. On any failure the
 * cell's processes, cgroup and files are gone before the promise rejects.
 */
export async function startCell(options: StartCellOptions): Promise<Cell> {
  const id = options.createId?.() ?? `cell-${randomBytes(6).toString('hex')}`;
  fs.mkdirSync(options.cellsDir, { recursive: true, mode: 0o700 });
  const cellDir = path.join(options.cellsDir, id);
  fs.mkdirSync(cellDir, { mode: 0o700 });
  fs.mkdirSync(path.join(cellDir, 'run'), { mode: 0o700 });
  const startedAt = performance.now();
  let process: CellProcess;
  try {
    process = options.driver.start({
      id,
      cellDir,
      appRoot: options.appRoot,
      appEntries: options.appEntries,
      protectedPaths: [options.cellsDir, ...(options.protectedPaths ?? [])],
      limits: options.limits,
      mounts: options.mounts,
    });
  } catch (error) {
    fs.rmSync(cellDir, { recursive: true, force: true });
    throw error;
  }
  const runtime = createCellRuntime({
    id,
    driver: options.driver.name,
    cellDir,
    process,
    socketDir: path.join(cellDir, 'run'),
    brokerSocketPath: path.join(cellDir, 'run', brokerSocketName),
  });
  try {
    await withTimeout(runtime.ready, options.readyTimeoutMs ?? 10_000);
  } catch (error) {
    const output = await runtime.drainStderr();
    await runtime.cell.kill('start failed');
    throw new AppError(
      'unavailable',
      `Cell ${id} (${options.driver.name}) did not start: ${describe(error)}`,
      {
        details: { cellId: id, driver: options.driver.name, stderr: output.slice(0, 2_000) },
        cause: error,
      },
    );
  }
  runtime.markReady(performance.now() - startedAt);
  return runtime.cell;
}

function withTimeout<T>(promise: Promise<T>, timeoutMs: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`not ready after ${timeoutMs} ms`)), timeoutMs);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

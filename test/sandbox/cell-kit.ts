import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Cell, CellCommand, CellExit } from '../../src/sandbox/cell.ts';
import { type CellCgroup, type CellCgroups, createCellCgroups } from '../../src/sandbox/cell-cgroups.ts';
import type { CellDriver, CellDriverName, CellLimits, SandboxLogger } from '../../src/sandbox/cell-driver.ts';
import { createCellDriver } from '../../src/sandbox/select-cell-driver.ts';

export { processTree } from '../../src/sandbox/process-memory.ts';

import { type StartCellOptions, startCell } from '../../src/sandbox/start-cell.ts';
import { createTempDir } from '../../src/testing/temp-dir.ts';

/** The repository root: cells mount its code read-only at /app. */
export const appRoot = path.resolve(fileURLToPath(new URL('../..', import.meta.url)));

export const testLimits: CellLimits = { memoryBytes: 256 * 1024 * 1024, pids: 64, cpuSeconds: 60 };

/** A logger that keeps its lines, so tests can check what the sandbox reported. */
export interface RecordingLogger extends SandboxLogger {
  lines: { level: 'info' | 'warn'; message: string }[];
}

export function createRecordingLogger(): RecordingLogger {
  const lines: RecordingLogger['lines'] = [];
  return {
    lines,
    info: (message) => lines.push({ level: 'info', message }),
    warn: (message) => lines.push({ level: 'warn', message }),
  };
}

/** cgroups that remember every cell cgroup they made, so tests can check they are gone. */
export function createTrackedCgroups(log: SandboxLogger): CellCgroups & { made: CellCgroup[] } {
  const inner = createCellCgroups({ log });
  const made: CellCgroup[] = [];
  return {
    mode: inner.mode,
    made,
    create(cellId, limits) {
      const cgroup = inner.create(cellId, limits);
      if (cgroup) made.push(cgroup);
      return cgroup;
    },
  };
}

const availability = new Map<CellDriverName, Promise<boolean>>();

/** Whether the driver works here; a test may skip only when it does not and CI is unset. */
export function driverWorks(name: CellDriverName): Promise<boolean> {
  let known = availability.get(name);
  if (!known) {
    known = createCellDriver(name, { production: false, log: createRecordingLogger() }).available();
    availability.set(name, known);
  }
  return known;
}

/** `describe.skipIf(await mustSkip('bubblewrap'))`: never skips in CI, so a broken sandbox fails there. */
export async function mustSkip(name: CellDriverName): Promise<boolean> {
  return !(await driverWorks(name)) && !process.env.CI;
}

export interface CellHarness {
  driver: CellDriver;
  log: RecordingLogger;
  cgroups: CellCgroups & { made: CellCgroup[] };
  cellsDir: string;
  start(options?: Partial<StartCellOptions>): Promise<Cell>;
  /** Kills every cell started here and removes the cells dir. */
  close(): Promise<void>;
}

export function createCellHarness(name: CellDriverName): CellHarness {
  const log = createRecordingLogger();
  const cgroups = createTrackedCgroups(log);
  const driver = createCellDriver(name, { production: false, log, cgroups });
  // Made on first use: a suite whose tests are all filtered out runs no hooks to remove it.
  let dir: ReturnType<typeof createTempDir> | undefined;
  const cellsDir = () => {
    dir ??= createTempDir('cells-');
    return dir.path;
  };
  const started: Cell[] = [];
  return {
    driver,
    log,
    cgroups,
    get cellsDir() {
      return cellsDir();
    },
    async start(options = {}) {
      const cell = await startCell({ driver, cellsDir: cellsDir(), appRoot, limits: testLimits, ...options });
      started.push(cell);
      return cell;
    },
    async close() {
      await Promise.all(started.map((cell) => cell.kill('test over')));
      dir?.remove();
    },
  };
}

export interface CellOutcome {
  exit: CellExit;
  stdout: string;
  stderr: string;
}

/** Runs the command, collecting its output while it runs. */
export async function runCollecting(cell: Cell, command: CellCommand): Promise<CellOutcome> {
  let stdout = '';
  let stderr = '';
  cell.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    stdout += chunk;
  });
  cell.stderr.setEncoding('utf8').on('data', (chunk: string) => {
    stderr += chunk;
  });
  const exit = await cell.run(command);
  return { exit, stdout, stderr };
}

/**
 * Runs a Node script inside the cell; the script prints one JSON value on its last line, which is
 * returned parsed. Fails the test with the cell's stderr when the script did not print one.
 */
export async function runNodeInCell<T = unknown>(cell: Cell, script: string, env?: Record<string, string>) {
  const outcome = await runCollecting(cell, { argv: ['node', '-e', script], env });
  const lastLine = outcome.stdout.trim().split('\n').at(-1) ?? '';
  try {
    return { ...outcome, value: JSON.parse(lastLine) as T };
  } catch {
    throw new Error(
      `no JSON from the cell (exit ${outcome.exit.exitCode}): ${outcome.stdout}\n${outcome.stderr}`,
    );
  }
}

/** Whether a pid is a live process (a zombie counts as gone). */
export function isAlive(pid: number): boolean {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return false;
  }
}

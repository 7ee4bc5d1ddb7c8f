import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import type { Cell } from '../src/sandbox/cell.ts';
import type { CellDriver, CellLimits, SandboxLogger } from '../src/sandbox/cell-driver.ts';
import { createCellPool } from '../src/sandbox/cell-pool.ts';
import { processTree, proportionalMemoryBytes } from '../src/sandbox/process-memory.ts';
import { type CellDriverPreference, selectCellDriver } from '../src/sandbox/select-cell-driver.ts';
import { startCell } from '../src/sandbox/start-cell.ts';
import { createTempDir } from '../src/testing/temp-dir.ts';

const appRoot = path.resolve(fileURLToPath(new URL('..', import.meta.url)));
const limits: CellLimits = { memoryBytes: 256 * 1024 * 1024, pids: 64, cpuSeconds: 300 };

export interface CellsBenchOptions {
  driver: CellDriverPreference;
  /** Cells measured for each latency figure. */
  samples: number;
  /** Length of the throughput run. */
  seconds: number;
  /** Cold starts in flight at once during the throughput run. */
  parallel: number;
  /** Idle cells alive together while their memory is measured. */
  idleCells: number;
}

export interface Percentiles {
  p50: number;
  p99: number;
}

export interface CellsBenchResult {
  driver: string;
  coldStartMs: Percentiles;
  warmBindMs: Percentiles;
  cellsPerSecond: number;
  idleCellPssBytes: number;
}

function parseOptions(args: string[]): CellsBenchOptions {
  const { values } = parseArgs({
    args,
    options: {
      driver: { type: 'string', default: 'auto' },
      samples: { type: 'string', default: '40' },
      seconds: { type: 'string', default: '3' },
      parallel: { type: 'string', default: '4' },
      'idle-cells': { type: 'string', default: '20' },
    },
  });
  const whole = (name: string, text: string | undefined) => {
    const value = Number(text);
    if (!(Number.isInteger(value) && value > 0)) throw new Error(`--${name} must be a positive whole number`);
    return value;
  };
  if (!['auto', 'bubblewrap', 'unshare', 'none'].includes(values.driver)) {
    throw new Error('--driver must be auto, bubblewrap, unshare or none');
  }
  return {
    driver: values.driver as CellDriverPreference,
    samples: whole('samples', values.samples),
    seconds: whole('seconds', values.seconds),
    parallel: whole('parallel', values.parallel),
    idleCells: whole('idle-cells', values['idle-cells']),
  };
}

function percentiles(values: number[]): Percentiles {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (fraction: number) =>
    sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * fraction))] ?? 0;
  return { p50: at(0.5), p99: at(0.99) };
}

/** Driver start until the supervisor reports ready, one cell at a time. */
async function measureColdStarts(
  driver: CellDriver,
  cellsDir: string,
  samples: number,
): Promise<Percentiles> {
  const times: number[] = [];
  for (let index = 0; index < samples; index += 1) {
    const cell = await startCell({ driver, cellsDir, appRoot, limits });
    times.push(cell.startMs);
    await cell.kill('bench');
  }
  return percentiles(times);
}

/** `acquire` on a filled pool: the cost a session pays to get its cell. */
async function measureWarmBinds(
  driver: CellDriver,
  cellsDir: string,
  samples: number,
  log: SandboxLogger,
): Promise<Percentiles> {
  const pool = createCellPool({ driver, size: 4, cellsDir, appRoot, limits, log });
  const times: number[] = [];
  try {
    for (let index = 0; index < samples; index += 1) {
      await pool.whenFilled();
      const began = performance.now();
      const cell = await pool.acquire({ sessionId: `bench-${index}` });
      times.push(performance.now() - began);
      void cell.kill('bench');
    }
  } finally {
    await pool.close();
  }
  return percentiles(times);
}

/** Ready cells per second with `parallel` cold starts always in flight. */
async function measureThroughput(driver: CellDriver, cellsDir: string, options: CellsBenchOptions) {
  let ready = 0;
  const until = performance.now() + options.seconds * 1_000;
  const began = performance.now();
  const worker = async () => {
    while (performance.now() < until) {
      const cell = await startCell({ driver, cellsDir, appRoot, limits });
      ready += 1;
      void cell.kill('bench');
    }
  };
  await Promise.all(Array.from({ length: options.parallel }, worker));
  return ready / ((performance.now() - began) / 1_000);
}

/** Average PSS of an idle cell (sandbox processes and supervisor) with `count` cells alive. */
async function measureIdleMemory(driver: CellDriver, cellsDir: string, count: number): Promise<number> {
  const cells: Cell[] = [];
  try {
    for (let index = 0; index < count; index += 1)
      cells.push(await startCell({ driver, cellsDir, appRoot, limits }));
    await sleep(500);
    const total = cells.reduce((sum, cell) => sum + proportionalMemoryBytes(processTree(cell.pid)), 0);
    return total / cells.length;
  } finally {
    await Promise.all(cells.map((cell) => cell.kill('bench')));
  }
}

function report(result: CellsBenchResult): string {
  const mebibytes = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;
  const milliseconds = (value: number) => `${value.toFixed(2)} ms`;
  const rows: [string, string, string, boolean][] = [
    ['cold cell start p50', milliseconds(result.coldStartMs.p50), '<= 120 ms', result.coldStartMs.p50 <= 120],
    ['cold cell start p99', milliseconds(result.coldStartMs.p99), '', true],
    ['warm-pool bind p50', milliseconds(result.warmBindMs.p50), '<= 5 ms', result.warmBindMs.p50 <= 5],
    ['warm-pool bind p99', milliseconds(result.warmBindMs.p99), '', true],
    ['cells started per second', result.cellsPerSecond.toFixed(1), '', true],
    [
      'PSS per idle cell',
      mebibytes(result.idleCellPssBytes),
      '<= 10 MB',
      result.idleCellPssBytes <= 10 * 1024 * 1024,
    ],
  ];
  const widths = [0, 1, 2].map((column) => Math.max(...rows.map((row) => row[column]!.toString().length)));
  return rows
    .map(([label, value, target, ok]) =>
      [
        label.padEnd(widths[0]!),
        value.padStart(widths[1]!),
        target.padEnd(widths[2]!),
        target ? (ok ? 'ok' : 'MISSED') : '',
      ].join('  '),
    )
    .join('\n');
}

/** `npm run bench -- cells [--driver D] [--samples N] [--seconds S] [--parallel N] [--idle-cells N]`. */
export async function runCellsBench(args: string[]): Promise<CellsBenchResult> {
  const options = parseOptions(args);
  const lines: string[] = [];
  const log: SandboxLogger = {
    info: (line) => lines.push(line),
    warn: (line) => lines.push(`warning: ${line}`),
  };
  const driver = await selectCellDriver({ preferred: options.driver, production: false, log });
  const dir = createTempDir('cells-bench-');
  try {
    const result: CellsBenchResult = {
      driver: driver.name,
      coldStartMs: await measureColdStarts(driver, dir.path, options.samples),
      warmBindMs: await measureWarmBinds(driver, dir.path, options.samples, log),
      cellsPerSecond: await measureThroughput(driver, dir.path, options),
      idleCellPssBytes: await measureIdleMemory(driver, dir.path, options.idleCells),
    };
    process.stdout.write(`${lines.join('\n')}\n`);
    process.stdout.write(
      `cells: ${options.samples} samples per latency, ${options.parallel} parallel starts for ${options.seconds} s, ${options.idleCells} idle cells\n\n`,
    );
    process.stdout.write(`${report(result)}\n`);
    return result;
  } finally {
    dir.remove();
  }
}

import { AppError } from '../errors/index.ts';
import type { Cell, CellBinding, CellCommand } from './cell.ts';
import type { CellDriver, CellDriverName, CellLimits, CellMount, SandboxLogger } from './cell-driver.ts';
import { startCell } from './start-cell.ts';

export interface CellPoolOptions {
  driver: CellDriver;
  /** Ready, unbound cells to keep. 0 starts every cell on demand. */
  size: number;
  /** Parent of every cell's directory (in production `DATA_DIR/cells`). */
  cellsDir: string;
  /** Host directory of the application, mounted read-only at `/app`. */
  appRoot: string;
  appEntries?: readonly string[] | undefined;
  /** Host paths no cell may see (the data dir, keys); `cellsDir` is always protected. */
  protectedPaths?: readonly string[] | undefined;
  limits: CellLimits;
  log: SandboxLogger;
  /** Cells started at the same time while refilling. Default 2. */
  parallelStarts?: number | undefined;
  /** Pause before refilling again after a failed start. Default 1 s. */
  retryDelayMs?: number | undefined;
  readyTimeoutMs?: number | undefined;
  /**
   * The command warm cells start ahead of their session (the agent loop), so binding one skips its
   * start; a `run` of anything else starts as usual. Default: none.
   */
  prepare?: CellCommand | undefined;
}

export interface AcquireOptions {
  /** Extra read-only mounts. A warm cell cannot gain mounts, so this always starts a cold cell. */
  mounts?: readonly CellMount[] | undefined;
}

export interface CellPool {
  readonly driver: CellDriverName;
  /** Ready, unbound cells right now. */
  readonly idle: number;
  /**
   * A cell bound to `binding`: a warm one at once when there is one (the pool refills in the
   * background), else one started now. A cell is bound once and never comes back to the pool.
   */
  acquire(binding: CellBinding, options?: AcquireOptions): Promise<Cell>;
  /** Resolves once `size` cells are ready (start-up, tests, benchmarks). */
  whenFilled(): Promise<void>;
  /** Kills every cell the pool started, bound or not, and stops refilling. */
  close(): Promise<void>;
}

interface PoolState {
  options: CellPoolOptions;
  idle: Cell[];
  /** Every cell the pool started and that is not torn down yet, bound or not. */
  owned: Set<Cell>;
  pendingStarts: Set<Promise<unknown>>;
  /** Called on every change; a failed start passes its error. */
  waiters: Set<(failure?: Error) => void>;
  closed: boolean;
  retryTimer: NodeJS.Timeout | undefined;
}

function notify(state: PoolState, failure?: Error): void {
  for (const waiter of [...state.waiters]) waiter(failure);
}

async function startOwned(state: PoolState, mounts?: readonly CellMount[]): Promise<Cell> {
  const { options } = state;
  const cell = await startCell({
    driver: options.driver,
    cellsDir: options.cellsDir,
    appRoot: options.appRoot,
    appEntries: options.appEntries,
    protectedPaths: options.protectedPaths,
    limits: options.limits,
    mounts,
    readyTimeoutMs: options.readyTimeoutMs,
  });
  state.owned.add(cell);
  void cell.closed.then(() => state.owned.delete(cell));
  if (state.closed) void cell.kill('pool closed');
  return cell;
}

/** Starts cells until `size` are ready or starting, at most `parallelStarts` at a time. */
function refill(state: PoolState): void {
  const { options } = state;
  while (!state.closed && state.retryTimer === undefined) {
    if (state.idle.length + state.pendingStarts.size >= options.size) return;
    if (state.pendingStarts.size >= (options.parallelStarts ?? 2)) return;
    const pending = startOwned(state)
      .then((cell) => {
        if (state.closed) return;
        if (options.prepare) cell.prepare(options.prepare);
        state.idle.push(cell);
        // A warm cell that dies unbound (killed from outside) leaves the pool.
        void cell.closed.then(() => {
          const index = state.idle.indexOf(cell);
          if (index !== -1) state.idle.splice(index, 1);
          refill(state);
        });
      })
      .catch((error: unknown) => {
        options.log.warn(`cell pool: a cell failed to start: ${(error as Error).message}`);
        notify(state, error as Error);
        state.retryTimer = setTimeout(() => {
          state.retryTimer = undefined;
          refill(state);
        }, options.retryDelayMs ?? 1_000);
        state.retryTimer.unref();
      })
      .finally(() => {
        state.pendingStarts.delete(pending);
        refill(state);
        notify(state);
      });
    state.pendingStarts.add(pending);
  }
}

function nextChange(state: PoolState): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const waiter = (failure?: Error) => {
      state.waiters.delete(waiter);
      if (failure) reject(failure);
      else resolve();
    };
    state.waiters.add(waiter);
  });
}

/** A warm cell may have died since it was pooled (its teardown is still under way): skip it. */
function bindIfAlive(cell: Cell, binding: CellBinding): boolean {
  try {
    cell.bind(binding);
    return true;
  } catch {
    return false;
  }
}

/** Keeps `size` cells started and unbound, so binding a session costs no process start. */
export function createCellPool(options: CellPoolOptions): CellPool {
  const state: PoolState = {
    options,
    idle: [],
    owned: new Set(),
    pendingStarts: new Set(),
    waiters: new Set(),
    closed: false,
    retryTimer: undefined,
  };
  const refuseIfClosed = () => {
    if (state.closed) throw new AppError('unavailable', 'The cell pool is closed.');
  };
  refill(state);
  return {
    driver: options.driver.name,
    get idle() {
      return state.idle.length;
    },
    async acquire(binding, acquireOptions = {}) {
      refuseIfClosed();
      // Starting the replacement forks a process (milliseconds of synchronous work): do it after the
      // caller has its cell, not on the session's path.
      setImmediate(() => refill(state));
      if (!acquireOptions.mounts?.length) {
        for (let warm = state.idle.shift(); warm; warm = state.idle.shift()) {
          if (bindIfAlive(warm, binding)) return warm;
        }
      }
      const cell = await startOwned(state, acquireOptions.mounts);
      refuseIfClosed();
      cell.bind(binding);
      return cell;
    },
    async whenFilled() {
      while (state.idle.length < options.size) {
        refuseIfClosed();
        await nextChange(state);
      }
    },
    async close() {
      state.closed = true;
      clearTimeout(state.retryTimer);
      notify(state);
      state.idle.length = 0;
      await Promise.allSettled([...state.pendingStarts]);
      await Promise.all([...state.owned].map((cell) => cell.kill('pool closed')));
    },
  };
}

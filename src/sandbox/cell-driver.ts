import type { Readable, Writable } from 'node:stream';

/** The mechanisms that can start a cell, strongest first. */
export type CellDriverName = 'bubblewrap' | 'unshare' | 'none';

/** Where the sandbox reports what it did; `warn` is for anything an operator must act on. */
export interface SandboxLogger {
  info(message: string): void;
  warn(message: string): void;
}

/** Resource limits of one cell (the whole process tree, not one process). */
export interface CellLimits {
  /** Memory of the whole cell in bytes (cgroup); past it the kernel kills the largest process. */
  memoryBytes: number;
  /** Processes and threads in the cell (cgroup `pids.max`). A Node process uses about 8. */
  pids: number;
  /** CPU seconds per process (RLIMIT_CPU): SIGXCPU, then SIGKILL. */
  cpuSeconds: number;
}

/** An extra read-only bind mount: `hostPath` appears at `cellPath` inside the cell. */
export interface CellMount {
  hostPath: string;
  cellPath: string;
}

/** Everything a driver needs to start one cell. */
export interface CellSpec {
  /** Unique id; names the cgroup. */
  id: string;
  /**
   * Host directory of this cell (mode 0700, created by the caller). Its `run/` sub-directory is
   * mounted at `/run/broker`; drivers may keep scratch files in it. Removed at teardown.
   */
  cellDir: string;
  /** Host directory of the application; its code entries appear read-only at `/app`. */
  appRoot: string;
  /** Which entries of `appRoot` to mount. Default: package.json, tsconfig.json, bin, src, node_modules, skills. */
  appEntries?: readonly string[] | undefined;
  /** Host paths no mount may expose (data dir, keys, the cells dir): starting the cell fails instead. */
  protectedPaths: readonly string[];
  limits: CellLimits;
  /** Read-only extras (`sandbox run --mount`). */
  mounts?: readonly CellMount[] | undefined;
}

export interface CellProcessExit {
  exitCode: number | null;
  signal: NodeJS.Signals | null;
}

/**
 * A started cell as the driver sees it: the outermost host process (leader of its own process
 * group) with the supervisor inside, and its four pipes. fd 3 is the supervisor's control channel.
 */
export interface CellProcess {
  /** Host pid of the process-group leader (bwrap, unshare or the supervisor itself). */
  pid: number;
  stdin: Writable;
  stdout: Readable;
  stderr: Readable;
  control: Readable & Writable;
  /** Path of the broker socket as programs inside the cell see it. */
  brokerSocketPath: string;
  /** Resolves once the leader has exited. */
  exited: Promise<CellProcessExit>;
  /** Peak memory of the whole cell in bytes, when a memory cgroup is in place. */
  peakMemoryBytes(): number | undefined;
  /** Whether the kernel killed a process of this cell for exceeding its memory limit. */
  memoryLimitHit(): boolean;
  /**
   * Kills every process of the cell (process group, sandbox, and whatever else is in its cgroup),
   * waits until none is left, then removes the cgroup. Idempotent.
   */
  destroy(): Promise<void>;
}

export interface CellDriver {
  readonly name: CellDriverName;
  /** Whether this driver works on this machine: it actually starts a trivial sandboxed `true`. */
  available(): Promise<boolean>;
  start(spec: CellSpec): CellProcess;
}

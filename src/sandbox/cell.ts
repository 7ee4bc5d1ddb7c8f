import type { Readable, Writable } from 'node:stream';
import type { CommandResources } from '../cell/supervisor-protocol.ts';
import type { CellDriverName } from './cell-driver.ts';

/** Who a cell belongs to once bound. A cell is bound once and never handed to anyone else. */
export interface CellBinding {
  sessionId: string;
}

/** The one command a cell runs (the agent loop, or `sandbox run`'s command). */
export interface CellCommand {
  argv: readonly string[];
  /** Added to the cell's environment (PATH, HOME, SUPPLIER_AGENT_BROKER). Never put secrets here. */
  env?: Readonly<Record<string, string>> | undefined;
  /** Working directory inside the cell. Default `/tmp`. */
  cwd?: string | undefined;
  /**
   * The command's standard input: `ignore` (default, end of file at once), `pipe` (write to
   * `cell.stdin`), or a stream to copy in (pass `process.stdin` to pass the terminal's input through).
   */
  stdin?: 'ignore' | 'pipe' | Readable | undefined;
}

/**
 * How the command ended. `exited`: on its own (any status); `killed`: by `cell.kill`; `memory-limit`:
 * the kernel killed it at the cell's memory limit; `cpu-limit`: it used up its CPU seconds; `lost`:
 * the cell ended without its supervisor reporting (for example the supervisor itself was killed).
 */
export type CellExitReason = 'exited' | 'killed' | 'memory-limit' | 'cpu-limit' | 'lost';

export interface CellResources extends CommandResources {
  /** Peak memory of the whole cell (supervisor included), from its cgroup, when there is one. */
  cellPeakMemoryBytes: number | undefined;
}

export interface CellExit {
  /** The command's status; 128 + signal number when a signal ended it (137 for SIGKILL). */
  exitCode: number;
  signal: NodeJS.Signals | null;
  reason: CellExitReason;
  /** The reason given to `kill`, when `reason` is `killed`. */
  killReason?: string | undefined;
  /** Why the command could not be started (exit code 127). */
  error?: string | undefined;
  resources: CellResources;
}

/** One sandboxed process tree, used by one session, once. */
export interface Cell {
  readonly id: string;
  readonly driver: CellDriverName;
  /** Host pid of the cell's process-group leader. */
  readonly pid: number;
  /** Host directory mounted at `/run/broker` in the cell: the session's broker listens in it. */
  readonly socketDir: string;
  /** Host path the broker listens on: `socketDir/broker.sock`. */
  readonly brokerSocketPath: string;
  /** The same socket as the cell sees it (the value of SUPPLIER_AGENT_BROKER inside). */
  readonly cellBrokerSocketPath: string;
  /** Milliseconds from asking the driver until the supervisor was ready. */
  readonly startMs: number;
  readonly binding: CellBinding | undefined;
  /**
   * The command's standard streams. Output is kept until read, even after the command ended, but
   * only a few kilobytes are buffered: read stdout and stderr while `run` is pending when the
   * command may print more, or it stalls on a full pipe (as any child process would).
   */
  readonly stdin: Writable;
  readonly stdout: Readable;
  readonly stderr: Readable;
  /** Ties the cell to a session; fails if it is already bound. */
  bind(binding: CellBinding): void;
  /**
   * Starts a command ahead of the session (held until `run` names the same argv, env and cwd).
   * At most once, before `run`; the command must expect `SUPPLIER_AGENT_START=stdin` and wait for a line.
   */
  prepare(command: CellCommand): void;
  /** Runs the cell's one command and resolves when it has ended and the cell is torn down. */
  run(command: CellCommand): Promise<CellExit>;
  /** Kills every process of the cell, removes its cgroup and files. Idempotent. */
  kill(reason: string): Promise<void>;
  /** Resolves once the cell has been torn down (after `run`, `kill`, or an unexpected end). */
  readonly closed: Promise<void>;
}

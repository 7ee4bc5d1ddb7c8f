import { spawn } from 'node:child_process';
import type { Readable, Writable } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';
import { AppError } from '../errors/index.ts';
import type { CellCgroup } from './cell-cgroups.ts';
import type { CellProcess, CellProcessExit } from './cell-driver.ts';

export interface LaunchCellProcessOptions {
  /** The sandbox program (bwrap, unshare) or the supervisor itself, and its arguments. */
  command: string;
  args: readonly string[];
  /** The complete environment of the launched program: nothing is inherited from this process. */
  env: Record<string, string>;
  cwd?: string | undefined;
  cgroup: CellCgroup | undefined;
  cpuSeconds: number;
  brokerSocketPath: string;
}

/**
 * Starts a cell's outermost process so that limits are in place before any sandboxed code runs:
 * a tiny `/bin/sh` writes its own pid into the cell's cgroup(s), sets RLIMIT_CPU (per process), makes itself the
 * first victim of a host-wide out-of-memory kill, then `exec`s the sandbox (same pid, so there is no
 * window outside the cgroup). It leads its own process group, so one signal reaches the whole group.
 */
export function launchCellProcess(options: LaunchCellProcessOptions): CellProcess {
  const procsFiles = options.cgroup?.procsFiles ?? [];
  const script = [
    ...procsFiles.map((_, index) => `echo $$ > "$${index + 1}"`),
    'echo 1000 > /proc/self/oom_score_adj',
    // Soft limit: SIGXCPU (fatal unless handled); the hard limit one second later is SIGKILL.
    // Soft first: a hard limit below the current soft one (unlimited) is invalid.
    `ulimit -S -t "$${procsFiles.length + 1}"`,
    `ulimit -H -t $(($${procsFiles.length + 1} + 1))`,
    `shift ${procsFiles.length + 1}`,
    'exec "$@"',
  ].join(' && ');
  const child = spawn(
    '/bin/sh',
    ['-c', script, 'cell', ...procsFiles, String(options.cpuSeconds), options.command, ...options.args],
    { stdio: ['pipe', 'pipe', 'pipe', 'pipe'], detached: true, env: options.env, cwd: options.cwd },
  );
  // Listen before anything can throw: an unheard 'error' event would crash the host.
  const exited = new Promise<CellProcessExit>((resolve) => {
    child.once('exit', (exitCode, signal) => resolve({ exitCode, signal }));
    child.once('error', () => resolve({ exitCode: 127, signal: null }));
  });
  const pid = child.pid;
  if (pid === undefined) {
    void options.cgroup?.remove();
    throw new AppError('unavailable', `Could not start a cell with ${options.command}.`);
  }
  let destroyed: Promise<void> | undefined;
  return {
    pid,
    stdin: child.stdin as Writable,
    stdout: child.stdout as Readable,
    stderr: child.stderr as Readable,
    control: child.stdio[3] as Readable & Writable,
    brokerSocketPath: options.brokerSocketPath,
    exited,
    peakMemoryBytes: () => options.cgroup?.peakMemoryBytes(),
    memoryLimitHit: () => options.cgroup?.memoryLimitHit() ?? false,
    destroy() {
      destroyed ??= destroyCell(pid, exited, options.cgroup);
      return destroyed;
    },
  };
}

async function destroyCell(
  pid: number,
  exited: Promise<CellProcessExit>,
  cgroup: CellCgroup | undefined,
): Promise<void> {
  killQuietly(-pid);
  await exited;
  if (!cgroup) return;
  // Namespaced drivers die with their pid namespace; the `none` driver's strays (a process that left
  // the group with setsid) are still in the cgroup. Keep killing until it is empty: a fork bomb may
  // add a process between reading the list and killing it, but pids.max bounds how many.
  for (let attempt = 0; ; attempt += 1) {
    const remaining = cgroup.processIds();
    if (remaining.length === 0) break;
    if (attempt >= 250) {
      throw new AppError('internal', `Cell processes survived teardown: ${remaining.join(', ')}.`);
    }
    for (const survivor of remaining) killQuietly(survivor);
    await sleep(20);
  }
  await cgroup.remove();
}

function killQuietly(pid: number): void {
  try {
    process.kill(pid, 'SIGKILL');
  } catch {
    // Already gone.
  }
}

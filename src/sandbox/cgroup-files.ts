import fs from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { CellLimits } from './cell-driver.ts';

/** One cell's control group(s): limits on memory and pids for the whole process tree. */
export interface CellCgroup {
  /** `cgroup.procs` files the cell's first process writes its own pid into before it execs. */
  procsFiles: readonly string[];
  /** Pids still inside the cgroup. */
  processIds(): number[];
  peakMemoryBytes(): number | undefined;
  memoryLimitHit(): boolean;
  /** Removes the directories; the cgroup must be empty. Retries briefly while the kernel lets go. */
  remove(): Promise<void>;
}

/** cgroup v1: one directory in the memory hierarchy and one in the pids hierarchy. */
export function createV1Cgroup(memoryDir: string, pidsDir: string, limits: CellLimits): CellCgroup {
  makeFresh(memoryDir);
  makeFresh(pidsDir);
  fs.writeFileSync(path.join(memoryDir, 'memory.limit_in_bytes'), String(limits.memoryBytes));
  // With swap the limit would only push the cell into swap; memsw caps memory plus swap.
  writeIfPresent(path.join(memoryDir, 'memory.memsw.limit_in_bytes'), String(limits.memoryBytes));
  fs.writeFileSync(path.join(pidsDir, 'pids.max'), String(limits.pids));
  return {
    procsFiles: [path.join(memoryDir, 'cgroup.procs'), path.join(pidsDir, 'cgroup.procs')],
    processIds: () => unionOfPids([memoryDir, pidsDir]),
    peakMemoryBytes: () => readNumber(path.join(memoryDir, 'memory.max_usage_in_bytes')),
    memoryLimitHit: () => (readCounter(path.join(memoryDir, 'memory.oom_control'), 'oom_kill') ?? 0) > 0,
    remove: () => removeDirectories([memoryDir, pidsDir]),
  };
}

/** cgroup v2: one directory with both controllers. */
export function createV2Cgroup(dir: string, limits: CellLimits): CellCgroup {
  makeFresh(dir);
  fs.writeFileSync(path.join(dir, 'memory.max'), String(limits.memoryBytes));
  writeIfPresent(path.join(dir, 'memory.swap.max'), '0');
  fs.writeFileSync(path.join(dir, 'pids.max'), String(limits.pids));
  return {
    procsFiles: [path.join(dir, 'cgroup.procs')],
    processIds: () => unionOfPids([dir]),
    peakMemoryBytes: () => readNumber(path.join(dir, 'memory.peak')),
    memoryLimitHit: () => (readCounter(path.join(dir, 'memory.events'), 'oom_kill') ?? 0) > 0,
    remove: async () => {
      // cgroup.kill (Linux 5.14) kills everything atomically, even a process that is forking.
      writeIfPresent(path.join(dir, 'cgroup.kill'), '1');
      await removeDirectories([dir]);
    },
  };
}

/** A leftover directory of the same name (a crashed run) would carry stale processes or counters. */
function makeFresh(dir: string): void {
  if (fs.existsSync(dir)) fs.rmdirSync(dir);
  fs.mkdirSync(dir);
}

/** Optional controls (swap accounting, cgroup.kill) exist only on some kernels and configurations. */
function writeIfPresent(file: string, value: string): void {
  // A cgroup file system cannot create files: writing a missing one fails with EACCES, not ENOENT.
  if (fs.existsSync(file)) fs.writeFileSync(file, value);
}

function readNumber(file: string): number | undefined {
  try {
    const value = Number(fs.readFileSync(file, 'utf8').trim());
    return Number.isFinite(value) ? value : undefined;
  } catch {
    return undefined;
  }
}

/** A `key value` line of a flat-keyed file such as `memory.events`. */
function readCounter(file: string, key: string): number | undefined {
  try {
    const line = fs
      .readFileSync(file, 'utf8')
      .split('\n')
      .find((candidate) => candidate.startsWith(`${key} `));
    return line === undefined ? undefined : Number(line.slice(key.length + 1));
  } catch {
    return undefined;
  }
}

function unionOfPids(dirs: readonly string[]): number[] {
  const pids = new Set<number>();
  for (const dir of dirs) {
    try {
      for (const line of fs.readFileSync(path.join(dir, 'cgroup.procs'), 'utf8').split('\n')) {
        if (line !== '') pids.add(Number(line));
      }
    } catch {
      // Already removed.
    }
  }
  return [...pids];
}

/** rmdir fails with EBUSY while exiting processes are still charged to the cgroup. */
async function removeDirectories(dirs: readonly string[]): Promise<void> {
  for (const dir of dirs) {
    for (let attempt = 0; ; attempt += 1) {
      try {
        fs.rmdirSync(dir);
        break;
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        if (code === 'ENOENT') break;
        if (attempt >= 50) throw error;
        await sleep(20);
      }
    }
  }
}

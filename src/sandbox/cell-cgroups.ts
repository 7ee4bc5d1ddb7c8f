import fs from 'node:fs';
import path from 'node:path';
import type { CellLimits, SandboxLogger } from './cell-driver.ts';
import { type CellCgroup, createV1Cgroup, createV2Cgroup } from './cgroup-files.ts';

export type { CellCgroup };

export type CgroupMode = 'v1' | 'v2' | 'none';

/** Creates the per-cell cgroups under one parent (`supplier-agent`) below this process's cgroup. */
export interface CellCgroups {
  readonly mode: CgroupMode;
  /** The cell's cgroup, or `undefined` when cgroups are not usable here (limits are rlimits only). */
  create(cellId: string, limits: CellLimits): CellCgroup | undefined;
}

export interface CellCgroupsOptions {
  log: SandboxLogger;
  /** Where the cgroup file systems are mounted. Default `/sys/fs/cgroup`. */
  root?: string;
  /** Name of the directory that holds all cells' cgroups. Default `supplier-agent`. */
  parentName?: string;
  /** Contents of `/proc/self/cgroup` (tests). Default: read it. */
  selfCgroup?: string;
}

/**
 * Finds a writable cgroup hierarchy: v2 when `ROOT/cgroup.controllers` exists (unified), else v1
 * `memory` and `pids` controllers. Cells nest under this process's own cgroup, so whatever limit the
 * host already has (a container's) still applies on top. If nothing is writable it says so once and
 * every `create` returns `undefined`.
 */
export function createCellCgroups(options: CellCgroupsOptions): CellCgroups {
  const root = options.root ?? '/sys/fs/cgroup';
  const parentName = options.parentName ?? 'supplier-agent';
  const selfCgroup = options.selfCgroup ?? readOrEmpty('/proc/self/cgroup');
  const own = parseSelfCgroup(selfCgroup);
  const unified = fs.existsSync(path.join(root, 'cgroup.controllers'));
  const attempt = unified
    ? prepareV2(root, own.get('') ?? '/', parentName)
    : prepareV1(root, own, parentName);
  if (typeof attempt === 'string') {
    options.log.warn(
      `cell limits: cgroups are not usable (${attempt}); cells get CPU-time rlimits only, memory and process counts are NOT limited`,
    );
    return { mode: 'none', create: () => undefined };
  }
  options.log.info(`cell limits: cgroup ${attempt.mode} (memory, pids) under ${attempt.parents.join(', ')}`);
  return {
    mode: attempt.mode,
    create(cellId, limits) {
      const [memoryParent, pidsParent] = attempt.parents;
      if (attempt.mode === 'v2') return createV2Cgroup(path.join(memoryParent!, cellId), limits);
      return createV1Cgroup(path.join(memoryParent!, cellId), path.join(pidsParent!, cellId), limits);
    },
  };
}

interface Prepared {
  mode: 'v1' | 'v2';
  /** v1: [memory parent, pids parent]; v2: [parent]. */
  parents: string[];
}

/** `/proc/self/cgroup` as controller list -> path; the v2 line has an empty controller list. */
export function parseSelfCgroup(text: string): Map<string, string> {
  const result = new Map<string, string>();
  for (const line of text.split('\n')) {
    const match = /^\d+:([^:]*):(.*)$/.exec(line);
    if (!match) continue;
    for (const controller of match[1]!.split(',')) result.set(controller, match[2]!);
  }
  return result;
}

function prepareV1(root: string, own: Map<string, string>, parentName: string): Prepared | string {
  const parents: string[] = [];
  for (const controller of ['memory', 'pids']) {
    const mount = path.join(root, controller);
    if (!fs.existsSync(path.join(mount, 'cgroup.procs'))) return `no ${controller} controller at ${mount}`;
    const parent = path.join(mount, own.get(controller) ?? '/', parentName);
    try {
      fs.mkdirSync(parent, { recursive: true });
      fs.accessSync(path.join(parent, 'cgroup.procs'), fs.constants.W_OK);
    } catch (error) {
      return `cannot create ${parent}: ${(error as Error).message}`;
    }
    parents.push(parent);
  }
  return { mode: 'v1', parents };
}

/**
 * v2 needs the controllers enabled in every ancestor's `cgroup.subtree_control`. A non-root cgroup
 * that holds processes cannot enable them (the "no internal processes" rule), which is the usual
 * case inside a container: then this reports why and cells run without cgroup limits.
 */
function prepareV2(root: string, own: string, parentName: string): Prepared | string {
  const ownDir = path.join(root, own);
  const parent = path.join(ownDir, parentName);
  try {
    const available = fs.readFileSync(path.join(ownDir, 'cgroup.controllers'), 'utf8').split(/\s+/);
    for (const controller of ['memory', 'pids']) {
      if (!available.includes(controller)) return `controller ${controller} is not available in ${ownDir}`;
    }
    fs.writeFileSync(path.join(ownDir, 'cgroup.subtree_control'), '+memory +pids');
    fs.mkdirSync(parent, { recursive: true });
    fs.writeFileSync(path.join(parent, 'cgroup.subtree_control'), '+memory +pids');
  } catch (error) {
    return `cannot delegate memory and pids under ${ownDir}: ${(error as Error).message}`;
  }
  return { mode: 'v2', parents: [parent] };
}

function readOrEmpty(file: string): string {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    return '';
  }
}

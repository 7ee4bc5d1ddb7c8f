import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { AppError } from '../errors/index.ts';
import type { CellMount } from './cell-driver.ts';

/** Where the application code appears inside a cell. */
export const cellAppRoot = '/app';
/** Where the cell's `run/` directory (and so the broker socket) appears inside a cell. */
export const cellBrokerDir = '/run/broker';
export const brokerSocketName = 'broker.sock';

/**
 * What of the application a cell may see: code and dependencies, nothing a run writes. Anything
 * else in the project root (the data dir when it sits there, `.git`, local keys) stays out.
 */
export const defaultAppEntries = [
  'package.json',
  'tsconfig.json',
  'bin',
  'src',
  'node_modules',
  'skills',
  '.build',
];

/** The host's system directories: bound read-only, or re-created as symlinks on merged-/usr hosts. */
const systemDirectories = ['/usr', '/bin', '/sbin', '/lib', '/lib32', '/lib64', '/libx32'];

export type SystemEntry = { kind: 'bind'; path: string } | { kind: 'symlink'; path: string; target: string };

export interface CellFilesystem {
  system: SystemEntry[];
  /** The directory of the Node binary, when it is not already under a system directory. */
  nodeDirectory: string | undefined;
  /** Read-only binds: application entries (at `/app/...`) and the spec's extras. */
  mounts: CellMount[];
  /** The supervisor as the cell sees it. */
  supervisorPath: string;
}

export interface PlanCellFilesystemOptions {
  appRoot: string;
  appEntries?: readonly string[] | undefined;
  extraMounts?: readonly CellMount[] | undefined;
  nodePath: string;
  /** Host paths that must never be visible in a cell (data dir, keys, the cells dir). */
  protectedPaths: readonly string[];
}

/** The supervisor's host path: it ships next to this module's folder. */
export function hostSupervisorPath(): string {
  return fileURLToPath(new URL('../cell/supervisor.js', import.meta.url));
}

/** Decides the read-only view a namespaced cell gets. Refuses any mount that exposes a protected path. */
export function planCellFilesystem(options: PlanCellFilesystemOptions): CellFilesystem {
  const appRoot = fs.realpathSync(path.resolve(options.appRoot));
  const entries = options.appEntries ?? defaultAppEntries;
  for (const entry of entries) {
    if (path.isAbsolute(entry) || entry.split(/[\\/]/).includes('..')) {
      throw new AppError(
        'invalid_argument',
        `Application entry "${entry}" must be a path inside the application.`,
      );
    }
  }
  const appMounts = entries
    .filter((entry) => fs.existsSync(path.join(appRoot, entry)))
    .map((entry) => ({
      // Real paths: the bind follows symlinks anyway, and protection checks must see the target.
      hostPath: fs.realpathSync(path.join(appRoot, entry)),
      cellPath: path.posix.join(cellAppRoot, entry),
    }));
  const mounts = [...appMounts, ...(options.extraMounts ?? []).map(resolveMount)];
  for (const mount of mounts) refuseProtected(mount.hostPath, options.protectedPaths);
  const supervisorPath = cellPathOf(hostSupervisorPath(), appMounts);
  if (supervisorPath === undefined) {
    throw new AppError(
      'invalid_argument',
      `The cell supervisor is not under the mounted application ${appRoot}.`,
    );
  }
  const nodeDirectory = path.dirname(fs.realpathSync(options.nodePath));
  return {
    system: systemEntries(),
    nodeDirectory: systemDirectories.some((dir) => isInside(nodeDirectory, dir)) ? undefined : nodeDirectory,
    mounts,
    supervisorPath,
  };
}

/** How the host's system directories appear in a cell. */
export function systemEntries(): SystemEntry[] {
  const entries: SystemEntry[] = [];
  for (const dir of systemDirectories) {
    let stat: fs.Stats;
    try {
      stat = fs.lstatSync(dir);
    } catch {
      continue;
    }
    if (stat.isSymbolicLink()) entries.push({ kind: 'symlink', path: dir, target: fs.readlinkSync(dir) });
    else if (stat.isDirectory()) entries.push({ kind: 'bind', path: dir });
  }
  return entries;
}

function resolveMount(mount: CellMount): CellMount {
  if (!path.posix.isAbsolute(mount.cellPath) || mount.cellPath.split('/').includes('..')) {
    throw new AppError('invalid_argument', `Mount target "${mount.cellPath}" must be an absolute path.`);
  }
  const hostPath = path.resolve(mount.hostPath);
  if (!fs.existsSync(hostPath)) {
    throw new AppError('invalid_argument', `Mount source "${mount.hostPath}" does not exist.`);
  }
  return { hostPath: fs.realpathSync(hostPath), cellPath: mount.cellPath };
}

/** A mount may neither sit inside a protected path nor contain one. */
function refuseProtected(hostPath: string, protectedPaths: readonly string[]): void {
  const real = fs.existsSync(hostPath) ? fs.realpathSync(hostPath) : hostPath;
  for (const candidate of protectedPaths) {
    const guarded = fs.existsSync(candidate) ? fs.realpathSync(candidate) : path.resolve(candidate);
    if (isInside(real, guarded) || isInside(guarded, real)) {
      throw new AppError(
        'invalid_argument',
        `Refusing to mount ${hostPath} into a cell: it exposes ${candidate}.`,
        {
          details: { mount: hostPath, protectedPath: candidate },
        },
      );
    }
  }
}

function cellPathOf(hostPath: string, mounts: readonly CellMount[]): string | undefined {
  for (const mount of mounts) {
    if (isInside(hostPath, mount.hostPath)) {
      return path.posix.join(
        mount.cellPath,
        path.relative(mount.hostPath, hostPath).split(path.sep).join('/'),
      );
    }
  }
  return undefined;
}

/** Whether `child` is `parent` or below it. */
export function isInside(child: string, parent: string): boolean {
  const relative = path.relative(parent, child);
  return (
    relative === '' ||
    (relative !== '..' && !relative.startsWith(`..${path.sep}`) && !path.isAbsolute(relative))
  );
}

import path from 'node:path';
import type { CellCgroups } from './cell-cgroups.ts';
import type { CellDriver, CellSpec, SandboxLogger } from './cell-driver.ts';
import { cellEnvironment, supervisorNodeFlags } from './cell-environment.ts';
import {
  brokerSocketName,
  type CellFilesystem,
  cellBrokerDir,
  planCellFilesystem,
  type SystemEntry,
  systemEntries,
} from './cell-filesystem.ts';
import { launchCellProcess } from './launch-cell-process.ts';
import { probeCommand } from './probe-command.ts';

export interface BubblewrapDriverOptions {
  cgroups: CellCgroups;
  log: SandboxLogger;
  /** The bwrap executable. Default `bwrap` (found on PATH). */
  executable?: string;
  /** The Node binary cells run. Default: the one running this process. */
  nodePath?: string;
}

/** Unprivileged ids inside the cell: nothing in the cell runs as (namespaced) root. */
const cellUserId = 1000;
const cellGroupId = 1000;

/**
 * The isolation every cell gets. As root, bubblewrap keeps every capability unless told otherwise
 * (bubblewrap #561), hence `--unshare-user --cap-drop ALL`; `--disable-userns` (bubblewrap 0.8.0)
 * stops the cell from creating a nested user namespace to regain capabilities there.
 */
function isolationFlags(disableUserns: boolean): string[] {
  return [
    '--unshare-all',
    '--unshare-user',
    ...(disableUserns ? ['--disable-userns'] : []),
    '--uid',
    String(cellUserId),
    '--gid',
    String(cellGroupId),
    '--cap-drop',
    'ALL',
    '--die-with-parent',
    '--new-session',
    '--clearenv',
    '--hostname',
    'cell',
  ];
}

/** Starts cells with bubblewrap: own user, pid, net, ipc, uts, mount and cgroup namespaces. */
export function createBubblewrapDriver(options: BubblewrapDriverOptions): CellDriver {
  const executable = options.executable ?? 'bwrap';
  const nodePath = options.nodePath ?? process.execPath;
  let disableUserns = true;
  const probe = (withDisableUserns: boolean) =>
    probeCommand(executable, [
      ...isolationFlags(withDisableUserns),
      ...systemArguments(systemEntries()),
      ...['--proc', '/proc', '--dev', '/dev', '--remount-ro', '/', '--', 'true'],
    ]);
  return {
    name: 'bubblewrap',
    async available() {
      if (await probe(true)) return true;
      if (!(await probe(false))) return false;
      disableUserns = false;
      options.log.warn(
        'cells: this bubblewrap lacks --disable-userns (added in 0.8.0): code in a cell can create nested user namespaces',
      );
      return true;
    },
    start(spec) {
      const filesystem = planCellFilesystem({
        appRoot: spec.appRoot,
        appEntries: spec.appEntries,
        extraMounts: spec.mounts,
        nodePath,
        protectedPaths: spec.protectedPaths,
      });
      const brokerSocketPath = path.posix.join(cellBrokerDir, brokerSocketName);
      const env = cellEnvironment({ brokerSocketPath, home: '/tmp', nodeDirectory: path.dirname(nodePath) });
      return launchCellProcess({
        command: executable,
        args: bubblewrapArguments({ spec, filesystem, env, nodePath, disableUserns }),
        env: { PATH: '/usr/local/bin:/usr/bin:/bin' },
        cgroup: options.cgroups.create(spec.id, spec.limits),
        cpuSeconds: spec.limits.cpuSeconds,
        brokerSocketPath,
      });
    },
  };
}

export interface BubblewrapArgumentsInput {
  spec: CellSpec;
  filesystem: CellFilesystem;
  env: Record<string, string>;
  nodePath: string;
  /** Whether this bubblewrap supports `--disable-userns`. Default true. */
  disableUserns?: boolean | undefined;
}

/**
 * The full bwrap command line. Order matters: mounts first, then `--remount-ro /` so that the
 * tmpfs bubblewrap builds the root on becomes read-only too (only `/tmp` stays writable).
 */
export function bubblewrapArguments(input: BubblewrapArgumentsInput): string[] {
  const { spec, filesystem, env, nodePath } = input;
  const args = [...isolationFlags(input.disableUserns ?? true), ...systemArguments(filesystem.system)];
  if (filesystem.nodeDirectory) args.push('--ro-bind', filesystem.nodeDirectory, filesystem.nodeDirectory);
  for (const mount of filesystem.mounts) args.push('--ro-bind', mount.hostPath, mount.cellPath);
  // `--dev` is a writable tmpfs of device nodes; read-only it still lets /dev/null be written.
  args.push('--proc', '/proc', '--dev', '/dev', '--remount-ro', '/dev', '--tmpfs', '/tmp');
  // The cell's uid maps to the host uid running the platform; when that is root, the kernel lets it
  // write global sysctls (`kernel/core_pattern` is a way out). Kernel settings are read-only here.
  args.push(
    '--ro-bind',
    '/proc/sys',
    '/proc/sys',
    '--ro-bind-try',
    '/proc/sysrq-trigger',
    '/proc/sysrq-trigger',
  );
  args.push('--ro-bind', path.join(spec.cellDir, 'run'), cellBrokerDir);
  args.push('--remount-ro', '/', '--chdir', '/tmp');
  for (const [name, value] of Object.entries(env)) args.push('--setenv', name, value);
  args.push('--', nodePath, ...supervisorNodeFlags, filesystem.supervisorPath);
  return args;
}

function systemArguments(entries: readonly SystemEntry[]): string[] {
  return entries.flatMap((entry) =>
    entry.kind === 'bind' ? ['--ro-bind', entry.path, entry.path] : ['--symlink', entry.target, entry.path],
  );
}

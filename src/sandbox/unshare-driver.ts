import fs from 'node:fs';
import path from 'node:path';
import type { CellCgroups } from './cell-cgroups.ts';
import type { CellDriver } from './cell-driver.ts';
import { cellEnvironment, supervisorNodeFlags } from './cell-environment.ts';
import { brokerSocketName, cellBrokerDir, planCellFilesystem } from './cell-filesystem.ts';
import { launchCellProcess } from './launch-cell-process.ts';
import { probeCommand } from './probe-command.ts';

export interface UnshareDriverOptions {
  cgroups: CellCgroups;
  /** The Node binary cells run. Default: the one running this process. */
  nodePath?: string;
}

/**
 * Runs inside the new namespaces as namespaced root, builds a read-only root on a tmpfs, pivots
 * into it, and drops every capability before running the supervisor. Arguments: the mount point,
 * then `bind HOST CELL` / `symlink TARGET CELL` triples, then `--` and the command.
 */
const setupScript = `set -eu
root="$1"; shift
mount -t tmpfs -o mode=0755,nosuid,nodev cell-root "$root"
while [ "$1" != "--" ]; do
  if [ "$1" = symlink ]; then ln -s "$2" "$root$3"; shift 3; continue; fi
  if [ -d "$2" ]; then mkdir -p "$root$3"; else mkdir -p "$root\${3%/*}"; : > "$root$3"; fi
  mount --bind "$2" "$root$3"
  mount -o remount,bind,ro,nosuid,nodev "$root$3"
  shift 3
done
shift
mkdir -p "$root/proc" "$root/dev" "$root/tmp" "$root/old-root"
mount -t proc -o nosuid,nodev,noexec proc "$root/proc"
echo 0 > "$root/proc/sys/user/max_user_namespaces"
# Kernel settings read-only: the cell's root maps to the host user, which may be root.
mount --bind "$root/proc/sys" "$root/proc/sys"
mount -o remount,bind,ro "$root/proc/sys"
mount -t tmpfs -o mode=0755,nosuid dev "$root/dev"
for device in null zero full random urandom tty; do
  : > "$root/dev/$device"; mount --bind "/dev/$device" "$root/dev/$device"
done
mount -o remount,ro,nosuid "$root/dev"
mount -t tmpfs -o mode=1777,nosuid,nodev tmp "$root/tmp"
cd "$root"
pivot_root . old-root
umount -l /old-root
rmdir /old-root
mount -o remount,bind,ro /
cd /tmp
exec setpriv --no-new-privs --bounding-set=-all --inh-caps=-all -- "$@"`;

const namespaceFlags = [
  '--user',
  '--map-root-user',
  '--pid',
  '--fork',
  '--kill-child',
  '--mount',
  '--net',
  '--ipc',
  '--uts',
  '--cgroup',
];

/** The setup needs mount, pivot_root and setpriv; sbin holds pivot_root on most distributions. */
const setupPath = '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';

/**
 * Starts cells with util-linux `unshare` where bubblewrap is missing. Weaker than bubblewrap, and
 * documented as such: the cell runs as namespaced uid 0 (mapped to the host user that started it)
 * with an empty capability bounding set and no_new_privs (nested user namespaces are capped at 0
 * through the namespace's own `max_user_namespaces`); and there is no bubblewrap-style init: the
 * supervisor is the pid namespace's init, so orphaned grandchildren are not reaped until the cell ends.
 */
export function createUnshareDriver(options: UnshareDriverOptions): CellDriver {
  const nodePath = options.nodePath ?? process.execPath;
  return {
    name: 'unshare',
    async available() {
      const tools = await Promise.all(
        ['setpriv', 'pivot_root'].map((tool) => probeCommand('/bin/sh', ['-c', `command -v ${tool}`])),
      );
      if (tools.includes(false)) return false;
      return probeCommand('unshare', [...namespaceFlags, '--', '/bin/sh', '-c', 'mount -t tmpfs probe /tmp']);
    },
    start(spec) {
      const filesystem = planCellFilesystem({
        appRoot: spec.appRoot,
        appEntries: spec.appEntries,
        extraMounts: spec.mounts,
        nodePath,
        protectedPaths: spec.protectedPaths,
      });
      const rootDir = path.join(spec.cellDir, 'root');
      fs.mkdirSync(rootDir, { mode: 0o700 });
      const triples: string[] = [];
      for (const entry of filesystem.system) {
        if (entry.kind === 'bind') triples.push('bind', entry.path, entry.path);
        else triples.push('symlink', entry.target, entry.path);
      }
      const nodeDirectory = filesystem.nodeDirectory;
      if (nodeDirectory) triples.push('bind', nodeDirectory, nodeDirectory);
      for (const mount of filesystem.mounts) triples.push('bind', mount.hostPath, mount.cellPath);
      triples.push('bind', path.join(spec.cellDir, 'run'), cellBrokerDir);
      const brokerSocketPath = path.posix.join(cellBrokerDir, brokerSocketName);
      const env = cellEnvironment({ brokerSocketPath, home: '/tmp', nodeDirectory: path.dirname(nodePath) });
      const command = [
        '/usr/bin/env',
        '-i',
        ...Object.entries(env).map(([name, value]) => `${name}=${value}`),
        nodePath,
        ...supervisorNodeFlags,
        filesystem.supervisorPath,
      ];
      return launchCellProcess({
        command: 'unshare',
        args: [
          ...namespaceFlags,
          '--',
          '/bin/sh',
          '-c',
          setupScript,
          'cell-setup',
          rootDir,
          ...triples,
          '--',
          ...command,
        ],
        env: { PATH: setupPath },
        cgroup: options.cgroups.create(spec.id, spec.limits),
        cpuSeconds: spec.limits.cpuSeconds,
        brokerSocketPath,
      });
    },
  };
}

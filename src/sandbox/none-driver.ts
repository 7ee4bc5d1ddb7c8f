import fs from 'node:fs';
import path from 'node:path';
import type { CellCgroups } from './cell-cgroups.ts';
import type { CellDriver, SandboxLogger } from './cell-driver.ts';
import { cellEnvironment, supervisorNodeFlags } from './cell-environment.ts';
import { brokerSocketName, hostSupervisorPath } from './cell-filesystem.ts';
import { launchCellProcess } from './launch-cell-process.ts';

export interface NoneDriverOptions {
  cgroups: CellCgroups;
  log: SandboxLogger;
  nodePath?: string;
}

export const noneDriverWarning = [
  '!!! SANDBOX DISABLED: cells run as plain child processes (driver "none").',
  '!!! Code in a session can read the data dir, reach the network and see every other session.',
  '!!! Use it only on a development machine without namespaces; production mode refuses it.',
].join('\n');

/**
 * No isolation at all: the supervisor runs as a plain child process with a cleared environment,
 * in its own process group and (where possible) its own cgroup, so limits and teardown still work.
 */
export function createNoneDriver(options: NoneDriverOptions): CellDriver {
  const nodePath = options.nodePath ?? process.execPath;
  let warned = false;
  return {
    name: 'none',
    available: async () => true,
    start(spec) {
      if (!warned) options.log.warn(noneDriverWarning);
      warned = true;
      const home = path.join(spec.cellDir, 'home');
      fs.mkdirSync(home, { mode: 0o700 });
      const brokerSocketPath = path.join(spec.cellDir, 'run', brokerSocketName);
      const env = cellEnvironment({ brokerSocketPath, home, nodeDirectory: path.dirname(nodePath) });
      return launchCellProcess({
        command: nodePath,
        args: [...supervisorNodeFlags, hostSupervisorPath()],
        env: { ...env, TMPDIR: home },
        cwd: home,
        cgroup: options.cgroups.create(spec.id, spec.limits),
        cpuSeconds: spec.limits.cpuSeconds,
        brokerSocketPath,
      });
    },
  };
}

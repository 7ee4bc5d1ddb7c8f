import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createTempDir } from '../testing/temp-dir.ts';
import { bubblewrapArguments } from './bubblewrap-driver.ts';
import { hostSupervisorPath, planCellFilesystem } from './cell-filesystem.ts';

/** A throwaway application root shaped like the real one, with a data dir inside it. */
function makeAppRoot() {
  const dir = createTempDir('cell-app-');
  const realSource = path.dirname(path.dirname(hostSupervisorPath()));
  fs.writeFileSync(path.join(dir.path, 'package.json'), '{"type":"module"}');
  fs.symlinkSync(realSource, path.join(dir.path, 'src'));
  fs.mkdirSync(path.join(dir.path, 'data'));
  fs.writeFileSync(path.join(dir.path, 'data', 'secret.txt'), 'secret');
  fs.mkdirSync(path.join(dir.path, '.git'));
  return dir;
}

describe('the filesystem of a cell', () => {
  let app: ReturnType<typeof makeAppRoot> | undefined;
  afterEach(() => app?.remove());

  it('mounts the code entries only, never the data dir or other files of the project', () => {
    app = makeAppRoot();
    const plan = planCellFilesystem({
      appRoot: app.path,
      nodePath: process.execPath,
      protectedPaths: [path.join(app.path, 'data')],
    });
    expect(plan.mounts.map((mount) => mount.cellPath)).toEqual(['/app/package.json', '/app/src']);
    expect(plan.supervisorPath).toBe('/app/src/cell/supervisor.js');
    expect(plan.mounts.some((mount) => mount.hostPath.includes('data'))).toBe(false);
  });

  it('refuses a mount that contains or sits inside a protected path', () => {
    app = makeAppRoot();
    const dataDir = path.join(app.path, 'data');
    const plan = (hostPath: string) =>
      planCellFilesystem({
        appRoot: app!.path,
        nodePath: process.execPath,
        protectedPaths: [dataDir],
        extraMounts: [{ hostPath, cellPath: '/mnt/extra' }],
      });
    expect(() => plan(app!.path)).toThrow(/exposes/);
    expect(() => plan(dataDir)).toThrow(/exposes/);
    expect(() => plan(path.join(app!.path, '.git'))).not.toThrow(); // positive control
  });

  it('refuses application entries that leave the application', () => {
    app = makeAppRoot();
    expect(() =>
      planCellFilesystem({
        appRoot: app!.path,
        appEntries: ['../etc'],
        nodePath: process.execPath,
        protectedPaths: [],
      }),
    ).toThrow(/inside the application/);
  });

  it('passes the flags that drop privileges, and makes the root read-only after every mount', () => {
    app = makeAppRoot();
    const filesystem = planCellFilesystem({
      appRoot: app.path,
      nodePath: process.execPath,
      protectedPaths: [],
    });
    const args = bubblewrapArguments({
      spec: {
        id: 'cell-x',
        cellDir: '/cells/cell-x',
        appRoot: app.path,
        protectedPaths: [],
        limits: { memoryBytes: 1, pids: 1, cpuSeconds: 1 },
      },
      filesystem,
      env: { PATH: '/usr/bin' },
      nodePath: process.execPath,
    });
    for (const flag of [
      '--unshare-all',
      '--unshare-user',
      '--disable-userns',
      '--die-with-parent',
      '--new-session',
      '--clearenv',
    ]) {
      expect(args).toContain(flag);
    }
    expect(args.join(' ')).toContain('--cap-drop ALL');
    expect(args.join(' ')).toContain('--proc /proc');
    expect(args.join(' ')).toContain('--dev /dev --remount-ro /dev');
    expect(args.join(' ')).toContain('--ro-bind /cells/cell-x/run /run/broker');
    const remount = args.findIndex((arg, index) => arg === '--remount-ro' && args[index + 1] === '/');
    const lastBind = args.lastIndexOf('--ro-bind');
    expect(remount).toBeGreaterThan(lastBind);
    expect(args.indexOf('--')).toBeGreaterThan(remount);
    expect(args.some((arg) => arg.includes('/data'))).toBe(false);
  });
});

import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createTempDir } from '../testing/temp-dir.ts';
import { createCellCgroups, parseSelfCgroup } from './cell-cgroups.ts';

const limits = { memoryBytes: 128 * 1024 * 1024, pids: 32, cpuSeconds: 10 };

/** A directory shaped like a cgroup mount: enough for the path and limit logic, not the kernel. */
function fakeHierarchy(files: Record<string, string>) {
  const dir = createTempDir('fake-cgroups-');
  for (const [file, content] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir.path, file)), { recursive: true });
    fs.writeFileSync(path.join(dir.path, file), content);
  }
  return dir;
}

function recordingLog() {
  const lines: string[] = [];
  return {
    lines,
    info: (line: string) => lines.push(line),
    warn: (line: string) => lines.push(`WARN ${line}`),
  };
}

describe('cell cgroups', () => {
  let dir: ReturnType<typeof createTempDir> | undefined;
  afterEach(() => dir?.remove());

  it('reads the v1 and v2 lines of /proc/self/cgroup', () => {
    const parsed = parseSelfCgroup(
      '12:pids:/\n4:memory:/container/abc\n3:cpu,cpuacct:/x\n0::/unified/path\n',
    );
    expect(parsed.get('memory')).toBe('/container/abc');
    expect(parsed.get('pids')).toBe('/');
    expect(parsed.get('cpuacct')).toBe('/x');
    expect(parsed.get('')).toBe('/unified/path');
  });

  it("nests v1 cells under this process's own memory and pids cgroups, with their limits", () => {
    // The parents exist already (a previous run made them): cgroup.procs is how writability is checked.
    dir = fakeHierarchy({
      'memory/cgroup.procs': '',
      'memory/box/supplier-agent/cgroup.procs': '',
      'pids/cgroup.procs': '',
      'pids/supplier-agent/cgroup.procs': '',
    });
    const log = recordingLog();
    const cgroups = createCellCgroups({ root: dir.path, selfCgroup: '4:memory:/box\n2:pids:/\n0::/\n', log });
    expect(cgroups.mode).toBe('v1');
    const cgroup = cgroups.create('cell-1', limits);
    const memoryDir = path.join(dir.path, 'memory/box/supplier-agent/cell-1');
    const pidsDir = path.join(dir.path, 'pids/supplier-agent/cell-1');
    expect(cgroup?.procsFiles).toEqual([
      path.join(memoryDir, 'cgroup.procs'),
      path.join(pidsDir, 'cgroup.procs'),
    ]);
    expect(fs.readFileSync(path.join(memoryDir, 'memory.limit_in_bytes'), 'utf8')).toBe(
      String(limits.memoryBytes),
    );
    expect(fs.readFileSync(path.join(pidsDir, 'pids.max'), 'utf8')).toBe('32');
    expect(log.lines.join('\n')).toMatch(/cgroup v1/);
  });

  it('uses v2 when the unified hierarchy is mounted at the root, enabling the controllers it needs', () => {
    dir = fakeHierarchy({ 'cgroup.controllers': 'cpu memory pids', 'cgroup.subtree_control': '' });
    const cgroups = createCellCgroups({ root: dir.path, selfCgroup: '0::/\n', log: recordingLog() });
    expect(cgroups.mode).toBe('v2');
    expect(fs.readFileSync(path.join(dir.path, 'cgroup.subtree_control'), 'utf8')).toBe('+memory +pids');
    const cgroup = cgroups.create('cell-2', limits);
    const cellDir = path.join(dir.path, 'supplier-agent', 'cell-2');
    expect(cgroup?.procsFiles).toEqual([path.join(cellDir, 'cgroup.procs')]);
    expect(fs.readFileSync(path.join(cellDir, 'memory.max'), 'utf8')).toBe(String(limits.memoryBytes));
    expect(fs.readFileSync(path.join(cellDir, 'pids.max'), 'utf8')).toBe('32');
  });

  it('says so and limits nothing when no cgroup hierarchy is usable', () => {
    dir = fakeHierarchy({ 'cgroup.controllers': 'cpu' });
    const log = recordingLog();
    const cgroups = createCellCgroups({ root: dir.path, selfCgroup: '0::/\n', log });
    expect(cgroups.mode).toBe('none');
    expect(cgroups.create('cell-1', limits)).toBeUndefined();
    expect(log.lines.join('\n')).toMatch(/WARN cell limits: cgroups are not usable .*memory.* NOT limited/);
  });
});

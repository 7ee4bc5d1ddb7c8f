import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CellDriverName } from '../../src/sandbox/cell-driver.ts';
import {
  type CellHarness,
  createCellHarness,
  isAlive,
  mustSkip,
  runNodeInCell,
} from '../sandbox/cell-kit.ts';

const drivers: CellDriverName[] = ['bubblewrap', 'unshare'];
const skipped = new Map(
  await Promise.all(drivers.map(async (name) => [name, await mustSkip(name)] as const)),
);
const secretName = 'SUPPLIER_AGENT_TEST_ISOLATION_SECRET';
const secret = `process-secret-${process.pid}-${Date.now()}`;

for (const name of drivers) {
  describe.skipIf(skipped.get(name))(`processes and privileges of a ${name} cell`, () => {
    let harness: CellHarness;
    let victim: ChildProcess;
    beforeAll(() => {
      process.env[secretName] = secret;
      harness = createCellHarness(name);
      // A host process holding the secret in its environment: the target of every attack below.
      victim = spawn('sleep', ['1000'], { env: { ...process.env }, stdio: 'ignore' });
    });
    afterAll(async () => {
      delete process.env[secretName];
      victim?.kill('SIGKILL');
      await harness?.close();
    });

    it('sees only its own processes: host pid 1 and the host process are invisible', async () => {
      const hostInit = fs.readFileSync('/proc/1/cmdline', 'utf8').replaceAll('\0', ' ');
      expect(fs.existsSync(`/proc/${victim.pid}`)).toBe(true); // the host sees the victim
      const script = `
        const fs = require('node:fs');
        const processes = {};
        for (const pid of fs.readdirSync('/proc').filter((name) => /^\\d+$/.test(name))) {
          try { processes[pid] = fs.readFileSync('/proc/' + pid + '/cmdline', 'utf8').split('\\0').join(' ').trim(); } catch {}
        }
        console.log(JSON.stringify(processes));`;
      const { value } = await runNodeInCell<Record<string, string>>(await harness.start(), script);
      const commands = Object.values(value);
      expect(commands.length).toBeLessThanOrEqual(4);
      expect(commands.some((command) => command.includes('supervisor.js'))).toBe(true);
      expect(commands).not.toContain(hostInit.trim());
      expect(commands.some((command) => command.includes('vitest') || command.includes('sleep 1000'))).toBe(
        false,
      );
      expect(value[String(victim.pid)]).toBeUndefined();
    });

    it('cannot change kernel settings (core_pattern, sysrq), though it can write its own /tmp', async () => {
      const script = `
        const fs = require('node:fs');
        const attempt = (file, text) => {
          try { fs.writeFileSync(file, text); return 'written'; } catch (error) { return error.code; }
        };
        const current = (() => { try { return fs.readFileSync('/proc/sys/kernel/core_pattern', 'utf8'); } catch { return 'core'; } })();
        console.log(JSON.stringify({
          corePattern: attempt('/proc/sys/kernel/core_pattern', current),
          ipForward: attempt('/proc/sys/net/ipv4/ip_forward', '0'),
          sysrq: attempt('/proc/sysrq-trigger', 'h'),
          tmp: attempt('/tmp/probe', 'x'),
        }));`;
      const { value } = await runNodeInCell<Record<string, string>>(await harness.start(), script);
      expect(value.tmp).toBe('written');
      for (const key of ['corePattern', 'ipForward', 'sysrq']) expect(value[key], key).not.toBe('written');
    });

    it('reads no secret from /proc/1/environ or any process environment in the cell', async () => {
      // Positive control: the host can read the victim's environment, secret included.
      expect(fs.readFileSync(`/proc/${victim.pid}/environ`, 'utf8')).toContain(secret);
      const script = `
        const fs = require('node:fs');
        const seen = [];
        for (const pid of fs.readdirSync('/proc').filter((name) => /^\\d+$/.test(name) || name === 'self')) {
          try { seen.push(fs.readFileSync('/proc/' + pid + '/environ', 'utf8')); } catch {}
        }
        let victim;
        try { victim = fs.readFileSync('/proc/${victim.pid}/environ', 'utf8'); } catch (error) { victim = error.code; }
        console.log(JSON.stringify({ environments: seen, env: process.env, victim }));`;
      const { value, stdout } = await runNodeInCell<{ environments: string[]; victim: string }>(
        await harness.start(),
        script,
      );
      expect(value.environments.length).toBeGreaterThan(0);
      expect(value.victim).toBe('ENOENT');
      expect(stdout).not.toContain(secret);
      expect(stdout).not.toContain(secretName);
    });

    it('cannot signal a host process', async () => {
      const script = `
        let result;
        try { process.kill(${victim.pid}, 'SIGKILL'); result = 'sent'; } catch (error) { result = error.code; }
        const shell = require('node:child_process').spawnSync('/bin/sh', ['-c', 'kill -9 ${victim.pid}']);
        console.log(JSON.stringify({ result, shell: shell.status }));`;
      const { value } = await runNodeInCell<{ result: string; shell: number }>(await harness.start(), script);
      expect(value.result).toBe('ESRCH');
      expect(value.shell).not.toBe(0);
      expect(isAlive(victim.pid!)).toBe(true);
      // Positive control: the same signal from the host does kill a process.
      const target = spawn('sleep', ['1000'], { stdio: 'ignore' });
      process.kill(target.pid!, 'SIGKILL');
      await new Promise((resolve) => target.once('exit', resolve));
      expect(isAlive(target.pid!)).toBe(false);
    });

    it("cannot open a host process's memory (no ptrace target)", async () => {
      const handle = fs.openSync(`/proc/${victim.pid}/mem`, 'r'); // positive control: the host can
      fs.closeSync(handle);
      const script = `
        const fs = require('node:fs');
        let mem; try { fs.closeSync(fs.openSync('/proc/${victim.pid}/mem', 'r')); mem = 'opened'; } catch (error) { mem = error.code; }
        console.log(JSON.stringify({ mem, status: fs.existsSync('/proc/${victim.pid}/status') }));`;
      const { value } = await runNodeInCell(await harness.start(), script);
      expect(value).toEqual({ mem: 'ENOENT', status: false });
    });

    it('has no capabilities and cannot mount', async () => {
      // Positive control: the same mount command works where the privilege exists (host, own mount ns).
      const host = spawnSync('unshare', [
        '--mount',
        '/bin/sh',
        '-c',
        'mount -t tmpfs none /mnt && echo mounted',
      ]);
      expect(host.stdout.toString()).toBe('mounted\n');
      const script = `
        const fs = require('node:fs');
        const status = fs.readFileSync('/proc/self/status', 'utf8');
        const caps = Object.fromEntries(status.split('\\n').filter((line) => line.startsWith('Cap')).map((line) => line.split(':\\t')));
        const mount = require('node:child_process').spawnSync('/bin/sh', ['-c', 'mount -t tmpfs none /tmp && echo mounted']);
        console.log(JSON.stringify({ caps, mount: mount.stdout.toString(), mountStatus: mount.status }));`;
      const { value } = await runNodeInCell<{
        caps: Record<string, string>;
        mount: string;
        mountStatus: number;
      }>(await harness.start(), script);
      for (const key of ['CapInh', 'CapPrm', 'CapEff', 'CapBnd', 'CapAmb']) {
        expect(value.caps[key], key).toBe('0000000000000000');
      }
      expect(value.mount).toBe('');
      expect(value.mountStatus).not.toBe(0);
    });

    it('cannot create a nested user namespace to regain capabilities', async () => {
      const host = spawnSync('unshare', ['--user', '--map-root-user', 'true']); // positive control
      expect(host.status).toBe(0);
      const script = `
        const result = require('node:child_process').spawnSync('unshare', ['--user', '--map-root-user', 'true']);
        console.log(JSON.stringify(result.status));`;
      const { value } = await runNodeInCell(await harness.start(), script);
      expect(value).not.toBe(0);
    });

    it('keeps host secrets out of its own environment', async () => {
      expect(spawnSync('/bin/sh', ['-c', `echo "$${secretName}"`]).stdout.toString()).toBe(`${secret}\n`);
      const { value, stdout } = await runNodeInCell<Record<string, string>>(
        await harness.start(),
        `console.log(JSON.stringify({ env: process.env, file: require('node:fs').readFileSync('/proc/self/environ', 'utf8') }))`,
      );
      expect(Object.keys(value)).toEqual(['env', 'file']);
      expect(stdout).not.toContain(secret);
    });
  });
}

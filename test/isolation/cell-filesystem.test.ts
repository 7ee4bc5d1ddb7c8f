import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CellDriverName } from '../../src/sandbox/cell-driver.ts';
import { createTempDir } from '../../src/testing/temp-dir.ts';
import {
  appRoot,
  type CellHarness,
  createCellHarness,
  mustSkip,
  runNodeInCell,
} from '../sandbox/cell-kit.ts';

const drivers: CellDriverName[] = ['bubblewrap', 'unshare'];
const skipped = new Map(
  await Promise.all(drivers.map(async (name) => [name, await mustSkip(name)] as const)),
);
const secret = `data-dir-secret-${process.pid}-${Date.now()}`;

/**
 * An application root like a developer's checkout: the code, and the data dir and a dev key right
 * next to it. The code entries link to the real ones so the cell can run.
 */
function makeProject() {
  const dir = createTempDir('cell-project-');
  fs.copyFileSync(path.join(appRoot, 'package.json'), path.join(dir.path, 'package.json'));
  for (const entry of ['src', 'node_modules'])
    fs.symlinkSync(path.join(appRoot, entry), path.join(dir.path, entry));
  const dataDir = path.join(dir.path, 'data');
  fs.mkdirSync(path.join(dataDir, 'keys'), { recursive: true });
  fs.writeFileSync(path.join(dataDir, 'secret.txt'), secret);
  fs.writeFileSync(path.join(dataDir, 'keys', 'dev-issuer.pem'), secret);
  fs.writeFileSync(path.join(dir.path, '.env'), `API_KEY=${secret}`);
  return { root: dir.path, dataDir, remove: dir.remove };
}

/** Reads each path in the cell; prints `{ path: content | error code }`. */
const readScript = (paths: string[]) => `
  const fs = require('node:fs');
  const result = {};
  for (const path of ${JSON.stringify(paths)}) {
    try { result[path] = fs.statSync(path).isDirectory() ? fs.readdirSync(path) : fs.readFileSync(path, 'utf8'); }
    catch (error) { result[path] = error.code; }
  }
  console.log(JSON.stringify(result));`;

for (const name of drivers) {
  describe.skipIf(skipped.get(name))(`the filesystem of a ${name} cell`, () => {
    let harness: CellHarness;
    let project: ReturnType<typeof makeProject>;
    beforeAll(() => {
      harness = createCellHarness(name);
      project = makeProject();
    });
    afterAll(async () => {
      await harness?.close();
      project?.remove();
    });
    const startInProject = () => harness.start({ appRoot: project.root, protectedPaths: [project.dataDir] });

    it('does not contain the data dir, its keys or other project files, even when they sit in the app root', async () => {
      expect(fs.readFileSync(path.join(project.dataDir, 'secret.txt'), 'utf8')).toBe(secret); // the host can
      const cell = await startInProject();
      const hostPaths = [path.join(project.dataDir, 'secret.txt'), path.join(project.root, '.env')];
      const { value } = await runNodeInCell<Record<string, unknown>>(
        cell,
        readScript([
          '/app',
          '/app/data/secret.txt',
          '/app/data/keys/dev-issuer.pem',
          '/app/.env',
          ...hostPaths,
        ]),
      );
      expect(value['/app']).toEqual(['node_modules', 'package.json', 'src']);
      for (const [key, result] of Object.entries(value)) {
        if (key !== '/app') expect(result, key).toBe('ENOENT');
      }
      expect(JSON.stringify(value)).not.toContain(secret);
    });

    it('finds the secret nowhere it can look', async () => {
      const cell = await startInProject();
      const script = `
        const fs = require('node:fs');
        const hits = [];
        const walk = (dir, depth) => {
          if (depth > 6) return;
          let entries = [];
          try { entries = fs.readdirSync(dir, { withFileTypes: true }); } catch { return; }
          for (const entry of entries) {
            const full = dir === '/' ? '/' + entry.name : dir + '/' + entry.name;
            if (['/usr', '/proc', '/sys', '/dev', '/app/node_modules'].includes(full)) continue;
            if (entry.isDirectory()) walk(full, depth + 1);
            else if (entry.isFile()) { try { if (fs.readFileSync(full, 'utf8').includes(${JSON.stringify(secret)})) hits.push(full); } catch {} }
          }
        };
        walk('/', 0);
        console.log(JSON.stringify(hits));`;
      const { value } = await runNodeInCell(cell, script);
      expect(value).toEqual([]);
    });

    it("cannot reach a sibling cell's socket dir or socket", async () => {
      const [mine, sibling] = [await harness.start(), await harness.start()];
      const server = net.createServer((socket) => socket.end('sibling broker\n'));
      await new Promise<void>((resolve) => server.listen(sibling.brokerSocketPath, resolve));
      fs.writeFileSync(path.join(sibling.socketDir, 'note.txt'), secret);
      const connect = (socketPath: string) => `
        new Promise((resolve) => {
          const socket = require('node:net').connect(${JSON.stringify(socketPath)});
          socket.on('data', (data) => resolve(String(data).trim()));
          socket.on('error', (error) => resolve(error.code));
        })`;
      try {
        const attack = `Promise.all([${connect(sibling.brokerSocketPath)}, ${connect('/run/broker/broker.sock')}])
          .then(([sibling, own]) => console.log(JSON.stringify({ sibling, own, listing: (() => { try { return require('node:fs').readdirSync(${JSON.stringify(sibling.socketDir)}); } catch (error) { return error.code; } })() })))`;
        const { value } = await runNodeInCell(mine, attack);
        expect(value).toEqual({ sibling: 'ENOENT', own: 'ENOENT', listing: 'ENOENT' });
        // Positive control: the sibling reaches its own broker through the same code path.
        const control = await runNodeInCell(
          sibling,
          `${connect('/run/broker/broker.sock')}.then((result) => console.log(JSON.stringify(result)))`,
        );
        expect(control.value).toBe('sibling broker');
      } finally {
        await new Promise((resolve) => server.close(resolve));
      }
    });

    it('cannot write outside /tmp, and can write in /tmp', async () => {
      const cell = await harness.start();
      const targets = [
        '/x',
        '/app/x',
        '/app/src/x',
        '/usr/x',
        '/bin/x',
        '/run/x',
        '/run/broker/x',
        '/dev/x',
        '/proc/x',
      ];
      const script = `
        const fs = require('node:fs');
        const result = {};
        for (const target of ${JSON.stringify([...targets, '/tmp/x', '/dev/null'])}) {
          try { fs.writeFileSync(target, 'x'); result[target] = fs.readFileSync(target, 'utf8') === 'x' ? 'written' : 'lost'; }
          catch (error) { result[target] = error.code; }
        }
        console.log(JSON.stringify(result));`;
      const { value } = await runNodeInCell<Record<string, string>>(cell, script);
      expect(value['/tmp/x']).toBe('written');
      expect(value['/dev/null']).toBe('lost'); // a device, not storage: writable, reads back nothing
      for (const target of targets)
        expect(['EROFS', 'EACCES', 'EPERM', 'ENOENT'], target).toContain(value[target]);
      expect(fs.existsSync(path.join(appRoot, 'x'))).toBe(false);
    });
  });
}

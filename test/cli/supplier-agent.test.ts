import { type ChildProcess, execFile, spawn } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { createTempDir } from '../../src/testing/temp-dir.ts';

const run = promisify(execFile);
const bin = path.resolve(import.meta.dirname, '../../bin/supplier-agent');
const dirs: { remove(): void }[] = [];
const children: ChildProcess[] = [];

afterEach(() => {
  for (const child of children.splice(0)) if (child.exitCode === null) child.kill('SIGKILL');
  for (const dir of dirs.splice(0)) dir.remove();
});

function dataDir(): string {
  const dir = createTempDir('cli-');
  dirs.push(dir);
  return dir.path;
}

async function exitOf(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(bin, args);
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failure = error as { code: number; stdout: string; stderr: string };
    return { code: failure.code, stdout: failure.stdout, stderr: failure.stderr };
  }
}

describe('supplier-agent', () => {
  it('--help lists the commands, and every command has its own --help', async () => {
    const help = await exitOf(['--help']);
    expect(help.code).toBe(0);
    for (const name of ['serve', 'csp-api', 'tenants', 'tools', 'audit']) {
      expect(help.stdout).toContain(name);
      const own = await exitOf([name, '--help']);
      expect(own.code).toBe(0);
      expect(own.stdout).toContain(`Usage: supplier-agent ${name}`);
      expect(own.stdout).toContain('--data-dir');
    }
  });

  it('rejects unknown commands, unknown flags and bad values with exit 2 and a clear message', async () => {
    const unknown = await exitOf(['launch']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('Unknown command "launch"');
    const flag = await exitOf(['tenants', '--colour']);
    expect(flag.code).toBe(2);
    expect(flag.stderr).toContain("'--colour'");
    const port = await exitOf(['csp-api', '--port', 'eighty', '--data-dir', dataDir()]);
    expect(port.code).toBe(2);
    expect(port.stderr).toContain('--port');
    const rate = await exitOf(['csp-api', '--rate-limit', 'fast', '--data-dir', dataDir()]);
    expect(rate.code).not.toBe(0);
    expect(rate.stderr).toContain('rate limit');
  });

  it('tenants --json lists the seeded tenants with credentials and users, the same on every call', async () => {
    const dir = dataDir();
    const first = JSON.parse((await exitOf(['tenants', '--json', '--data-dir', dir])).stdout);
    expect(first.map((tenant: { id: string }) => tenant.id)).toEqual(['northwind', 'bluepeak', 'harbor']);
    for (const tenant of first) {
      expect(tenant).toMatchObject({
        clientId: `${tenant.id}-agent`,
        clientSecret: expect.stringMatching(/^[\w-]{20,}$/),
      });
      expect(tenant.users.length).toBeGreaterThanOrEqual(2);
    }
    const again = JSON.parse((await exitOf(['tenants', '--json', '--data-dir', dir])).stdout);
    expect(again).toEqual(first);
    const buyer = JSON.parse((await exitOf(['tenants', '--buyer', '--json', '--data-dir', dir])).stdout);
    expect(buyer.clientId).toBe('sim-buyer');
  });

  it('tools --json prints the manifest with the stable tool names', async () => {
    const manifest = JSON.parse((await exitOf(['tools', '--json'])).stdout);
    const names = manifest.map((tool: { name: string }) => tool.name);
    for (const name of [
      'purchase_orders_list',
      'invoices_create_from_po',
      'remit_to_addresses_add',
      'catalog_items_update',
    ]) {
      expect(names).toContain(name);
    }
    for (const tool of manifest) {
      expect(tool.inputSchema.type).toBe('object');
      expect(tool.operations.length).toBeGreaterThan(0);
    }
  });

  it('serve refuses the unsandboxed driver in production mode, and says which driver cells use', async () => {
    const help = await exitOf(['--help']);
    expect(help.stdout).toMatch(/sandbox driver (bubblewrap|unshare|none)/);
    const refused = await run(bin, ['serve', '--sandbox', 'none', '--port', '0', '--data-dir', dataDir()], {
      env: { ...process.env, SUPPLIER_AGENT_PRODUCTION: 'true' },
    }).then(
      () => ({ code: 0, stderr: '' }),
      (error: { code: number; stderr: string }) => error,
    );
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('refused in production mode');
  });

  it('csp-api prints its URL, serves requests, and exits 0 on SIGTERM', async () => {
    const child = spawn(bin, ['csp-api', '--port', '0', '--data-dir', dataDir()], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    children.push(child);
    const url = await new Promise<string>((resolve, reject) => {
      let output = '';
      child.stdout?.on('data', (chunk: Buffer) => {
        output += chunk.toString();
        const match = /listening on (http:\/\/\S+)/.exec(output);
        if (match?.[1]) resolve(match[1]);
      });
      child.once('exit', (code) => reject(new Error(`exited ${code} before listening`)));
    });
    expect((await fetch(`${url}/healthz`)).status).toBe(200);
    expect((await fetch(`${url}/api/purchase_orders`)).status).toBe(401);
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
  });
});

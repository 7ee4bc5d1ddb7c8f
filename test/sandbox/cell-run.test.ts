import fs from 'node:fs';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { CellDriverName } from '../../src/sandbox/cell-driver.ts';
import { type CellHarness, createCellHarness, mustSkip, runCollecting, runNodeInCell } from './cell-kit.ts';

const secretName = 'SUPPLIER_AGENT_TEST_HOST_SECRET';
const secretValue = `host-secret-${process.pid}-${Date.now()}`;

const drivers: CellDriverName[] = ['bubblewrap', 'unshare', 'none'];
const skipped = new Map(
  await Promise.all(drivers.map(async (name) => [name, await mustSkip(name)] as const)),
);

for (const name of drivers) describe.skipIf(skipped.get(name))(`a ${name} cell`, () => suite(name));

function suite(name: CellDriverName): void {
  let harness: CellHarness;
  beforeAll(() => {
    process.env[secretName] = secretValue;
    harness = createCellHarness(name);
  });
  afterEach(() => {
    expect(harness.log.lines.filter((line) => line.message.includes('failed'))).toEqual([]);
  });
  afterAll(async () => {
    delete process.env[secretName];
    await harness?.close();
  });

  it('passes output and exit status through', async () => {
    const cell = await harness.start();
    expect(cell.driver).toBe(name);
    const outcome = await runCollecting(cell, {
      argv: ['/bin/sh', '-c', 'echo out-line; echo err-line >&2; exit 7'],
    });
    expect(outcome.stdout).toBe('out-line\n');
    expect(outcome.stderr).toBe('err-line\n');
    expect(outcome.exit).toMatchObject({ exitCode: 7, signal: null, reason: 'exited' });
    expect(outcome.exit.resources.wallMs).toBeGreaterThanOrEqual(0);
  });

  it('keeps output that is read only after the command has ended', async () => {
    const cell = await harness.start();
    const exit = await cell.run({ argv: ['/bin/sh', '-c', 'echo late reader'] });
    expect(exit.exitCode).toBe(0);
    expect(String(await cell.stdout.toArray().then((chunks) => Buffer.concat(chunks)))).toBe('late reader\n');
  });

  it('reports a command ended by a signal as 128 + signal', async () => {
    const cell = await harness.start();
    const outcome = await runCollecting(cell, { argv: ['/bin/sh', '-c', 'kill -TERM $$'] });
    expect(outcome.exit).toMatchObject({ exitCode: 143, signal: 'SIGTERM', reason: 'exited' });
  });

  it('reports a command that does not exist with 127', async () => {
    const cell = await harness.start();
    const outcome = await runCollecting(cell, { argv: ['no-such-command-anywhere'] });
    expect(outcome.exit.exitCode).toBe(127);
    expect(outcome.exit.error).toMatch(/ENOENT/);
  });

  it('starts with a cleared environment: only what the cell and the command set', async () => {
    expect(process.env[secretName]).toBe(secretValue); // positive control: the host has it
    const cell = await harness.start();
    const { value } = await runNodeInCell<Record<string, string>>(
      cell,
      'console.log(JSON.stringify(process.env))',
      { VISIBLE_TO_COMMAND: 'yes' },
    );
    expect(value.VISIBLE_TO_COMMAND).toBe('yes');
    expect(value.SUPPLIER_AGENT_BROKER).toBe(cell.cellBrokerSocketPath);
    const allowed = ['HOME', 'LANG', 'PATH', 'PWD', 'SUPPLIER_AGENT_BROKER', 'TMPDIR', 'VISIBLE_TO_COMMAND'];
    expect(Object.keys(value).filter((key) => !allowed.includes(key))).toEqual([]);
    expect(Object.keys(value)).not.toContain(secretName);
    expect(JSON.stringify(value)).not.toContain(secretValue);
  });

  it('pipes standard input when asked', async () => {
    const cell = await harness.start();
    let stdout = '';
    cell.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
    });
    const running = cell.run({ argv: ['/bin/sh', '-c', 'tr a-z A-Z'], stdin: 'pipe' });
    cell.stdin.end('shout\n');
    expect((await running).exitCode).toBe(0);
    expect(stdout).toBe('SHOUT\n');
  });

  it('runs one command only: a cell is never reused', async () => {
    const cell = await harness.start();
    await runCollecting(cell, { argv: ['true'] });
    await expect(cell.run({ argv: ['true'] })).rejects.toMatchObject({ code: 'conflict' });
  });

  it('removes its directory once the command has ended', async () => {
    const cell = await harness.start();
    expect(fs.existsSync(cell.socketDir)).toBe(true);
    await runCollecting(cell, { argv: ['true'] });
    expect(fs.existsSync(cell.socketDir)).toBe(false);
    expect(fs.readdirSync(harness.cellsDir)).not.toContain(cell.id);
  });
}

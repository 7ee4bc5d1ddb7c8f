import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { createTempDir } from '../../src/testing/temp-dir.ts';

const run = promisify(execFile);
const bin = path.resolve(import.meta.dirname, '../../bin/supplier-agent');
const dir = createTempDir('sandbox-run-');
afterAll(() => dir.remove());

async function agent(args: string[]) {
  try {
    const [command, ...rest] = args;
    const { stdout, stderr } = await run(bin, [command!, '--data-dir', dir.path, ...rest], {
      timeout: 60_000,
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failure = error as { code: number; stdout: string; stderr: string };
    return { code: failure.code, stdout: failure.stdout, stderr: failure.stderr };
  }
}

describe('supplier-agent sandbox run', () => {
  it('runs csp in a cell for a tenant: output and exit status pass through, the run is audited', async () => {
    const ok = await agent([
      'sandbox',
      'run',
      '--tenant',
      'bluepeak',
      '--tools',
      'invoices_list',
      '--',
      '/app/bin/csp',
      'invoices',
      'list',
      '--limit',
      '2',
    ]);
    expect(ok.code).toBe(0);
    const invoices = JSON.parse(ok.stdout);
    expect(
      invoices.map((invoice: { 'invoice-number': string }) => invoice['invoice-number'].slice(0, 4)),
    ).toEqual(['BPO-', 'BPO-']);
    const session = /session: (\S+)/.exec(ok.stderr)?.[1];
    expect(session).toBeDefined();
    const shown = await agent(['audit', 'show', session!, '--json']);
    const types = JSON.parse(shown.stdout).map((event: { type: string }) => event.type);
    expect(types).toEqual([
      'session-start',
      'cell-start',
      'tool-call',
      'api-request',
      'policy-decision',
      'api-response',
      'tool-result',
      'cell-exit',
      'session-end',
    ]);
    expect((await agent(['audit', 'verify', '--session', session!])).code).toBe(0);
  });

  it('passes a failing exit status through, and a denied operation is the tool error it should be', async () => {
    const failing = await agent([
      'sandbox',
      'run',
      '--tenant',
      'bluepeak',
      '--tools',
      'invoices_list',
      '--',
      'sh',
      '-c',
      'exit 7',
    ]);
    expect(failing.code).toBe(7);
    const denied = await agent([
      'sandbox',
      'run',
      '--tenant',
      'bluepeak',
      '--tools',
      'invoices_list',
      '--',
      '/app/bin/csp',
      'purchase-orders',
      'list',
    ]);
    expect(denied.code).toBe(1);
    expect(denied.stderr).toContain('egress_denied');
  });

  it('refuses bad input clearly', async () => {
    const noTenant = await agent(['sandbox', 'run', '--tools', 'invoices_list', '--', 'true']);
    expect(noTenant.code).toBe(2);
    expect(noTenant.stderr).toContain('--tenant');
    const unknownTool = await agent([
      'sandbox',
      'run',
      '--tenant',
      'bluepeak',
      '--tools',
      'delete_everything',
      '--',
      'true',
    ]);
    expect(unknownTool.code).toBe(2);
    expect(unknownTool.stderr).toContain('Unknown tool "delete_everything"');
    const unknownTenant = await agent([
      'sandbox',
      'run',
      '--tenant',
      'globex',
      '--tools',
      'invoices_list',
      '--',
      'true',
    ]);
    expect(unknownTenant.code).toBe(1);
    expect(unknownTenant.stderr).toContain('Unknown tenant');
    const both = await agent([
      'sandbox',
      'run',
      '--tenant',
      'bluepeak',
      '--skill',
      'x',
      '--tools',
      'invoices_list',
      '--',
      'true',
    ]);
    expect(both.code).toBe(2);
  });
});

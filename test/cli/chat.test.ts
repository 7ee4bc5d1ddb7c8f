import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { openAuditDatabase } from '../../src/audit/open-audit-database.ts';
import { createTempDir } from '../../src/testing/temp-dir.ts';

const run = promisify(execFile);
const repo = path.resolve(import.meta.dirname, '../..');
const bin = path.join(repo, 'bin/supplier-agent');
const dirs: { path: string; remove(): void }[] = [];
afterAll(() => {
  for (const dir of dirs) dir.remove();
});

function tempDir(): string {
  const dir = createTempDir('cli-chat-');
  dirs.push(dir);
  return dir.path;
}

async function exitOf(args: string[], env: NodeJS.ProcessEnv = {}) {
  try {
    const { stdout, stderr } = await run(bin, args, { env: { ...process.env, ...env } });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failure = error as { code: number; stdout: string; stderr: string };
    return { code: failure.code, stdout: failure.stdout, stderr: failure.stderr };
  }
}

describe('supplier-agent chat', () => {
  it('runs a turn with the offline model, continues the session, and audits both turns', async () => {
    const dataDir = tempDir();
    const first = await exitOf([
      'chat',
      '--data-dir',
      dataDir,
      '--tenant',
      'northwind',
      '--user',
      'maria.chen',
      'What is the status of PO NWC-PO-11001?',
    ]);
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(/^\[demo model\] NWC-PO-11001/);
    const sessionId = /session: (\S+)/.exec(first.stderr)?.[1];
    expect(sessionId).toBeDefined();
    const second = await exitOf([
      'chat',
      '--data-dir',
      dataDir,
      '--tenant',
      'northwind',
      '--user',
      'maria.chen',
      '--session',
      sessionId as string,
      '--json',
      'Please acknowledge PO NWC-PO-11010',
    ]);
    expect(second.code).toBe(0);
    expect(JSON.parse(second.stdout)).toMatchObject({
      sessionId,
      status: 'completed',
      skill: 'order-confirmation',
    });
    const db = openAuditDatabase({ dataDir, readOnly: true });
    try {
      const types = db
        .prepare<[string], { type: string }>(
          'SELECT type FROM audit_events WHERE session_id = ? ORDER BY seq',
        )
        .all(sessionId as string)
        .map((row) => row.type);
      expect(types.filter((type) => type === 'user-message')).toHaveLength(2);
      expect(types.filter((type) => type === 'turn-end')).toHaveLength(2);
    } finally {
      db.close();
    }
    expect((await exitOf(['audit', 'verify', '--data-dir', dataDir])).code).toBe(0);
  }, 60_000);

  it('refuses an unknown user of the tenant, listing its users (exit 2)', async () => {
    const refused = await exitOf([
      'chat',
      '--data-dir',
      tempDir(),
      '--tenant',
      'northwind',
      '--user',
      'nobody',
      'hi',
    ]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('maria.chen');
  }, 30_000);

  it('does not start with a malformed SKILL.md, naming the file and the field (positive control: a valid copy)', async () => {
    const skillsDir = tempDir();
    fs.cpSync(path.join(repo, 'skills'), skillsDir, { recursive: true });
    // The copy is valid: chat runs with it.
    const good = await exitOf(
      [
        'chat',
        '--data-dir',
        tempDir(),
        '--tenant',
        'northwind',
        '--user',
        'maria.chen',
        '--skill',
        'order-status',
        'status of PO NWC-PO-11001',
      ],
      { SUPPLIER_AGENT_SKILLS_DIR: skillsDir },
    );
    expect(good.code).toBe(0);
    const file = path.join(skillsDir, 'order-status', 'SKILL.md');
    fs.writeFileSync(
      file,
      fs
        .readFileSync(file, 'utf8')
        .replace(/^allowed-tools: .*$/m, 'allowed-tools: purchase_orders_list teleport'),
    );
    const bad = await exitOf(
      ['chat', '--data-dir', tempDir(), '--tenant', 'northwind', '--user', 'maria.chen', 'hi'],
      { SUPPLIER_AGENT_SKILLS_DIR: skillsDir },
    );
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toContain(file);
    expect(bad.stderr).toContain('allowed-tools');
    expect(bad.stderr).toContain('teleport');
    // `serve` refuses to start the same way.
    const serve = await exitOf(['serve', '--data-dir', tempDir(), '--port', '0'], {
      SUPPLIER_AGENT_SKILLS_DIR: skillsDir,
    });
    expect(serve.code).not.toBe(0);
    expect(serve.stderr).toContain(file);
    expect(serve.stdout).not.toContain('listening on');
  }, 60_000);
});

import { type ChildProcess, execFile, spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { openAuditDatabase } from '../../src/audit/open-audit-database.ts';
import { createTempDir } from '../../src/testing/temp-dir.ts';

const run = promisify(execFile);
const bin = path.resolve(import.meta.dirname, '../../bin/supplier-agent');
const cleanups: Array<() => void> = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0)) cleanup();
});

function tempDir(): string {
  const dir = createTempDir('cli-serve-');
  cleanups.push(() => dir.remove());
  return dir.path;
}

/** Starts `serve` and resolves with its URL once it prints `listening on URL`. */
function startServe(args: string[]): Promise<{ child: ChildProcess; url: string; stderr: () => string }> {
  const child = spawn(bin, ['serve', '--port', '0', '--smtp-port', '0', ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  cleanups.push(() => {
    if (child.exitCode === null) child.kill('SIGKILL');
  });
  let stdout = '';
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  return new Promise((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`serve exited with ${code}: ${stderr}`)));
    child.stdout?.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      const match = /listening on (http:\/\/\S+)/.exec(stdout);
      if (match) resolve({ child, url: match[1] as string, stderr: () => stderr });
    });
  });
}

const exited = (child: ChildProcess) =>
  new Promise<number | null>((resolve) => {
    if (child.exitCode !== null) resolve(child.exitCode);
    else child.once('exit', (code) => resolve(code));
  });

describe('supplier-agent serve', () => {
  it('starts everything in one command: a turn over HTTP with a dev token, the web chat, then a clean stop', async () => {
    const dataDir = tempDir();
    const { child, url, stderr } = await startServe(['--data-dir', dataDir]);
    await vi.waitFor(() =>
      expect(stderr()).toContain(`curl -s -X POST ${url}/v1/sessions -H 'authorization: Bearer `),
    );
    const token = (
      await run(bin, ['token', '--data-dir', dataDir, '--tenant', 'northwind', '--user', 'maria.chen'])
    ).stdout.trim();
    const answer = await fetch(`${url}/v1/sessions`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${token}`,
        'content-type': 'application/json',
        accept: 'application/json',
      },
      body: JSON.stringify({ message: 'What is the status of PO NWC-PO-11001?' }),
    });
    expect(answer.status).toBe(201);
    const body = (await answer.json()) as {
      sessionId: string;
      turn: { status: string; skill: string; reply: string };
    };
    expect(body.turn).toMatchObject({ status: 'completed', skill: 'order-status' });
    expect(body.turn.reply).toContain('NWC-PO-11001');
    const page = await fetch(`${url}/`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<html');
    // Without a token: refused (positive control above).
    expect((await fetch(`${url}/v1/sessions/${body.sessionId}`)).status).toBe(401);
    child.kill('SIGTERM');
    expect(await exited(child)).toBe(0);
  }, 60_000);

  it('on SIGTERM interrupts the running turn, records it, and exits 0', async () => {
    const dataDir = tempDir();
    const script = path.join(dataDir, 'slow-model.json');
    fs.writeFileSync(script, JSON.stringify({ turns: [{ text: 'still thinking', delayMs: 60_000 }] }));
    const { child, url } = await startServe(['--data-dir', dataDir, '--model', `scripted:${script}`]);
    const token = (
      await run(bin, ['token', '--data-dir', dataDir, '--tenant', 'northwind', '--user', 'maria.chen'])
    ).stdout.trim();
    const pending = fetch(`${url}/v1/sessions`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${token}`,
        'content-type': 'application/json',
        accept: 'application/json',
      },
      body: JSON.stringify({ message: 'Where is PO NWC-PO-11001?', skill: 'order-status' }),
    });
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    child.kill('SIGTERM');
    const answer = await pending;
    const body = (await answer.json()) as { sessionId: string; turn: { status: string; reason: string } };
    expect(body.turn).toMatchObject({ status: 'interrupted', reason: 'the platform is shutting down' });
    expect(await exited(child)).toBe(0);
    const db = openAuditDatabase({ dataDir, readOnly: true });
    try {
      const rows = db
        .prepare<[string], { type: string; payload: string }>(
          'SELECT type, payload FROM audit_events WHERE session_id = ? ORDER BY seq',
        )
        .all(body.sessionId);
      const types = rows.map((row) => row.type);
      expect(types).toContain('session-interrupted');
      expect(types.at(-1)).toBe('turn-end');
      expect(JSON.parse(rows.at(-1)?.payload ?? '{}')).toMatchObject({ status: 'interrupted' });
    } finally {
      db.close();
    }
  }, 60_000);
});

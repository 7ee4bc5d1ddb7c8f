import { type ChildProcess, execFile, spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { simpleParser } from 'mailparser';
import nodemailer from 'nodemailer';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createTempDir } from '../../src/testing/temp-dir.ts';

const run = promisify(execFile);
const bin = path.resolve(import.meta.dirname, '../../bin/supplier-agent');
const cleanups: Array<() => void> = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0)) cleanup();
});

/** Starts `serve` and resolves once it printed both listeners. */
function startServe(args: string[], env: NodeJS.ProcessEnv) {
  const child = spawn(bin, ['serve', '--port', '0', ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, ...env },
  });
  cleanups.push(() => {
    if (child.exitCode === null) child.kill('SIGKILL');
  });
  let stdout = '';
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  return new Promise<{ child: ChildProcess; smtpPort: number; stderr: () => string }>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`serve exited with ${code}: ${stderr}`)));
    child.stdout?.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      const smtp = /smtp listening on 127\.0\.0\.1:(\d+)/.exec(stdout);
      if (smtp && /listening on http:/.test(stdout))
        resolve({ child, smtpPort: Number(smtp[1]), stderr: () => stderr });
    });
  });
}

describe('serve with the e-mail channel', () => {
  it('listens for mail on --smtp-port, answers through the outbox with the offline model, and stops cleanly', async () => {
    const dir = createTempDir('serve-email-');
    cleanups.push(() => dir.remove());
    // Offline: the loopback client plays the organisation's relay, whose verdict is trusted.
    const { child, smtpPort, stderr } = await startServe(['--data-dir', dir.path, '--smtp-port', '0'], {
      SUPPLIER_AGENT_EMAIL_TRUSTED_RELAYS: 'mx.local.test=127.0.0.1',
    });
    await vi.waitFor(() =>
      expect(stderr()).toContain(
        `E-mail the agent at agent@supplier-agent.localhost through SMTP on 127.0.0.1:${smtpPort}`,
      ),
    );
    const transport = nodemailer.createTransport({ host: '127.0.0.1', port: smtpPort, ignoreTLS: true });
    const built = await nodemailer
      .createTransport({ streamTransport: true, buffer: true, newline: 'windows' })
      .sendMail({
        from: 'Maria Chen <maria.chen@northwind-components.example>',
        to: 'agent@supplier-agent.localhost',
        subject: 'PO status',
        text: 'What is the status of PO NWC-PO-11001?',
        messageId: '<serve-1@northwind-components.example>',
      });
    const raw = Buffer.concat([
      Buffer.from(
        'Authentication-Results: mx.local.test; dmarc=pass header.from=northwind-components.example\r\n',
      ),
      built.message as Buffer,
    ]);
    const sent = await transport.sendMail({
      envelope: { from: 'maria.chen@northwind-components.example', to: ['agent@supplier-agent.localhost'] },
      raw,
    });
    transport.close();
    expect(sent.response).toMatch(/^250 /);

    const outbox = path.join(dir.path, 'outbox');
    const deadline = Date.now() + 30_000;
    let reply: string | undefined;
    while (reply === undefined && Date.now() < deadline) {
      const file = fs.existsSync(outbox)
        ? fs.readdirSync(outbox).find((name) => name.includes('-reply-'))
        : undefined;
      if (file) reply = path.join(outbox, file);
      else await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const mail = await simpleParser(fs.readFileSync(reply ?? ''));
    expect(mail.inReplyTo).toBe('<serve-1@northwind-components.example>');
    expect(mail.text).toContain('NWC-PO-11001');

    child.kill('SIGTERM');
    const code = await new Promise<number | null>((resolve) => {
      if (child.exitCode !== null) resolve(child.exitCode);
      else child.once('exit', resolve);
    });
    expect(code).toBe(0);
  }, 60_000);

  it('refuses a malformed --smtp-port as a usage error', async () => {
    const failed = await run(bin, [
      'serve',
      '--smtp-port',
      'twenty-five',
      '--data-dir',
      '/nonexistent-dir',
    ]).then(
      () => ({ code: 0, stderr: '' }),
      (error: { code: number; stderr: string }) => error,
    );
    expect(failed.code).toBe(2);
    expect(failed.stderr).toContain('--smtp-port must be a whole number from 0 to 65535');
  });
});

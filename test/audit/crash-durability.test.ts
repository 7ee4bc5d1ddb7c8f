import { spawn } from 'node:child_process';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openAuditReader, verifyAll } from '../../src/audit/index.ts';
import { type AuditStoreFixture, createAuditStoreFixture } from './fixtures/audit-store.ts';

const child = path.resolve(import.meta.dirname, 'fixtures/append-until-killed.ts');
let fixture: AuditStoreFixture;

afterEach(async () => {
  await fixture.cleanup();
});

/** Runs the appending child until it acknowledged `count` events, then SIGKILLs it mid-stream. */
async function appendThenKill(dataDir: string, count: number): Promise<Map<string, number>> {
  const writer = spawn(process.execPath, ['--import', 'tsx', child, dataDir], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const acknowledged = new Map<string, number>();
  let buffer = '';
  let stderr = '';
  writer.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  await new Promise<void>((resolve, reject) => {
    let seen = 0;
    writer.stdout.on('data', (chunk: Buffer) => {
      buffer += chunk.toString();
      const lines = buffer.split('\n');
      buffer = lines.pop() ?? '';
      for (const line of lines) {
        const [sessionId = '', seq = '0'] = line.split(' ');
        acknowledged.set(sessionId, Math.max(acknowledged.get(sessionId) ?? 0, Number(seq)));
        seen += 1;
      }
      if (seen >= count && writer.exitCode === null) writer.kill('SIGKILL');
    });
    writer.on('exit', (code, signal) => {
      if (signal === 'SIGKILL') resolve();
      else reject(new Error(`child exited ${code}: ${stderr}`));
    });
  });
  return acknowledged;
}

describe('durability across a crash', () => {
  it('every append that resolved survives a SIGKILL of the writer, and the chains still verify', async () => {
    fixture = createAuditStoreFixture();
    const acknowledged = await appendThenKill(fixture.dataDir, 2_000);
    expect(acknowledged.size).toBe(4);
    const reader = openAuditReader({ dataDir: fixture.dataDir });
    try {
      for (const [sessionId, seq] of acknowledged) {
        expect(reader.head(sessionId)?.headSeq ?? 0).toBeGreaterThanOrEqual(seq);
        expect(reader.events(sessionId).length).toBeGreaterThanOrEqual(seq);
      }
      const result = await verifyAll(reader);
      expect(result.ok).toBe(true);
    } finally {
      await reader.close();
    }
  });
});

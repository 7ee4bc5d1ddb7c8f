import { spawn } from 'node:child_process';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { verifyAll } from '../../src/audit/index.ts';
import {
  createPostgresStoreFixture,
  findTestPostgres,
  type PostgresStoreFixture,
} from './fixtures/postgres-store.ts';

const url = await findTestPostgres();
const child = path.resolve(import.meta.dirname, 'fixtures/postgres-append-until-killed.ts');
let fixture: PostgresStoreFixture;

afterEach(async () => {
  await fixture?.cleanup();
});

interface Writer {
  /** Every append the process saw resolve: [sessionId, seq]. */
  acknowledged: [string, number][];
  /** Resolves once `count` appends were acknowledged. */
  reached(count: number): Promise<void>;
  /** SIGKILLs the process and waits for it to be gone. */
  kill(): Promise<void>;
}

/** Starts one appending process on the fixture's store. */
function startWriter(): Writer {
  const writer = spawn(process.execPath, ['--import', 'tsx', child, fixture.url, fixture.schema], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const acknowledged: [string, number][] = [];
  const waiting: { count: number; resolve(): void }[] = [];
  let buffer = '';
  let stderr = '';
  writer.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  writer.stdout.on('data', (chunk: Buffer) => {
    buffer += chunk.toString();
    const lines = buffer.split('\n');
    buffer = lines.pop() ?? '';
    for (const line of lines) {
      const [sessionId = '', seq = '0'] = line.split(' ');
      acknowledged.push([sessionId, Number(seq)]);
    }
    for (const wait of waiting) if (acknowledged.length >= wait.count) wait.resolve();
  });
  const exited = new Promise<void>((resolve, reject) => {
    writer.on('exit', (code, signal) => {
      if (signal === 'SIGKILL') resolve();
      else reject(new Error(`writer exited ${code}: ${stderr}`));
    });
  });
  return {
    acknowledged,
    reached: (count) =>
      Promise.race([exited, new Promise<void>((resolve) => waiting.push({ count, resolve }))]),
    async kill() {
      writer.kill('SIGKILL');
      await exited;
    },
  };
}

describe.skipIf(!url && !process.env.CI)('the PostgreSQL audit store across crashes', () => {
  it('two writer processes on the same sessions, SIGKILLed mid-stream: every acknowledged append is stored, one chain per session', async () => {
    fixture = createPostgresStoreFixture(url ?? 'postgres://postgres@127.0.0.1:5432/test');
    const store = await fixture.open();
    const writers = [startWriter(), startWriter()];
    await Promise.all(writers.map((writer) => writer.reached(1_500)));
    await Promise.all(writers.map((writer) => writer.kill()));
    const acknowledged = writers.flatMap((writer) => writer.acknowledged);
    const highest = new Map<string, number>();
    for (const [sessionId, seq] of acknowledged)
      highest.set(sessionId, Math.max(highest.get(sessionId) ?? 0, seq));
    expect([...highest.keys()].sort()).toEqual(['s0', 's1', 's2', 's3']);
    for (const [sessionId, seq] of highest) {
      expect((await store.head(sessionId))?.headSeq ?? 0).toBeGreaterThanOrEqual(seq);
    }
    // Both processes extended each chain, and no seq was given out twice.
    const events = await store.events('s1');
    expect(new Set(events.map((event) => event.payload.pid)).size).toBe(2);
    const s1 = acknowledged.filter(([sessionId]) => sessionId === 's1').map(([, seq]) => seq);
    expect(new Set(s1).size).toBe(s1.length);
    const result = await verifyAll(store);
    expect(result).toMatchObject({ ok: true, sessions: 4 });
    expect(result.ok && result.events).toBeGreaterThanOrEqual(acknowledged.length);
  });
});

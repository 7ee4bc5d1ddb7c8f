import type { Readable, Writable } from 'node:stream';
import type { AuditLog } from '../audit/event-types.ts';
import { createBroker } from '../broker/broker.ts';
import type { CredentialProvider } from '../broker/credentials.ts';
import type { Clock } from '../clock/clock.ts';
import { cspApiOperations } from '../policy/api-operations.ts';
import { createEgressPolicy } from '../policy/create-egress-policy.ts';
import type { CellExit } from '../sandbox/cell.ts';
import type { CellMount } from '../sandbox/cell-driver.ts';
import type { CellPool } from '../sandbox/cell-pool.ts';
import type { ToolDefinition } from '../tools/manifest/tool-types.ts';
import { cellExitRecord, cellStartRecord } from './cell-records.ts';
import { captureOutput } from './output-capture.ts';

/** The skill a session runs under: its name and the tools (hence API operations) it may use. */
export interface SessionSkill {
  name: string;
  tools: readonly ToolDefinition[];
}

export interface RunInCellOptions {
  sessionId: string;
  tenantId: string;
  userId: string;
  skill: SessionSkill;
  argv: readonly string[];
  mounts?: readonly CellMount[];
  pool: CellPool;
  audit: AuditLog;
  /** Base URL of the internal API the broker forwards to. */
  upstreamUrl: string;
  /** The tenant's downstream credential (held by the broker, never by the cell). */
  credentials: CredentialProvider;
  clock: Clock;
  stdin?: Readable;
  stdout?: Writable;
  stderr?: Writable;
  /** Aborting it interrupts the session: in-flight API calls are aborted and the cell is killed. */
  signal?: AbortSignal;
  /** Output kept in the audit log per stream; the digest still covers everything. Default 1 MiB. */
  maxCapturedBytes?: number;
}

export interface RunInCellResult {
  exitCode: number;
  exit: CellExit;
}

/**
 * Runs one command in a fresh cell bound to a session, with that session's broker as its only way
 * out, and records the whole run in the session's audit chain. This is `sandbox run`, and the shape
 * every agent turn takes.
 */
export async function runInCell(options: RunInCellOptions): Promise<RunInCellResult> {
  const { audit, sessionId, skill, clock } = options;
  const record = (type: Parameters<AuditLog['append']>[1]['type'], payload: Record<string, unknown>) =>
    audit.append(sessionId, { type, payload });
  const toolNames = skill.tools.map((tool) => tool.name);
  await record('session-start', {
    tenantId: options.tenantId,
    userId: options.userId,
    skill: skill.name,
    tools: toolNames,
    driver: options.pool.driver,
  });
  const policy = createEgressPolicy({
    tools: skill.tools,
    skill: skill.name,
    tenantId: options.tenantId,
    operations: cspApiOperations(),
  });
  const cell = await options.pool.acquire({ sessionId }, { mounts: options.mounts ?? [] });
  const broker = createBroker({
    sessionId,
    tenant: { id: options.tenantId },
    userId: options.userId,
    skill: { name: skill.name },
    policy,
    audit,
    upstreamUrl: options.upstreamUrl,
    credentials: options.credentials,
    clock,
    socketPath: cell.brokerSocketPath,
  });
  const interrupt = () => {
    // The broker records `session-interrupted` with what was in flight and refuses anything new.
    void broker.interrupt('interrupted by the operator').finally(() => cell.kill('interrupted'));
  };
  try {
    await broker.listen();
    await record('cell-start', cellStartRecord(cell));
    await record('tool-call', { argv: [...options.argv], mounts: options.mounts ?? [], source: 'host' });
    options.signal?.addEventListener('abort', interrupt, { once: true });
    const maxBytes = options.maxCapturedBytes ?? 1024 * 1024;
    const stdout = captureOutput(cell.stdout, options.stdout, maxBytes);
    const stderr = captureOutput(cell.stderr, options.stderr, maxBytes);
    const started = clock.now().getTime();
    const exit = await cell.run({ argv: options.argv, stdin: options.stdin ?? 'ignore' });
    await record('tool-result', {
      source: 'host',
      argv: [...options.argv],
      exitCode: exit.exitCode,
      durationMs: clock.now().getTime() - started,
      stdout: await stdout.result(),
      stderr: await stderr.result(),
    });
    await record('cell-exit', cellExitRecord(cell, exit));
    return { exitCode: exit.exitCode, exit };
  } finally {
    options.signal?.removeEventListener('abort', interrupt);
    await broker.close();
    await cell.kill('session ended');
    await record('session-end', { stats: broker.stats() });
  }
}

import fs from 'node:fs';
import { constants } from 'node:os';
import { PassThrough, type Readable } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  encodePrepare,
  encodeRun,
  readSupervisorMessages,
  type SupervisorExit,
} from '../cell/supervisor-protocol.ts';
import { AppError } from '../errors/index.ts';
import type { Cell, CellBinding, CellCommand, CellExit, CellExitReason } from './cell.ts';
import type { CellDriverName, CellProcess, CellProcessExit } from './cell-driver.ts';

export interface CellRuntimeInput {
  id: string;
  driver: CellDriverName;
  cellDir: string;
  socketDir: string;
  brokerSocketPath: string;
  process: CellProcess;
}

export interface CellRuntime {
  cell: Cell;
  /** Resolves when the supervisor reports ready; rejects if the cell ends first. */
  ready: Promise<void>;
  markReady(startMs: number): void;
  /** Whatever the cell wrote to stderr so far (for a failed start). */
  drainStderr(): Promise<string>;
}

/** What is known once the cell's outermost process has exited (read before the cgroup goes). */
interface EndFacts {
  leaderExit: CellProcessExit;
  peakMemoryBytes: number | undefined;
  memoryLimitHit: boolean;
}

/** The supervisor protocol and the end of a cell: ready, exit report, teardown. */
interface CellLifecycle {
  ready: Promise<void>;
  /** Resolves once the outermost process has exited and the exit report (if any) was read. */
  ended: Promise<EndFacts>;
  /** Resolves once every process, the cgroup and the files are gone. */
  closed: Promise<void>;
  report(): SupervisorExit | undefined;
  hasEnded(): boolean;
}

function watchLifecycle(cellProcess: CellProcess, cellDir: string): CellLifecycle {
  let report: SupervisorExit | undefined;
  let hasEnded = false;
  let markReady = () => {};
  let failStart: (error: Error) => void = () => {};
  const ready = new Promise<void>((resolve, reject) => {
    markReady = resolve;
    failStart = reject;
  });
  readSupervisorMessages(cellProcess.control, (message) => {
    if (message.type === 'ready') markReady();
    else report ??= message;
  });
  // Writes after the cell died fail with EPIPE; the exit is reported through `exited` instead.
  cellProcess.control.on('error', () => {});
  cellProcess.stdin.on('error', () => {});
  const controlClosed = new Promise<void>((resolve) => cellProcess.control.once('close', () => resolve()));
  const ended = cellProcess.exited.then(async (leaderExit): Promise<EndFacts> => {
    hasEnded = true;
    failStart(new Error(`the cell exited (${leaderExit.exitCode ?? leaderExit.signal}) before it was ready`));
    // Read before teardown removes the cgroup.
    const peakMemoryBytes = cellProcess.peakMemoryBytes();
    const memoryLimitHit = cellProcess.memoryLimitHit();
    // The exit report may still be in flight on the channel when the process-exit event arrives.
    await Promise.race([controlClosed, sleep(1_000)]);
    return { leaderExit, peakMemoryBytes, memoryLimitHit };
  });
  const closed = ended.then(async () => {
    await cellProcess.destroy();
    fs.rmSync(cellDir, { recursive: true, force: true });
  });
  return { ready, ended, closed, report: () => report, hasEnded: () => hasEnded };
}

/** Ties a started cell process to the supervisor protocol, the single command and the teardown. */
export function createCellRuntime(input: CellRuntimeInput): CellRuntime {
  const { process: cellProcess, id } = input;
  const lifecycle = watchLifecycle(cellProcess, input.cellDir);
  // Node drops unread child output when the child exits (it resumes the pipe to drain it). The
  // buffers keep every byte until the caller reads it, with backpressure on the cell meanwhile.
  const stdout = cellProcess.stdout.pipe(new PassThrough());
  const stderr = cellProcess.stderr.pipe(new PassThrough());
  let binding: CellBinding | undefined;
  let killReason: string | undefined;
  let hasRun = false;
  let hasPrepared = false;
  let startMs = 0;
  const refuseIfEnded = () => {
    if (lifecycle.hasEnded()) throw new AppError('unavailable', `Cell ${id} has ended.`);
  };
  const cell: Cell = {
    id,
    driver: input.driver,
    pid: cellProcess.pid,
    socketDir: input.socketDir,
    brokerSocketPath: input.brokerSocketPath,
    cellBrokerSocketPath: cellProcess.brokerSocketPath,
    get startMs() {
      return startMs;
    },
    get binding() {
      return binding;
    },
    stdin: cellProcess.stdin,
    stdout,
    stderr,
    closed: lifecycle.closed,
    bind(next) {
      if (binding)
        throw new AppError('conflict', `Cell ${id} is already bound to session ${binding.sessionId}.`);
      refuseIfEnded();
      binding = { ...next };
    },
    prepare(command) {
      if (hasRun || hasPrepared || command.argv.length === 0) return;
      hasPrepared = true;
      const cwd = command.cwd ? { cwd: command.cwd } : {};
      cellProcess.control.write(encodePrepare({ argv: [...command.argv], env: { ...command.env }, ...cwd }));
    },
    async run(command) {
      if (command.argv.length === 0) throw new AppError('invalid_argument', 'A cell command needs an argv.');
      if (hasRun)
        throw new AppError('conflict', `Cell ${id} has already run its command; cells are never reused.`);
      refuseIfEnded();
      hasRun = true;
      const detachStdin = connectStdin(command.stdin, cellProcess.stdin);
      const cwd = command.cwd ? { cwd: command.cwd } : {};
      cellProcess.control.write(encodeRun({ argv: [...command.argv], env: { ...command.env }, ...cwd }));
      const facts = await lifecycle.ended;
      detachStdin();
      await lifecycle.closed;
      return describeExit(lifecycle.report(), facts, killReason);
    },
    async kill(reason) {
      killReason ??= reason;
      await cellProcess.destroy();
      await lifecycle.closed;
    },
  };
  return {
    cell,
    ready: lifecycle.ready,
    markReady: (milliseconds) => {
      startMs = milliseconds;
    },
    drainStderr: () => drain(stderr),
  };
}

function connectStdin(source: CellCommand['stdin'], target: NodeJS.WritableStream): () => void {
  if (source === undefined || source === 'ignore') {
    target.end();
    return () => {};
  }
  if (source === 'pipe') return () => {};
  source.pipe(target);
  return () => source.unpipe(target);
}

function describeExit(
  report: SupervisorExit | undefined,
  facts: EndFacts,
  killReason: string | undefined,
): CellExit {
  const signal = report ? report.signal : facts.leaderExit.signal;
  const status = report ? report.exitCode : facts.leaderExit.exitCode;
  const exitCode = killReason && !report ? 137 : (status ?? 128 + signalNumber(signal));
  let reason: CellExitReason = report ? 'exited' : 'lost';
  if (signal === 'SIGXCPU') reason = 'cpu-limit';
  if (facts.memoryLimitHit && (signal === 'SIGKILL' || !report)) reason = 'memory-limit';
  if (killReason) reason = 'killed';
  return {
    exitCode,
    signal: killReason && !report ? 'SIGKILL' : signal,
    reason,
    ...(killReason ? { killReason } : {}),
    ...(report?.error ? { error: report.error } : {}),
    resources: {
      userCpuMs: report?.resources.userCpuMs ?? 0,
      systemCpuMs: report?.resources.systemCpuMs ?? 0,
      maxRssBytes: report?.resources.maxRssBytes ?? 0,
      wallMs: report?.resources.wallMs ?? 0,
      cellPeakMemoryBytes: facts.peakMemoryBytes,
    },
  };
}

function signalNumber(signal: NodeJS.Signals | null): number {
  return signal ? (constants.signals[signal] ?? 0) : 0;
}

async function drain(stream: Readable): Promise<string> {
  const chunks: Buffer[] = [];
  stream.on('data', (chunk: Buffer) => chunks.push(Buffer.from(chunk)));
  await Promise.race([new Promise((resolve) => stream.once('end', resolve)), sleep(300)]);
  return Buffer.concat(chunks).toString('utf8');
}

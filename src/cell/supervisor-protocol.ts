import { constants } from 'node:os';
import type { Readable } from 'node:stream';

/**
 * The host side of the cell supervisor's control channel (fd 3 of the cell; see supervisor.js).
 * One JSON object per line in each direction.
 */

/** Sent by the supervisor once it listens: the cell is ready to take its command. */
export interface SupervisorReady {
  type: 'ready';
  /** The supervisor's pid inside the cell. */
  pid: number;
}

/** Sent by the host, exactly once: the command the cell runs. */
export interface SupervisorRun {
  type: 'run';
  argv: string[];
  /** Added to the cell's own environment (which holds nothing secret). */
  env?: Record<string, string>;
  /** Working directory inside the cell. Default `/tmp` (the cell's home). */
  cwd?: string;
}

/** Resource use of the command and everything it waited for. */
export interface CommandResources {
  userCpuMs: number;
  systemCpuMs: number;
  /** Peak resident memory of the command process, sampled every 25 ms (0 when it ended sooner). */
  maxRssBytes: number;
  wallMs: number;
}

/** Sent by the supervisor when the command has ended; the supervisor exits right after. */
export interface SupervisorExit {
  type: 'exit';
  exitCode: number | null;
  signal: NodeJS.Signals | null;
  resources: CommandResources;
  /** Why the command could not start (then `exitCode` is 127). */
  error?: string;
}

export type SupervisorMessage = SupervisorReady | SupervisorExit;

export function encodeRun(run: Omit<SupervisorRun, 'type'>): string {
  return `${JSON.stringify({ type: 'run', ...run } satisfies SupervisorRun)}\n`;
}

/**
 * Sent by the host at most once, before `run`: start this command now and hold it until a `run`
 * names the same argv, env and cwd (a warm cell's agent loop, loaded ahead of its session).
 */
export function encodePrepare(command: Omit<SupervisorRun, 'type'>): string {
  return `${JSON.stringify({ type: 'prepare', ...command })}\n`;
}

/** A supervisor line, or `undefined` for anything malformed (the channel is not trusted blindly). */
export function parseSupervisorMessage(line: string): SupervisorMessage | undefined {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return undefined;
  }
  if (typeof value !== 'object' || value === null) return undefined;
  const message = value as Record<string, unknown>;
  if (message.type === 'ready' && typeof message.pid === 'number') return { type: 'ready', pid: message.pid };
  if (message.type === 'exit') return cleanExit(message);
  return undefined;
}

/**
 * Code in the cell runs as the supervisor's user and could tamper with it, so the report is rebuilt
 * field by field: nothing but numbers, a known signal name and a bounded message gets through.
 */
function cleanExit(message: Record<string, unknown>): SupervisorExit {
  const resources = (typeof message.resources === 'object' ? message.resources : null) ?? {};
  const number = (field: string) => {
    const candidate = (resources as Record<string, unknown>)[field];
    return typeof candidate === 'number' && Number.isFinite(candidate) && candidate >= 0 ? candidate : 0;
  };
  const signal =
    typeof message.signal === 'string' && message.signal in constants.signals ? message.signal : null;
  return {
    type: 'exit',
    exitCode: Number.isInteger(message.exitCode) ? (message.exitCode as number) : null,
    signal: signal as NodeJS.Signals | null,
    resources: {
      userCpuMs: number('userCpuMs'),
      systemCpuMs: number('systemCpuMs'),
      maxRssBytes: number('maxRssBytes'),
      wallMs: number('wallMs'),
    },
    ...(typeof message.error === 'string' ? { error: message.error.slice(0, 500) } : {}),
  };
}

/** Calls `onMessage` for every well-formed line read from the channel. */
export function readSupervisorMessages(
  channel: Readable,
  onMessage: (message: SupervisorMessage) => void,
): void {
  let buffered = '';
  channel.setEncoding('utf8');
  channel.on('data', (chunk: string) => {
    buffered += chunk;
    for (let newline = buffered.indexOf('\n'); newline !== -1; newline = buffered.indexOf('\n')) {
      const message = parseSupervisorMessage(buffered.slice(0, newline));
      buffered = buffered.slice(newline + 1);
      if (message) onMessage(message);
    }
  });
}

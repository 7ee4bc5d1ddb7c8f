// @ts-check
/**
 * The first process of every cell. Plain JavaScript with no dependencies so that it starts in a
 * few tens of milliseconds (no TypeScript loader): a warm cell is this program, idle, waiting.
 *
 * Protocol on fd 3 (a socketpair to the host), one JSON object per line:
 *   supervisor -> host  {"type":"ready","pid":N}                     once listening
 *   host -> supervisor  {"type":"prepare","argv":[...],"env":{...},"cwd"?:"..."}   optional, before run
 *   host -> supervisor  {"type":"run","argv":[...],"env":{...},"cwd"?:"..."}   exactly once
 *   supervisor -> host  {"type":"exit","exitCode":N|null,"signal":S|null,"resources":{...}}
 * then the supervisor exits, which ends the sandbox. The command inherits stdin, stdout and stderr,
 * so its output reaches the host without passing through this process. fd 3 is not inherited by
 * the command (Node opens it close-on-exec), so the command cannot speak the protocol.
 *
 * `prepare` starts a command ahead of time in a warm cell (the agent loop, whose start costs more
 * than the cell's): it is spawned with `SUPPLIER_AGENT_START=stdin` and a pipe for stdin, and waits
 * there until `run` names the very same command, which writes it one line. A `run` of anything else
 * kills the prepared command and starts its own.
 */
import { spawn } from 'node:child_process';
import { closeSync, readdirSync, readFileSync } from 'node:fs';
import { Socket } from 'node:net';

/** @typedef {{ type: 'run' | 'prepare', argv: string[], env?: Record<string, string>, cwd?: string }} RunMessage */
/**
 * @typedef {{ userCpuMs: number, systemCpuMs: number, maxRssBytes: number, wallMs: number }} Resources
 */

/** How often the command's peak RSS is sampled; the kernel forgets it once the process is reaped. */
const rssSampleIntervalMs = 25;
/** Clock ticks per second of /proc times; 100 on every Linux architecture Node supports. */
const clockTicksPerSecond = 100;

/**
 * Closes descriptors this process inherited by accident (any host descriptor without close-on-exec
 * passes through the sandbox launcher). Node opens all of its own close-on-exec, and the control
 * channel and stdio are kept, so whatever else lacks the flag was leaked from outside.
 */
function closeInheritedDescriptors() {
  const closeOnExec = 0o2000000;
  for (const name of readdirSync('/proc/self/fd')) {
    const fd = Number(name);
    if (fd <= 3) continue;
    try {
      const flags = /flags:\s+(\d+)/.exec(readFileSync(`/proc/self/fdinfo/${fd}`, 'utf8'));
      if (flags && (Number.parseInt(flags[1] ?? '0', 8) & closeOnExec) === 0) closeSync(fd);
    } catch {
      // The descriptor of the directory listing itself, already closed.
    }
  }
}

closeInheritedDescriptors();
const control = new Socket({ fd: 3, readable: true, writable: true });
let buffered = '';
let started = false;
/** @type {import('node:child_process').ChildProcess | undefined} */
let command;
/** @type {{ child: import('node:child_process').ChildProcess, key: string } | undefined} */
let prepared;

/** @param {RunMessage} message */
function commandKey(message) {
  return JSON.stringify([message.argv, message.env ?? {}, message.cwd ?? null]);
}

/** @param {RunMessage} message */
function prepare(message) {
  const child = spawn(message.argv[0] ?? '', message.argv.slice(1), {
    stdio: ['pipe', 'inherit', 'inherit'],
    env: { ...process.env, ...message.env, SUPPLIER_AGENT_START: 'stdin' },
    cwd: message.cwd ?? process.cwd(),
  });
  child.stdin?.on('error', () => {});
  child.once('error', () => {
    prepared = undefined;
  });
  child.once('exit', () => {
    if (prepared?.child === child) prepared = undefined;
  });
  prepared = { child, key: commandKey(message) };
}

/**
 * The prepared command when `run` names it and it is still waiting; otherwise kills whatever was
 * prepared and returns undefined.
 * @param {RunMessage} message
 */
function takePrepared(message) {
  const candidate = prepared;
  prepared = undefined;
  if (!candidate) return undefined;
  if (
    candidate.key === commandKey(message) &&
    candidate.child.exitCode === null &&
    candidate.child.pid !== undefined
  ) {
    candidate.child.stdin?.end('start\n');
    return candidate.child;
  }
  candidate.child.kill('SIGKILL');
  return undefined;
}

/** @param {unknown} message */
function send(message) {
  control.write(`${JSON.stringify(message)}\n`);
}

/** Children's CPU time in ms from /proc/self/stat (cutime, cstime: reaped descendants only). */
function childrenCpuMs() {
  const stat = readFileSync('/proc/self/stat', 'utf8');
  // Field 2 (comm) may contain spaces; the fields after it start after the last ')'.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const toMs = (/** @type {string | undefined} */ ticks) => (Number(ticks) * 1000) / clockTicksPerSecond;
  return { user: toMs(fields[13]), system: toMs(fields[14]) };
}

/** @param {number} pid */
function peakRssBytes(pid) {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const match = /VmHWM:\s+(\d+) kB/.exec(status);
    return match ? Number(match[1]) * 1024 : 0;
  } catch {
    return 0;
  }
}

/** @param {RunMessage} message */
function run(message) {
  const before = childrenCpuMs();
  const startedAt = performance.now();
  let maxRssBytes = 0;
  const ready = takePrepared(message);
  const child =
    ready ??
    spawn(message.argv[0] ?? '', message.argv.slice(1), {
      stdio: 'inherit',
      env: { ...process.env, ...message.env },
      cwd: message.cwd ?? process.cwd(),
    });
  command = child;
  const sampler = setInterval(() => {
    if (child.pid !== undefined) maxRssBytes = Math.max(maxRssBytes, peakRssBytes(child.pid));
  }, rssSampleIntervalMs);
  if (ready) maxRssBytes = peakRssBytes(ready.pid ?? 0);
  child.once('spawn', () => {
    if (child.pid !== undefined) maxRssBytes = Math.max(maxRssBytes, peakRssBytes(child.pid));
  });
  /** @param {number | null} exitCode @param {string | null} signal @param {string} [error] */
  const finish = (exitCode, signal, error) => {
    clearInterval(sampler);
    const after = childrenCpuMs();
    /** @type {Resources} */
    const resources = {
      userCpuMs: after.user - before.user,
      systemCpuMs: after.system - before.system,
      maxRssBytes,
      wallMs: Math.round(performance.now() - startedAt),
    };
    send({ type: 'exit', exitCode, signal, resources, ...(error ? { error } : {}) });
    control.end(() => process.exit(0));
  };
  child.once('error', (error) => finish(127, null, error.message));
  child.once('exit', (exitCode, signal) => finish(exitCode, signal));
}

/** @param {string} line */
function onLine(line) {
  if (started || line.trim() === '') return;
  /** @type {RunMessage} */
  let message;
  try {
    message = JSON.parse(line);
  } catch {
    process.exit(2);
  }
  if (!Array.isArray(message?.argv) || message.argv.length === 0) process.exit(2);
  if (message.type === 'prepare') {
    if (!prepared) prepare(message);
    return;
  }
  if (message.type !== 'run') process.exit(2);
  started = true;
  run(message);
}

control.setEncoding('utf8');
control.on('data', (/** @type {string} */ chunk) => {
  buffered += chunk;
  let newline = buffered.indexOf('\n');
  while (newline !== -1) {
    onLine(buffered.slice(0, newline));
    buffered = buffered.slice(newline + 1);
    newline = buffered.indexOf('\n');
  }
});
/** The host went away (or closed the channel): nothing may outlive it. */
function abandon() {
  command?.kill('SIGKILL');
  prepared?.child.kill('SIGKILL');
  process.exit(started ? 137 : 0);
}
control.on('end', abandon);
control.on('error', abandon);
send({ type: 'ready', pid: process.pid });

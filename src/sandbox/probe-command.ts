import { spawn } from 'node:child_process';

/** Runs a command to completion with no input or output; `true` when it exits 0 within the timeout. */
export function probeCommand(command: string, args: readonly string[], timeoutMs = 5_000): Promise<boolean> {
  return new Promise((resolve) => {
    const child = spawn(command, args, { stdio: 'ignore', env: {}, timeout: timeoutMs });
    child.once('error', () => resolve(false));
    child.once('exit', (exitCode) => resolve(exitCode === 0));
  });
}

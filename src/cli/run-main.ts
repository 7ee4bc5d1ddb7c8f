import { isAppError } from '../errors/index.ts';
import type { CommandIo } from './command.ts';
import { runSupplierAgent } from './supplier-agent.ts';

/**
 * Process entry of `supplier-agent`: wires stdout/stderr and signals, runs the program, and turns
 * errors into a message and an exit status (2 for usage errors, 1 otherwise). Never prints stacks
 * for expected errors.
 */
export async function runMain(argv: string[]): Promise<void> {
  const program = 'supplier-agent';
  // A closed pipe (`supplier-agent tenants | head`) is the reader's choice, not an error.
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw error;
  });
  const controller = new AbortController();
  const stop = () => controller.abort();
  // Handled for the whole run: a second Ctrl-C must not kill the process before the session's
  // interruption is recorded (SIGKILL remains the operator's last resort).
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  const io: CommandIo = {
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
    env: process.env,
    signal: controller.signal,
  };
  try {
    process.exitCode = await runSupplierAgent(argv, io);
  } catch (error) {
    if (isAppError(error)) {
      process.stderr.write(`${program}: ${error.message}\n`);
      process.exitCode = error.code === 'usage' ? 2 : 1;
    } else {
      process.stderr.write(`${program}: unexpected error: ${(error as Error).stack ?? String(error)}\n`);
      process.exitCode = 1;
    }
  } finally {
    process.off('SIGINT', stop);
    process.off('SIGTERM', stop);
  }
}

import type { Readable } from 'node:stream';

/**
 * Waits for the supervisor's go-ahead: one line on stdin. A warm cell starts the loop ahead of its
 * session (loading costs more than the cell itself) and lets it go when the session binds. If stdin
 * ends without the line, the cell was torn down unused: exit quietly.
 */
export function waitForStart(input: Readable): Promise<void> {
  return new Promise((resolve) => {
    let received = '';
    const onData = (chunk: Buffer | string) => {
      received += chunk.toString();
      if (!received.includes('\n')) return;
      input.off('data', onData);
      input.off('end', onEnd);
      input.pause();
      resolve();
    };
    const onEnd = () => process.exit(0);
    input.on('data', onData);
    input.once('end', onEnd);
  });
}

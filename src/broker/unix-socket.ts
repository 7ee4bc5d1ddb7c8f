import fs from 'node:fs';
import type { Server } from 'node:http';
import { AppError } from '../errors/index.ts';

/** Owner read/write only: the cell's (mapped) user and the broker, nobody else on the host. */
export const socketMode = 0o600;

/**
 * Removes a socket file left by a broker that died. Anything else at that path is refused rather
 * than deleted: a wrong path must not cost someone a file.
 */
export function removeStaleSocket(socketPath: string): void {
  let stat: fs.Stats;
  try {
    stat = fs.lstatSync(socketPath);
  } catch {
    return;
  }
  if (!stat.isSocket()) {
    throw new AppError('conflict', `Cannot listen on ${socketPath}: something other than a socket is there.`);
  }
  fs.unlinkSync(socketPath);
}

/**
 * Listens on a unix socket with mode 0600. The file is created with the process umask and narrowed
 * right after; the directory holding it (per session, 0700) keeps others out in between.
 */
export async function listenOnSocket(server: Server, socketPath: string): Promise<void> {
  removeStaleSocket(socketPath);
  await new Promise<void>((resolve, reject) => {
    const onError = (error: Error) => reject(error);
    server.once('error', onError);
    server.listen(socketPath, () => {
      server.off('error', onError);
      resolve();
    });
  });
  fs.chmodSync(socketPath, socketMode);
}

/** Removes the socket file if it is still there. */
export function removeSocketFile(socketPath: string): void {
  fs.rmSync(socketPath, { force: true });
}

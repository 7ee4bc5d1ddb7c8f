import type { CommandIo } from '../../src/cli/command.ts';

/** A command's io that keeps what it prints, for running commands in process in tests. */
export function captureIo(env: NodeJS.ProcessEnv = {}): CommandIo & { out: string; err: string } {
  const io = {
    out: '',
    err: '',
    stdout: (text: string) => {
      io.out += text;
    },
    stderr: (text: string) => {
      io.err += text;
    },
    env,
    signal: new AbortController().signal,
  };
  return io;
}

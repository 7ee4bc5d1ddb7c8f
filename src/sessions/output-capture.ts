import crypto from 'node:crypto';
import type { Readable, Writable } from 'node:stream';

/** What the audit log keeps of one output stream: the text (up to a bound), its size and digest. */
export interface CapturedOutput {
  text: string;
  bytes: number;
  sha256: string;
  truncated: boolean;
}

/**
 * Copies a stream to a sink (the operator's terminal) while keeping it for the audit log. Past
 * `maxBytes` the text is cut, but the size and digest still cover every byte.
 */
export function captureOutput(source: Readable, sink: Writable | undefined, maxBytes: number) {
  const chunks: Buffer[] = [];
  const hash = crypto.createHash('sha256');
  let bytes = 0;
  let kept = 0;
  source.on('data', (chunk: Buffer) => {
    sink?.write(chunk);
    hash.update(chunk);
    bytes += chunk.length;
    if (kept < maxBytes) {
      const slice = chunk.subarray(0, maxBytes - kept);
      chunks.push(slice);
      kept += slice.length;
    }
  });
  const ended = new Promise<void>((resolve) => {
    source.once('end', resolve);
    source.once('close', resolve);
  });
  return {
    async result(): Promise<CapturedOutput> {
      await ended;
      return {
        text: Buffer.concat(chunks).toString('utf8'),
        bytes,
        sha256: hash.digest('hex'),
        truncated: bytes > kept,
      };
    },
  };
}

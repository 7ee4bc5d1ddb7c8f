import type { IncomingMessage } from 'node:http';
import { BrokerRefusal } from './broker-errors.ts';

/**
 * Reads a request body into memory, refusing (413 `payload_too_large`) as soon as it is known to
 * exceed `maxBytes`: from `Content-Length` before reading anything, or while streaming. After a
 * refusal the rest of the body is not read; the answer closes the connection.
 */
export function readBody(request: IncomingMessage, maxBytes: number): Promise<Buffer> {
  const tooLarge = () =>
    new BrokerRefusal('payload_too_large', `The request body is larger than ${maxBytes} bytes.`, {
      extra: { limit: maxBytes },
    });
  const declared = Number(request.headers['content-length']);
  if (Number.isFinite(declared) && declared > maxBytes) {
    request.resume();
    return Promise.reject(tooLarge());
  }
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBytes) {
        cleanup();
        request.resume();
        reject(tooLarge());
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = () => {
      cleanup();
      resolve(Buffer.concat(chunks, size));
    };
    const onError = (error: Error) => {
      cleanup();
      reject(error);
    };
    const cleanup = () => {
      request.off('data', onData);
      request.off('end', onEnd);
      request.off('error', onError);
    };
    request.on('data', onData);
    request.on('end', onEnd);
    request.on('error', onError);
  });
}

/**
 * A body as the audit log stores it: parsed JSON when it is JSON, text when UTF-8, else base64.
 * The log stores payloads as canonical JSON (keys sorted), so a JSON body also keeps its exact text
 * (`bodyText`): the bytes the cell saw can be served again by a re-run, byte for byte.
 */
export function bodyForAudit(
  body: Buffer,
  contentType: string | undefined,
): { body: unknown; bodyEncoding?: 'base64'; bodyText?: string } {
  if (body.length === 0) return { body: null };
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(body);
  } catch {
    return { body: body.toString('base64'), bodyEncoding: 'base64' };
  }
  if (contentType !== undefined && /\bjson\b/i.test(contentType)) {
    try {
      return { body: JSON.parse(text), bodyText: text };
    } catch {
      // Not valid JSON despite the content type: keep the exact text.
    }
  }
  return { body: text };
}

/** Parses a JSON body or refuses with 400 `invalid_json`. */
export function parseJsonBody(body: Buffer): unknown {
  try {
    return JSON.parse(body.toString('utf8'));
  } catch {
    throw new BrokerRefusal('invalid_json', 'The request body is not valid JSON.');
  }
}

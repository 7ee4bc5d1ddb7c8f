import type { ServerResponse } from 'node:http';
import { BrokerRefusal } from './broker-errors.ts';

/** Answers the cell with JSON. Every answer from the broker itself is JSON. */
export function sendJson(
  response: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  if (response.headersSent || response.destroyed) return;
  const text = JSON.stringify(body);
  response.writeHead(status, {
    ...headers,
    'content-type': 'application/json; charset=utf-8',
    'content-length': String(Buffer.byteLength(text)),
    'cache-control': 'no-store',
  });
  response.end(text);
}

/** Answers with a refusal's status and body; anything else becomes a 500 without internals. */
export function sendRefusal(response: ServerResponse, error: unknown): void {
  const refusal =
    error instanceof BrokerRefusal
      ? error
      : new BrokerRefusal('internal', 'The broker failed.', { cause: error });
  const headers: Record<string, string> = refusal.code === 'payload_too_large' ? { connection: 'close' } : {};
  sendJson(response, refusal.status, refusal.body(), headers);
}

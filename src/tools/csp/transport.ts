import http from 'node:http';
import https from 'node:https';
import { AppError } from '../../errors/index.ts';

/** Where requests go: the cell's broker socket, or a base URL outside a cell. */
export type HttpTarget = { kind: 'socket'; socketPath: string } | { kind: 'url'; baseUrl: URL };

export interface HttpExchange {
  method: string;
  /** Path and query, starting with `/`. */
  path: string;
  headers: Record<string, string>;
  body?: string;
}

export interface HttpReply {
  status: number;
  headers: http.IncomingHttpHeaders;
  text: string;
}

export const defaultTimeoutMs = 30_000;

/** Where a target points, for error messages. */
export function describeTarget(target: HttpTarget): string {
  return target.kind === 'socket' ? `broker socket ${target.socketPath}` : target.baseUrl.origin;
}

/**
 * One HTTP exchange over node:http, to a unix socket or a host. Any failure to talk (refused,
 * reset, timeout) is an `unavailable` error; HTTP error statuses are replies, not failures.
 */
export function sendHttp(
  target: HttpTarget,
  exchange: HttpExchange,
  timeoutMs = defaultTimeoutMs,
): Promise<HttpReply> {
  const headers: Record<string, string> = { ...exchange.headers };
  if (exchange.body !== undefined) headers['content-length'] = String(Buffer.byteLength(exchange.body));
  const base = { method: exchange.method, headers };
  let request: http.ClientRequest;
  if (target.kind === 'socket') {
    request = http.request({
      ...base,
      socketPath: target.socketPath,
      path: exchange.path,
      host: 'localhost',
    });
  } else {
    const prefix = target.baseUrl.pathname.replace(/\/+$/, '');
    const client = target.baseUrl.protocol === 'https:' ? https : http;
    request = client.request({
      ...base,
      hostname: target.baseUrl.hostname.replace(/^\[|\]$/g, ''),
      port: target.baseUrl.port || undefined,
      path: `${prefix}${exchange.path}`,
    });
  }
  return new Promise((resolve, reject) => {
    request.setTimeout(timeoutMs, () => request.destroy(new Error(`no answer within ${timeoutMs} ms`)));
    request.on('error', (error) => {
      reject(
        new AppError(
          'unavailable',
          `cannot reach the CSP API (${describeTarget(target)}): ${error.message}`,
          {
            cause: error,
            retryable: true,
          },
        ),
      );
    });
    request.on('response', (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('error', (error) => request.destroy(error));
      response.on('end', () =>
        resolve({
          status: response.statusCode ?? 0,
          headers: response.headers,
          text: Buffer.concat(chunks).toString('utf8'),
        }),
      );
    });
    request.end(exchange.body);
  });
}

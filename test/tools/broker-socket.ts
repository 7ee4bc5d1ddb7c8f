import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { createTempDir } from '../../src/testing/temp-dir.ts';

export interface SeenRequest {
  method: string;
  url: string;
  headers: http.IncomingHttpHeaders;
}

export interface FakeBroker {
  socketPath: string;
  /** Every request that reached the socket, as csp sent it. */
  seen: SeenRequest[];
  close(): Promise<void>;
}

/**
 * A stand-in for the cell's broker: a unix socket that forwards `/api/...` to the CSP API and adds
 * the credentials itself (unless `token` is undefined, to show they are what authenticates).
 */
export async function startFakeBroker(apiUrl: string, token: string | undefined): Promise<FakeBroker> {
  const dir = createTempDir('csp-broker-');
  const socketPath = path.join(dir.path, 'broker.sock');
  const seen: SeenRequest[] = [];
  const server = http.createServer((request, response) => {
    seen.push({ method: request.method ?? '', url: request.url ?? '', headers: { ...request.headers } });
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      void forward(request, Buffer.concat(chunks), apiUrl, token).then(
        ({ status, body, contentType }) => {
          response.writeHead(status, { 'content-type': contentType });
          response.end(body);
        },
        () => {
          response.writeHead(502).end();
        },
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(socketPath, resolve));
  return {
    socketPath,
    seen,
    async close() {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      if (fs.existsSync(dir.path)) dir.remove();
    },
  };
}

async function forward(
  request: http.IncomingMessage,
  body: Buffer,
  apiUrl: string,
  token: string | undefined,
) {
  const headers: Record<string, string> = {};
  for (const name of ['content-type', 'accept', 'idempotency-key']) {
    const value = request.headers[name];
    if (typeof value === 'string') headers[name] = value;
  }
  if (token !== undefined) headers.authorization = `Bearer ${token}`;
  const response = await fetch(`${apiUrl}${request.url}`, {
    method: request.method ?? 'GET',
    headers,
    ...(body.length > 0 ? { body } : {}),
  });
  return {
    status: response.status,
    body: await response.text(),
    contentType: response.headers.get('content-type') ?? 'application/json',
  };
}

import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

/** How the server answers one request: a status, headers and a raw body (an SSE stream or JSON). */
export interface WireReply {
  status: number;
  headers?: Record<string, string>;
  body: string;
  /** Writes the body in pieces of this many bytes, a few milliseconds apart (lines split mid-way). */
  pieceBytes?: number;
  /** Writes only the first this many bytes, then keeps the connection open without ending it. */
  stallAfterBytes?: number;
}

export interface ReceivedRequest {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
}

export interface WireServerOptions {
  /** The one route the provider serves (`POST /v1/messages`). */
  method: string;
  path: string;
  /** The answer to any other route, in the provider's error shape. */
  notFound: WireReply;
}

export interface WireServer {
  /** `http://127.0.0.1:PORT`. */
  url: string;
  /** Every request received, in order. */
  requests: ReceivedRequest[];
  /** Queues the answers to the next requests; a request with nothing queued gets `notFound`. */
  enqueue(...replies: WireReply[]): void;
  /** Resolves once a stalled reply has written its part. */
  stalled(): Promise<void>;
  close(): Promise<void>;
}

/** A local HTTP server that answers the provider's one route from a queue of recorded replies. */
export async function startWireServer(options: WireServerOptions): Promise<WireServer> {
  const requests: ReceivedRequest[] = [];
  const queue: WireReply[] = [];
  let markStalled: () => void = () => {};
  const stalled = new Promise<void>((resolve) => {
    markStalled = resolve;
  });

  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const path = request.url ?? '';
      requests.push({
        method: request.method ?? '',
        path,
        headers: request.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      });
      const routed = request.method === options.method && path === options.path;
      const reply = (routed ? queue.shift() : undefined) ?? options.notFound;
      response.writeHead(reply.status, reply.headers ?? {});
      void writeBody(reply, (piece) => response.destroyed || response.write(piece)).then((ended) => {
        if (ended) response.end();
        else markStalled();
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    enqueue: (...replies) => queue.push(...replies),
    stalled: () => stalled,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Writes the reply's body as told; resolves false when it stalled (the response must stay open). */
async function writeBody(reply: WireReply, write: (piece: Buffer) => unknown): Promise<boolean> {
  const bytes = Buffer.from(reply.body, 'utf8');
  const end = reply.stallAfterBytes ?? bytes.length;
  const step = reply.pieceBytes ?? bytes.length;
  for (let start = 0; start < end; start += step) {
    write(bytes.subarray(start, Math.min(start + step, end)));
    if (reply.pieceBytes !== undefined) await new Promise((resolve) => setTimeout(resolve, 2));
  }
  return reply.stallAfterBytes === undefined;
}

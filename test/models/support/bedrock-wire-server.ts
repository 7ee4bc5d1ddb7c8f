import { createServer, type IncomingHttpHeaders, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { EventStreamCodec, type MessageHeaders } from '@smithy/core/event-streams';
import { fromUtf8, toUtf8 } from '@smithy/core/serde';

/** One event-stream message: an event (`messageStart`...) or an exception (`throttlingException`...). */
export type WireFrame =
  | { event: string; body: Record<string, unknown> }
  | { exception: string; body: Record<string, unknown> };

/** How the server answers one request. */
export type WireReply =
  | {
      kind: 'stream';
      frames: WireFrame[];
      /** Sends only this many frames, then keeps the connection open without ending it. */
      stallAfter?: number;
    }
  | { kind: 'error'; status: number; errorType: string; message: string };

export interface ReceivedRequest {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
}

export interface BedrockWireServer {
  /** `http://127.0.0.1:PORT`, to pass as the adapter's endpoint. */
  url: string;
  /** Every request received, in order. */
  requests: ReceivedRequest[];
  /** Queues the answer to the next request; a request with nothing queued gets a 500. */
  enqueue(...replies: WireReply[]): void;
  close(): Promise<void>;
}

const codec = new EventStreamCodec(toUtf8, fromUtf8);

/** Encodes one frame as Bedrock sends it on `application/vnd.amazon.eventstream`. */
export function encodeFrame(frame: WireFrame): Uint8Array {
  const headers: MessageHeaders =
    'event' in frame
      ? {
          ':event-type': { type: 'string', value: frame.event },
          ':content-type': { type: 'string', value: 'application/json' },
          ':message-type': { type: 'string', value: 'event' },
        }
      : {
          ':exception-type': { type: 'string', value: frame.exception },
          ':content-type': { type: 'string', value: 'application/json' },
          ':message-type': { type: 'string', value: 'exception' },
        };
  return codec.encode({ headers, body: fromUtf8(JSON.stringify(frame.body)) });
}

/**
 * A local server speaking the Bedrock runtime's Converse stream wire format
 * (`POST /model/{modelId}/converse-stream`, binary event-stream answers, JSON error answers with
 * `x-amzn-ErrorType`). It does not check signatures; tests check the headers it received.
 */
export async function startBedrockWireServer(): Promise<BedrockWireServer> {
  const requests: ReceivedRequest[] = [];
  const queue: WireReply[] = [];
  let requestCount = 0;

  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      requestCount += 1;
      requests.push({
        method: request.method ?? '',
        path: request.url ?? '',
        headers: request.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      });
      const reply = queue.shift() ?? {
        kind: 'error',
        status: 500,
        errorType: 'InternalServerException',
        message: 'Nothing queued for this request.',
      };
      answer(response, reply, `test-request-${requestCount}`);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    enqueue: (...replies) => queue.push(...replies),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function answer(response: ServerResponse, reply: WireReply, requestId: string): void {
  if (reply.kind === 'error') {
    response.writeHead(reply.status, {
      'content-type': 'application/json',
      'x-amzn-requestid': requestId,
      'x-amzn-errortype': `${reply.errorType}:http://internal.amazon.com/coral/com.amazon.bedrock/`,
    });
    response.end(JSON.stringify({ message: reply.message }));
    return;
  }
  response.writeHead(200, {
    'content-type': 'application/vnd.amazon.eventstream',
    'x-amzn-requestid': requestId,
  });
  const count = reply.stallAfter ?? reply.frames.length;
  for (const frame of reply.frames.slice(0, count)) response.write(encodeFrame(frame));
  // A stalled stream stays open until the client goes away or the server closes.
  if (reply.stallAfter === undefined) response.end();
}

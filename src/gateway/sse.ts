import type { ServerResponse } from 'node:http';
import type { ClientEvent } from './client-events.ts';

export interface EventStreamOptions {
  /** A comment line this often keeps proxies from closing an idle stream. Default 15 s. */
  heartbeatMs?: number;
  /** Extra response headers (security headers the gateway sets on every answer). */
  headers?: Record<string, string>;
}

/**
 * A `text/event-stream` response. Events sent before `open` are kept and written, in order, right
 * after it. Once the client has gone, sends are dropped: the stream never fails its producer.
 */
export interface EventStream {
  /** Sends the headers, then `first`, then whatever was sent before. */
  open(status: number, first: ClientEvent): void;
  send(event: ClientEvent): void;
  /** Ends the response (after the last event). */
  end(): void;
  /** True once the client disconnected or the stream ended. */
  readonly closed: boolean;
  /** Resolves when the connection is gone (ended by us or by the client). */
  readonly finished: Promise<{ byClient: boolean }>;
}

export const defaultHeartbeatMs = 15_000;

export function createEventStream(response: ServerResponse, options: EventStreamOptions = {}): EventStream {
  const pending: ClientEvent[] = [];
  let opened = false;
  let ended = false;
  let gone = false;
  let heartbeat: NodeJS.Timeout | undefined;
  let settle: (value: { byClient: boolean }) => void = () => {};
  const finished = new Promise<{ byClient: boolean }>((resolve) => {
    settle = resolve;
  });
  const stopHeartbeat = () => {
    if (heartbeat) clearInterval(heartbeat);
    heartbeat = undefined;
  };
  response.on('close', () => {
    stopHeartbeat();
    gone = true;
    settle({ byClient: !ended });
  });
  const write = (event: ClientEvent) => {
    if (gone || ended) return;
    response.write(formatEvent(event));
  };
  return {
    open(status, first) {
      if (opened || gone) return;
      opened = true;
      response.writeHead(status, {
        ...options.headers,
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-cache, no-transform',
        connection: 'keep-alive',
        'x-accel-buffering': 'no',
      });
      response.flushHeaders();
      write(first);
      for (const event of pending.splice(0)) write(event);
      heartbeat = setInterval(() => {
        if (!gone && !ended) response.write(': heartbeat\n\n');
      }, options.heartbeatMs ?? defaultHeartbeatMs);
      heartbeat.unref();
    },
    send(event) {
      if (!opened) {
        pending.push(event);
        return;
      }
      write(event);
    },
    end() {
      stopHeartbeat();
      if (ended) return;
      ended = true;
      if (!gone) response.end();
    },
    get closed() {
      return gone || ended;
    },
    finished,
  };
}

/** One event in the wire format: `event:` and a single `data:` line of JSON, then a blank line. */
export function formatEvent(event: ClientEvent): string {
  // JSON.stringify never emits a raw newline, so one data line carries the whole payload.
  return `event: ${event.event}\ndata: ${JSON.stringify(event.data)}\n\n`;
}

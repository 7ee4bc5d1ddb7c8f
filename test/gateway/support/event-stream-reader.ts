/** One server-sent event as a client parses it. */
export interface ReceivedEvent {
  event: string;
  // biome-ignore lint/suspicious/noExplicitAny: tests read arbitrary JSON shapes
  data: any;
}

export interface EventStreamReader {
  status: number;
  headers: Headers;
  /** Events received so far, in order. */
  events: ReceivedEvent[];
  /** The parsed JSON body of an answer that is not a stream (an error before the turn started). */
  // biome-ignore lint/suspicious/noExplicitAny: tests read arbitrary JSON shapes
  body: any;
  /** Comment lines (heartbeats) received so far. */
  comments: string[];
  /** Resolves with the first event (received or to come) that matches. */
  waitFor(predicate: (event: ReceivedEvent) => boolean, timeoutMs?: number): Promise<ReceivedEvent>;
  /** Resolves once the server ended the stream. */
  ended: Promise<void>;
  /** Drops the connection, as a client that went away. */
  disconnect(): void;
}

/**
 * Opens an event stream with `fetch` and parses it as the SSE specification says (`event:`,
 * `data:` lines, blank line ends an event, `:` starts a comment).
 */
export async function openEventStream(url: string, init: RequestInit): Promise<EventStreamReader> {
  const controller = new AbortController();
  const response = await fetch(url, { ...init, signal: controller.signal });
  const events: ReceivedEvent[] = [];
  if (!(response.headers.get('content-type') ?? '').startsWith('text/event-stream')) {
    const text = await response.text();
    return {
      status: response.status,
      headers: response.headers,
      events,
      body: text === '' ? undefined : JSON.parse(text),
      comments: [],
      waitFor: () => Promise.reject(new Error(`not an event stream (status ${response.status})`)),
      ended: Promise.resolve(),
      disconnect: () => controller.abort(),
    };
  }
  const comments: string[] = [];
  const waiters: Array<{
    predicate: (event: ReceivedEvent) => boolean;
    resolve(event: ReceivedEvent): void;
  }> = [];
  const deliver = (event: ReceivedEvent) => {
    events.push(event);
    for (const waiter of [...waiters]) {
      if (waiter.predicate(event)) {
        waiters.splice(waiters.indexOf(waiter), 1);
        waiter.resolve(event);
      }
    }
  };
  const ended = (async () => {
    if (!response.body) return;
    const decoder = new TextDecoder();
    let buffer = '';
    let name = 'message';
    let data: string[] = [];
    try {
      for await (const chunk of response.body) {
        buffer += decoder.decode(chunk, { stream: true });
        for (let newline = buffer.indexOf('\n'); newline !== -1; newline = buffer.indexOf('\n')) {
          const line = buffer.slice(0, newline).replace(/\r$/, '');
          buffer = buffer.slice(newline + 1);
          if (line === '') {
            if (data.length > 0) deliver({ event: name, data: JSON.parse(data.join('\n')) });
            name = 'message';
            data = [];
          } else if (line.startsWith(':')) comments.push(line.slice(1).trim());
          else if (line.startsWith('event:')) name = line.slice(6).trim();
          else if (line.startsWith('data:')) data.push(line.slice(5).replace(/^ /, ''));
        }
      }
    } catch (error) {
      if (!controller.signal.aborted) throw error;
    }
  })();
  ended.catch(() => {});
  return {
    status: response.status,
    headers: response.headers,
    events,
    body: undefined,
    comments,
    ended,
    waitFor(predicate, timeoutMs = 30_000) {
      const seen = events.find(predicate);
      if (seen) return Promise.resolve(seen);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error('timed out waiting for an event')), timeoutMs);
        waiters.push({
          predicate,
          resolve: (event) => {
            clearTimeout(timer);
            resolve(event);
          },
        });
      });
    },
    disconnect: () => controller.abort(),
  };
}

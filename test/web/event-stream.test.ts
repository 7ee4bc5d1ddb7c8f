import { describe, expect, it } from 'vitest';
import { createEventParser, readEventStream } from '../../web/event-stream.js';

const wire =
  ': heartbeat\n\n' +
  'event: session\ndata: {"sessionId":"s-1"}\n\n' +
  'event: tool-call\r\ndata: {"tool":"purchase_orders_show"}\r\n\r\n' +
  'data: plain text\rdata: second line\r\r' +
  'event: turn-end\ndata: {"status":"completed","reply":"a\\nb"}\n\n';

const expected = [
  { event: 'session', data: { sessionId: 's-1' } },
  { event: 'tool-call', data: { tool: 'purchase_orders_show' } },
  { event: 'message', data: 'plain text\nsecond line' },
  { event: 'turn-end', data: { status: 'completed', reply: 'a\nb' } },
];

function bodyOf(chunks: string[]): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  return new ReadableStream({
    start(controller) {
      for (const chunk of chunks) controller.enqueue(encoder.encode(chunk));
      controller.close();
    },
  });
}

async function collect(body: ReadableStream<Uint8Array>) {
  const events: Array<{ event: string; data: unknown }> = [];
  for await (const event of readEventStream(body)) events.push(event);
  return events;
}

describe('reading an event stream from fetch', () => {
  it('reads events, comments and every line ending in one chunk', async () => {
    expect(await collect(bodyOf([wire]))).toEqual(expected);
  });

  it('reads the same events however the bytes are split (CRLF and UTF-8 split across chunks)', async () => {
    const bytes = new TextEncoder().encode(`${wire}event: assistant-message\ndata: {"text":"Größe ✓"}\n\n`);
    for (const size of [1, 2, 3, 7]) {
      const body = new ReadableStream<Uint8Array>({
        start(controller) {
          for (let offset = 0; offset < bytes.length; offset += size) {
            controller.enqueue(bytes.slice(offset, offset + size));
          }
          controller.close();
        },
      });
      expect(await collect(body)).toEqual([
        ...expected,
        { event: 'assistant-message', data: { text: 'Größe ✓' } },
      ]);
    }
  });

  it('drops an event the stream cut off before its blank line', async () => {
    expect(
      await collect(bodyOf(['event: session\ndata: {"sessionId":"s-1"}\n\nevent: turn-end\ndata: {"st'])),
    ).toEqual([expected[0]]);
  });

  it('keeps a lone CR at a chunk end until it knows whether LF follows', () => {
    const parser = createEventParser();
    expect(parser.push('data: 1\r')).toEqual([]);
    expect(parser.push('\n\r\n')).toEqual([{ event: 'message', data: '1' }]);
  });
});

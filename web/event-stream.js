/**
 * A `text/event-stream` reader for `fetch` responses (EventSource can neither POST nor send an
 * Authorization header). Follows the WHATWG event-stream format: `event:` and `data:` fields,
 * comment lines starting with `:`, events ending at a blank line, any line ending (LF, CRLF, CR).
 */

/**
 * @typedef {{ event: string, data: string }} RawEvent
 */

/**
 * A push parser: feed it decoded text in chunks of any size; it returns the events completed so far.
 * @returns {{ push(text: string): RawEvent[], end(): RawEvent[] }}
 */
export function createEventParser() {
  let buffer = '';
  let eventName = '';
  /** @type {string[]} */
  let dataLines = [];

  /** @param {string} line @param {RawEvent[]} out */
  const takeLine = (line, out) => {
    if (line === '') {
      if (dataLines.length > 0) out.push({ event: eventName || 'message', data: dataLines.join('\n') });
      eventName = '';
      dataLines = [];
      return;
    }
    if (line.startsWith(':')) return;
    const colon = line.indexOf(':');
    const field = colon === -1 ? line : line.slice(0, colon);
    let value = colon === -1 ? '' : line.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    if (field === 'event') eventName = value;
    else if (field === 'data') dataLines.push(value);
  };

  return {
    push(text) {
      buffer += text;
      /** @type {RawEvent[]} */
      const out = [];
      for (;;) {
        const match = /\r\n|\r|\n/.exec(buffer);
        if (!match) break;
        // A CR at the very end may be the first half of a CRLF split across chunks: wait for more.
        if (match[0] === '\r' && match.index === buffer.length - 1) break;
        takeLine(buffer.slice(0, match.index), out);
        buffer = buffer.slice(match.index + match[0].length);
      }
      return out;
    },
    end() {
      /** @type {RawEvent[]} */
      const out = [];
      if (buffer !== '') takeLine(buffer.replace(/\r$/, ''), out);
      buffer = '';
      // An event not terminated by a blank line is dropped, as the format says.
      return out;
    },
  };
}

/**
 * The events of a response body, in order, with `data` parsed as JSON (non-JSON data stays text).
 * @param {ReadableStream<Uint8Array>} body
 * @returns {AsyncGenerator<{ event: string, data: unknown }>}
 */
export async function* readEventStream(body) {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  const parser = createEventParser();
  let finished = false;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      const events = done
        ? [...parser.push(decoder.decode()), ...parser.end()]
        : parser.push(decoder.decode(value, { stream: true }));
      for (const raw of events) yield { event: raw.event, data: parseData(raw.data) };
      if (done) {
        finished = true;
        return;
      }
    }
  } finally {
    // The consumer stopped early (or the read failed): let go of the connection.
    if (!finished) await reader.cancel().catch(() => {});
    reader.releaseLock();
  }
}

/** @param {string} data @returns {unknown} */
function parseData(data) {
  try {
    return JSON.parse(data);
  } catch {
    return data;
  }
}

import { describe, expect, it } from 'vitest';
import { wantsEventStream } from './accept.ts';

describe('choosing the response form from Accept', () => {
  it('streams when text/event-stream is asked for and preferred', () => {
    expect(wantsEventStream('text/event-stream')).toBe(true);
    expect(wantsEventStream('Text/Event-Stream; charset=utf-8')).toBe(true);
    expect(wantsEventStream('text/event-stream, application/json')).toBe(true);
    expect(wantsEventStream('application/json;q=0.5, text/event-stream')).toBe(true);
  });

  it('answers JSON otherwise', () => {
    expect(wantsEventStream(undefined)).toBe(false);
    expect(wantsEventStream('')).toBe(false);
    expect(wantsEventStream('*/*')).toBe(false);
    expect(wantsEventStream('application/json')).toBe(false);
    expect(wantsEventStream('application/json, text/event-stream')).toBe(false);
    expect(wantsEventStream('text/event-stream;q=0.2, application/json')).toBe(false);
    expect(wantsEventStream('text/event-stream;q=0')).toBe(false);
  });
});

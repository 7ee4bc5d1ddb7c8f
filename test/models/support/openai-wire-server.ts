import { readFileSync } from 'node:fs';
import { startWireServer, type WireReply, type WireServer } from './http-wire-server.ts';

const fixtures = new URL('../../fixtures/models/openai/', import.meta.url);

/** A fixture of test/fixtures/models/openai, as text. */
export function openAiFixture(name: string): string {
  return readFileSync(new URL(name, fixtures), 'utf8');
}

/** A recorded Chat Completions stream (`text/event-stream`, ending `data: [DONE]`). */
export function openAiStream(name: string, reply: Partial<WireReply> = {}): WireReply {
  return {
    status: 200,
    headers: {
      'content-type': 'text/event-stream; charset=utf-8',
      'x-request-id': 'req_6f0c1d2e3a4b5c6d7e8f9a0b1c2d3e4f',
      'openai-processing-ms': '212',
    },
    body: openAiFixture(name),
    ...reply,
  };
}

/** A recorded error answer (`{"error":{"message","type","param","code"}}`). */
export function openAiError(status: number, name: string, headers: Record<string, string> = {}): WireReply {
  return {
    status,
    headers: {
      'content-type': 'application/json',
      'x-request-id': 'req_0a1b2c3d4e5f60718293a4b5c6d7e8f9',
      ...headers,
    },
    body: openAiFixture(name),
  };
}

/** A local server speaking the OpenAI Chat Completions wire format (`POST /v1/chat/completions`). */
export function startOpenAiServer(): Promise<WireServer> {
  return startWireServer({
    method: 'POST',
    path: '/v1/chat/completions',
    notFound: openAiError(404, 'error-404-unknown-url.json'),
  });
}

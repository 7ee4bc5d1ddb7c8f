import { readFileSync } from 'node:fs';
import { startWireServer, type WireReply, type WireServer } from './http-wire-server.ts';

const fixtures = new URL('../../fixtures/models/anthropic/', import.meta.url);

/** A fixture of test/fixtures/models/anthropic, as text. */
export function anthropicFixture(name: string): string {
  return readFileSync(new URL(name, fixtures), 'utf8');
}

/** A recorded Messages API stream (`text/event-stream`) as the API answers it. */
export function anthropicStream(name: string, reply: Partial<WireReply> = {}): WireReply {
  return {
    status: 200,
    headers: {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache',
      'request-id': 'req_011CVmYyoXxDkTx9Zq1b2c3d',
      'anthropic-organization-id': '5f1e3c2a-0b7d-4e8f-9a1b-2c3d4e5f6a7b',
    },
    body: anthropicFixture(name),
    ...reply,
  };
}

/** A recorded error answer (`{"type":"error","error":{...},"request_id":...}`). */
export function anthropicError(
  status: number,
  name: string,
  headers: Record<string, string> = {},
): WireReply {
  return {
    status,
    headers: { 'content-type': 'application/json', 'request-id': 'req_011CVmZzErr0r1d2e3f4g5h6', ...headers },
    body: anthropicFixture(name),
  };
}

/** A local server speaking the Anthropic Messages API wire format (`POST /v1/messages`). */
export function startAnthropicServer(): Promise<WireServer> {
  return startWireServer({
    method: 'POST',
    path: '/v1/messages',
    notFound: anthropicError(404, 'error-404-not-found.json'),
  });
}

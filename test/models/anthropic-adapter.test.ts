import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { credentialId } from '../../src/audit/redact.ts';
import { AppError } from '../../src/errors/index.ts';
import { createAnthropicAdapter } from '../../src/models/providers/anthropic-adapter.ts';
import {
  anthropicError,
  anthropicFixture,
  anthropicStream,
  startAnthropicServer,
} from './support/anthropic-wire-server.ts';
import { createConverseLog, rejectionOf } from './support/converse-log.ts';
import type { WireServer } from './support/http-wire-server.ts';
import { routeRequest, turnRequest } from './support/model-requests.ts';

const apiKey = 'sk-ant-api03-test-key-never-recorded';
const keyId = credentialId('anthropic-api-key', apiKey);
const fastRetry = { 'retry-after-ms': '10', 'retry-after': '0' };

let server: WireServer;
beforeEach(async () => {
  server = await startAnthropicServer();
});
afterEach(async () => {
  await server.close();
});

const adapter = (options: { maxRetries?: number } = {}) =>
  createAnthropicAdapter({ model: 'claude-sonnet-4-5', apiKey, baseURL: server.url, ...options });

interface RequestFixture {
  method: string;
  path: string;
  headers: Record<string, string>;
  body: unknown;
}
const requestFixture = (name: string) => JSON.parse(anthropicFixture(name)) as RequestFixture;

describe('Anthropic adapter', () => {
  it('sends the translated turn and reads text and tool_use (input split across deltas) from the stream', async () => {
    server.enqueue(anthropicStream('tool-use-stream.txt', { pieceBytes: 97 }));
    const log = createConverseLog();

    const response = await adapter().converse(turnRequest, log.options());

    const expected = requestFixture('turn-request.json');
    expect(server.requests).toHaveLength(1);
    const received = server.requests[0]!;
    expect(received.method).toBe(expected.method);
    expect(received.path).toBe(expected.path);
    expect(received.headers).toMatchObject(expected.headers);
    expect(received.headers.authorization).toBe(`Bearer ${apiKey}`);
    expect(JSON.parse(received.body)).toEqual(expected.body);

    expect(response).toEqual({
      content: [
        { type: 'text', text: 'PO-1001 is the only open order; let me open it to check its lines.' },
        {
          type: 'tool_use',
          id: 'toolu_01T1x1fJ34qAmk2tNTrN7Up6',
          name: 'purchase_orders_show',
          input: { id: 'PO-1001' },
        },
      ],
      stopReason: 'tool_use',
      usage: { inputTokens: 1318 + 512, outputTokens: 74 },
      model: 'claude-sonnet-4-5-20250929',
    });
    expect(log.deltas).toEqual([
      'PO-1001 is the only open order',
      '; let me open it',
      ' to check its lines.',
    ]);
  });

  it('records the exact request and the whole raw answer of the attempt, with the key as a credential id', async () => {
    server.enqueue(anthropicStream('text-stream.txt', { pieceBytes: 7 }));
    const log = createConverseLog();

    const response = await adapter().converse(turnRequest, log.options());

    expect(response.content).toEqual([
      {
        type: 'text',
        text: 'PO-1001 is issued and waits for your acknowledgement: 3 lines, total €1 250,00 — due by 12 December.',
      },
    ]);
    expect(response.stopReason).toBe('end_turn');
    expect(log.order).toEqual(['request:1', 'response:1']);
    const [call] = log.calls;
    expect(call).toMatchObject({ attempt: 1, method: 'POST', url: `${server.url}/v1/messages` });
    expect(call!.body).toBe(server.requests[0]!.body);
    expect(call!.headers.authorization).toBe(keyId);
    expect(call!.headers['anthropic-version']).toBe(server.requests[0]!.headers['anthropic-version']);
    const [reply] = log.replies;
    expect(reply).toMatchObject({ attempt: 1, status: 200, complete: true });
    expect(reply!.body).toBe(anthropicFixture('text-stream.txt'));
    expect(reply!.headers['request-id']).toBe('req_011CVmYyoXxDkTx9Zq1b2c3d');
    expect(JSON.stringify([log.calls, log.replies])).not.toContain(apiKey);
  });

  it('forces choose_skill on a routing call', async () => {
    server.enqueue(anthropicStream('route-stream.txt'));
    const log = createConverseLog();

    const response = await adapter().converse(routeRequest, log.options());

    expect(JSON.parse(server.requests[0]!.body)).toEqual(requestFixture('route-request.json').body);
    expect(response.content).toEqual([
      {
        type: 'tool_use',
        id: 'toolu_01Rt8mC2wq5ZJH7yKxL3vPqa',
        name: 'choose_skill',
        input: { skill: 'invoice-status', reason: 'The supplier asks whether an invoice was paid.' },
      },
    ]);
    expect(response.stopReason).toBe('tool_use');
    expect(response.usage).toEqual({ inputTokens: 402, outputTokens: 41 });
  });

  it('retries a 429 through the SDK and records both attempts', async () => {
    server.enqueue(
      anthropicError(429, 'error-429-rate-limit.json', fastRetry),
      anthropicStream('text-stream.txt'),
    );
    const log = createConverseLog();

    const response = await adapter().converse(turnRequest, log.options());

    expect(response.content).toHaveLength(1);
    expect(response.stopReason).toBe('end_turn');
    expect(server.requests).toHaveLength(2);
    expect(server.requests[1]!.headers['x-stainless-retry-count']).toBe('1');
    expect(server.requests[1]!.body).toBe(server.requests[0]!.body);
    expect(log.order).toEqual(['request:1', 'response:1', 'request:2', 'response:2']);
    expect(log.replies[0]).toMatchObject({ attempt: 1, status: 429, complete: true });
    expect(log.replies[0]!.body).toBe(anthropicFixture('error-429-rate-limit.json'));
    expect(log.replies[0]!.headers['retry-after-ms']).toBe('10');
    expect(log.replies[1]).toMatchObject({ attempt: 2, status: 200, complete: true });
  });

  it('retries 529 overloaded and succeeds', async () => {
    server.enqueue(
      anthropicError(529, 'error-529-overloaded.json', fastRetry),
      anthropicStream('text-stream.txt'),
    );
    const log = createConverseLog();

    const response = await adapter().converse(turnRequest, log.options());

    expect(response.stopReason).toBe('end_turn');
    expect(log.replies.map((reply) => reply.status)).toEqual([529, 200]);
  });

  it('fails rate_limited (retryable) once the retries are used up', async () => {
    server.enqueue(
      anthropicError(429, 'error-429-rate-limit.json', fastRetry),
      anthropicError(429, 'error-429-rate-limit.json', fastRetry),
    );
    const log = createConverseLog();

    const error = await rejectionOf(adapter({ maxRetries: 1 }).converse(turnRequest, log.options()));

    expect(error).toBeInstanceOf(AppError);
    expect(error).toMatchObject({
      code: 'rate_limited',
      retryable: true,
      details: {
        provider: 'Anthropic',
        status: 429,
        type: 'rate_limit_error',
        requestId: 'req_011CVmZzErr0r1d2e3f4g5h6',
      },
    });
    expect((error as AppError).message).toContain('This request would exceed the rate limit');
    expect(server.requests).toHaveLength(2);
    expect(log.replies.map((reply) => reply.status)).toEqual([429, 429]);
  });

  it('fails unavailable (retryable) on 529 and 500 without retries left', async () => {
    server.enqueue(
      anthropicError(529, 'error-529-overloaded.json'),
      anthropicError(500, 'error-500-api.json'),
    );
    const log = createConverseLog();

    const overloaded = await rejectionOf(adapter({ maxRetries: 0 }).converse(turnRequest, log.options()));
    const internal = await rejectionOf(adapter({ maxRetries: 0 }).converse(turnRequest, log.options()));

    expect(overloaded).toMatchObject({
      code: 'unavailable',
      retryable: true,
      details: { status: 529, type: 'overloaded_error' },
    });
    expect(internal).toMatchObject({
      code: 'unavailable',
      retryable: true,
      details: { status: 500, type: 'api_error' },
    });
  });

  it('fails unauthenticated on 401 without retrying', async () => {
    server.enqueue(anthropicError(401, 'error-401-authentication.json'), anthropicStream('text-stream.txt'));
    const log = createConverseLog();

    const error = await rejectionOf(adapter().converse(turnRequest, log.options()));

    expect(error).toMatchObject({ code: 'unauthenticated', retryable: false, details: { status: 401 } });
    expect((error as AppError).message).toBe(
      'Anthropic refused the credentials (401 authentication_error): invalid x-api-key',
    );
    expect(server.requests).toHaveLength(1);
    expect(log.replies[0]!.body).toBe(anthropicFixture('error-401-authentication.json'));
  });

  it('fails invalid_argument on a 400 the API refused, without retrying', async () => {
    server.enqueue(anthropicError(400, 'error-400-invalid-request.json'));

    const error = await rejectionOf(adapter().converse(turnRequest, createConverseLog().options()));

    expect(error).toMatchObject({
      code: 'invalid_argument',
      retryable: false,
      details: { status: 400, type: 'invalid_request_error' },
    });
    expect((error as AppError).message).toContain('unexpected `tool_use_id`');
    expect(server.requests).toHaveLength(1);
  });

  it('fails model_failed when a tool input is not JSON, after recording the whole answer', async () => {
    server.enqueue(anthropicStream('invalid-tool-input-stream.txt'));
    const log = createConverseLog();

    const error = await rejectionOf(adapter().converse(turnRequest, log.options()));

    expect(error).toMatchObject({
      code: 'model_failed',
      retryable: false,
      details: {
        tool: 'purchase_orders_list',
        toolUseId: 'toolu_01Trunc4tedXyZ8aBcDeFgH',
        input: '{"status": "issued", "limit": 1',
      },
    });
    expect(log.replies[0]).toMatchObject({ status: 200, complete: true });
  });

  it('fails unavailable (retryable) on an error event in the middle of the stream', async () => {
    server.enqueue(anthropicStream('error-event-stream.txt'));
    const log = createConverseLog();

    const error = await rejectionOf(adapter().converse(turnRequest, log.options()));

    expect(error).toMatchObject({
      code: 'unavailable',
      retryable: true,
      details: { type: 'overloaded_error' },
    });
    expect((error as AppError).message).toBe(
      'Anthropic failed during the stream (overloaded_error): Overloaded',
    );
    expect(log.deltas).toEqual(['PO-1001 is']);
    expect(server.requests).toHaveLength(1);
  });

  it('fails model_failed when a stream event is not JSON', async () => {
    const whole = anthropicFixture('text-stream.txt');
    const broken = whole.replace('"text":"due by 12 December."', '"text":"due by 12 Dec');
    server.enqueue({ ...anthropicStream('text-stream.txt'), body: broken });

    const error = await rejectionOf(adapter().converse(turnRequest, createConverseLog().options()));

    expect(error).toMatchObject({
      code: 'model_failed',
      retryable: false,
      details: { provider: 'Anthropic' },
    });
    expect((error as AppError).message).toMatch(/^Anthropic sent an answer that could not be read: /);
  });

  it('fails unavailable when the stream ends before message_stop', async () => {
    const whole = anthropicFixture('text-stream.txt');
    server.enqueue({
      ...anthropicStream('text-stream.txt'),
      body: whole.slice(0, whole.indexOf('event: message_delta')),
    });

    const error = await rejectionOf(adapter().converse(turnRequest, createConverseLog().options()));

    expect(error).toMatchObject({ code: 'unavailable', retryable: true });
    expect((error as AppError).message).toBe('Anthropic ended the stream before the answer was complete.');
  });

  it('rejects promptly with the signal reason when aborted mid-stream, recording the partial answer', async () => {
    const whole = anthropicFixture('text-stream.txt');
    const partLength = Buffer.byteLength(whole.slice(0, whole.indexOf('event: ping')));
    server.enqueue(anthropicStream('text-stream.txt', { stallAfterBytes: partLength }));
    const controller = new AbortController();
    const reason = new Error('the supplier pressed stop');
    const log = createConverseLog();
    let abortedAt = 0;

    const call = adapter().converse(
      turnRequest,
      log.options(controller.signal, {
        onTextDelta(text) {
          log.deltas.push(text);
          abortedAt = performance.now();
          controller.abort(reason);
        },
      }),
    );
    const error = await rejectionOf(call);

    expect(error).toBe(reason);
    expect(performance.now() - abortedAt).toBeLessThan(1000);
    expect(log.deltas).toEqual(['PO-1001 is issued and waits for your acknowledgement']);
    expect(log.replies).toHaveLength(1);
    expect(log.replies[0]).toMatchObject({ attempt: 1, status: 200, complete: false });
    expect(log.replies[0]!.body).toBe(whole.slice(0, whole.indexOf('event: ping')));
  });

  it('fails unavailable (retryable) past its deadline, recording the partial answer', async () => {
    const whole = anthropicFixture('text-stream.txt');
    const partLength = Buffer.byteLength(whole.slice(0, whole.indexOf('event: ping')));
    server.enqueue(anthropicStream('text-stream.txt', { stallAfterBytes: partLength }));
    const log = createConverseLog();
    const model = createAnthropicAdapter({
      model: 'claude-sonnet-4-5',
      apiKey,
      baseURL: server.url,
      timeoutMs: 300,
    });

    const error = await rejectionOf(model.converse(turnRequest, log.options()));

    expect(error).toMatchObject({ code: 'unavailable', retryable: true, details: { timeoutMs: 300 } });
    expect((error as AppError).message).toBe('Anthropic did not finish the answer within 0.3 s.');
    expect(log.replies).toEqual([expect.objectContaining({ status: 200, complete: false })]);
    expect(log.replies[0]!.body).toBe(whole.slice(0, whole.indexOf('event: ping')));
  });

  it('rejects with the reason and sends nothing when the signal is already aborted', async () => {
    const controller = new AbortController();
    controller.abort(new Error('too late'));
    const log = createConverseLog();

    const error = await rejectionOf(adapter().converse(turnRequest, log.options(controller.signal)));

    expect(error).toEqual(new Error('too late'));
    expect(server.requests).toHaveLength(0);
    expect(log.calls).toHaveLength(0);
  });

  it('sends nothing and fails with the hook error when recording the request fails', async () => {
    server.enqueue(anthropicStream('text-stream.txt'));
    const failure = new Error('audit log is full');
    const log = createConverseLog();

    const error = await rejectionOf(
      adapter().converse(
        turnRequest,
        log.options(undefined, {
          async onProviderRequest() {
            throw failure;
          },
        }),
      ),
    );

    expect(error).toBe(failure);
    expect(server.requests).toHaveLength(0);
  });

  it('fails unavailable when the API cannot be reached, recording the attempt as incomplete', async () => {
    const url = server.url;
    await server.close();
    const log = createConverseLog();

    const error = await rejectionOf(
      createAnthropicAdapter({ model: 'claude-sonnet-4-5', apiKey, baseURL: url, maxRetries: 0 }).converse(
        turnRequest,
        log.options(),
      ),
    );

    expect(error).toMatchObject({ code: 'unavailable', retryable: true, details: { provider: 'Anthropic' } });
    expect(log.replies).toEqual([{ attempt: 1, status: 0, headers: {}, body: '', complete: false }]);
    server = await startAnthropicServer();
  });

  it('is named after its model and is not a demo', () => {
    const model = adapter();
    expect(model.id).toBe('anthropic:claude-sonnet-4-5');
    expect(model.demo).toBe(false);
  });
});

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { credentialId } from '../../src/audit/redact.ts';
import { AppError } from '../../src/errors/index.ts';
import { createOpenAiAdapter } from '../../src/models/providers/openai-adapter.ts';
import { createConverseLog, rejectionOf } from './support/converse-log.ts';
import type { WireServer } from './support/http-wire-server.ts';
import { routeRequest, turnRequest } from './support/model-requests.ts';
import { openAiError, openAiFixture, openAiStream, startOpenAiServer } from './support/openai-wire-server.ts';

const apiKey = 'sk-proj-test-key-never-recorded';
const keyId = credentialId('openai-api-key', apiKey);
const fastRetry = { 'retry-after-ms': '10', 'retry-after': '0' };

let server: WireServer;
beforeEach(async () => {
  server = await startOpenAiServer();
});
afterEach(async () => {
  await server.close();
});

const adapter = (options: { maxRetries?: number; model?: string; maxTokensParameter?: 'max_tokens' } = {}) =>
  createOpenAiAdapter({ model: 'gpt-5.1', apiKey, baseURL: `${server.url}/v1`, ...options });

interface RequestFixture {
  method: string;
  path: string;
  headers: Record<string, string>;
  body: Record<string, unknown>;
}
const requestFixture = (name: string) => JSON.parse(openAiFixture(name)) as RequestFixture;

describe('OpenAI-compatible adapter', () => {
  it('sends the translated turn (tool messages before the user text) and reads parallel tool calls', async () => {
    server.enqueue(openAiStream('tool-calls-stream.txt', { pieceBytes: 61 }));
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
        {
          type: 'tool_use',
          id: 'call_Qm8vZk1YdT5pJ2xN7wR4sL0a',
          name: 'purchase_orders_show',
          input: { id: 'PO-1001' },
        },
        {
          type: 'tool_use',
          id: 'call_Hx3bN6cV9mK2pL5qW8eR1tY4',
          name: 'purchase_orders_list',
          input: { status: 'issued', limit: 5 },
        },
      ],
      stopReason: 'tool_use',
      usage: { inputTokens: 1302, outputTokens: 58 },
      model: 'gpt-5.1-2025-11-13',
    });
    expect(log.deltas).toEqual([]);
  });

  it('streams text, records the exact request and whole raw answer, and keeps the key out of the record', async () => {
    server.enqueue(openAiStream('text-stream.txt', { pieceBytes: 13 }));
    const log = createConverseLog();

    const response = await adapter().converse(turnRequest, log.options());

    const text =
      'PO-1001 is issued and waits for your acknowledgement: 3 lines, total €1 250,00 — due by 12 December.';
    expect(response).toEqual({
      content: [{ type: 'text', text }],
      stopReason: 'end_turn',
      usage: { inputTokens: 1488, outputTokens: 36 },
      model: 'gpt-5.1-2025-11-13',
    });
    expect(log.deltas.join('')).toBe(text);
    expect(log.deltas).toHaveLength(3);
    expect(log.order).toEqual(['request:1', 'response:1']);
    expect(log.calls[0]).toMatchObject({
      attempt: 1,
      method: 'POST',
      url: `${server.url}/v1/chat/completions`,
    });
    expect(log.calls[0]!.body).toBe(server.requests[0]!.body);
    expect(log.calls[0]!.headers.authorization).toBe(keyId);
    expect(log.replies[0]).toMatchObject({ attempt: 1, status: 200, complete: true });
    expect(log.replies[0]!.body).toBe(openAiFixture('text-stream.txt'));
    expect(log.replies[0]!.headers['x-request-id']).toBe('req_6f0c1d2e3a4b5c6d7e8f9a0b1c2d3e4f');
    expect(JSON.stringify([log.calls, log.replies])).not.toContain(apiKey);
  });

  it('forces choose_skill on a routing call and reads a forced call that finished with "stop" as tool_use', async () => {
    server.enqueue(openAiStream('route-stream.txt'));

    const response = await adapter().converse(routeRequest, createConverseLog().options());

    expect(JSON.parse(server.requests[0]!.body)).toEqual(requestFixture('route-request.json').body);
    expect(response.content).toEqual([
      {
        type: 'tool_use',
        id: 'call_Rt4sK9lM2nB7vC1xZ6qW3eY8',
        name: 'choose_skill',
        input: { skill: 'invoice-status', reason: 'The supplier asks whether an invoice was paid.' },
      },
    ]);
    expect(response.stopReason).toBe('tool_use');
  });

  it('sends max_tokens instead when told, and estimates usage when a local server reports none', async () => {
    server.enqueue(openAiStream('local-server-stream.txt'));

    const response = await adapter({ model: 'llama3.1:8b', maxTokensParameter: 'max_tokens' }).converse(
      turnRequest,
      createConverseLog().options(),
    );

    const body = JSON.parse(server.requests[0]!.body) as Record<string, unknown>;
    expect(body.max_tokens).toBe(1024);
    expect(body).not.toHaveProperty('max_completion_tokens');
    expect(response.content).toEqual([{ type: 'text', text: 'PO-1001 is issued.' }]);
    expect(response.model).toBe('llama3.1:8b');
    expect(response.usage.inputTokens).toBe(Math.ceil(server.requests[0]!.body.length / 4));
    expect(response.usage.outputTokens).toBeGreaterThan(0);
  });

  it('maps content_filter to refusal', async () => {
    server.enqueue(openAiStream('content-filter-stream.txt'));

    const response = await adapter().converse(turnRequest, createConverseLog().options());

    expect(response.stopReason).toBe('refusal');
    expect(response.content).toEqual([{ type: 'text', text: 'I can' }]);
  });

  it('retries a 429 through the SDK and records both attempts', async () => {
    server.enqueue(openAiError(429, 'error-429-rate-limit.json', fastRetry), openAiStream('text-stream.txt'));
    const log = createConverseLog();

    const response = await adapter().converse(turnRequest, log.options());

    expect(response.stopReason).toBe('end_turn');
    expect(server.requests).toHaveLength(2);
    expect(server.requests[1]!.headers['x-stainless-retry-count']).toBe('1');
    expect(log.order).toEqual(['request:1', 'response:1', 'request:2', 'response:2']);
    expect(log.replies[0]).toMatchObject({ attempt: 1, status: 429, complete: true });
    expect(log.replies[0]!.body).toBe(openAiFixture('error-429-rate-limit.json'));
    expect(log.replies[1]).toMatchObject({ attempt: 2, status: 200, complete: true });
  });

  it('fails rate_limited (retryable) once the retries are used up', async () => {
    server.enqueue(
      openAiError(429, 'error-429-rate-limit.json', fastRetry),
      openAiError(429, 'error-429-rate-limit.json', fastRetry),
    );

    const error = await rejectionOf(
      adapter({ maxRetries: 1 }).converse(turnRequest, createConverseLog().options()),
    );

    expect(error).toBeInstanceOf(AppError);
    expect(error).toMatchObject({
      code: 'rate_limited',
      retryable: true,
      details: { provider: 'OpenAI-compatible endpoint', status: 429, type: 'tokens' },
    });
    expect((error as AppError).message).toContain('Rate limit reached for gpt-5.1');
    expect(server.requests).toHaveLength(2);
  });

  it('fails unauthenticated on 401 without retrying', async () => {
    server.enqueue(openAiError(401, 'error-401-invalid-api-key.json'), openAiStream('text-stream.txt'));

    const error = await rejectionOf(adapter().converse(turnRequest, createConverseLog().options()));

    expect(error).toMatchObject({ code: 'unauthenticated', retryable: false, details: { status: 401 } });
    expect((error as AppError).message).toContain('refused the credentials (401 invalid_request_error)');
    expect(server.requests).toHaveLength(1);
  });

  it('fails unavailable (retryable) on 500 without retries left, and invalid_argument on a 400', async () => {
    server.enqueue(
      openAiError(500, 'error-500-server.json'),
      openAiError(400, 'error-400-invalid-request.json'),
    );

    const internal = await rejectionOf(
      adapter({ maxRetries: 0 }).converse(turnRequest, createConverseLog().options()),
    );
    const refused = await rejectionOf(
      adapter({ maxRetries: 0 }).converse(turnRequest, createConverseLog().options()),
    );

    expect(internal).toMatchObject({
      code: 'unavailable',
      retryable: true,
      details: { status: 500, type: 'server_error' },
    });
    expect(refused).toMatchObject({ code: 'invalid_argument', retryable: false, details: { status: 400 } });
    expect((refused as AppError).message).toContain("Invalid schema for function 'purchase_orders_list'");
  });

  it('fails not_found when the base URL leads nowhere (a missing /v1)', async () => {
    const model = createOpenAiAdapter({ model: 'gpt-5.1', apiKey, baseURL: server.url, maxRetries: 0 });

    const error = await rejectionOf(model.converse(turnRequest, createConverseLog().options()));

    expect(server.requests[0]!.path).toBe('/chat/completions');
    expect(error).toMatchObject({ code: 'not_found', retryable: false, details: { status: 404 } });
    expect((error as AppError).message).toContain('Invalid URL');
  });

  it("fails model_failed when a tool call's arguments are not JSON, after recording the whole answer", async () => {
    server.enqueue(openAiStream('invalid-arguments-stream.txt'));
    const log = createConverseLog();

    const error = await rejectionOf(adapter().converse(turnRequest, log.options()));

    expect(error).toMatchObject({
      code: 'model_failed',
      retryable: false,
      details: {
        tool: 'purchase_orders_list',
        toolUseId: 'call_Tr5nC9aT3dW2xY7zQ1vB4nM8',
        input: '{"status":"issued","limit":1',
      },
    });
    expect(log.replies[0]).toMatchObject({ status: 200, complete: true });
  });

  it('fails unavailable when the stream ends without a finish reason', async () => {
    const whole = openAiFixture('text-stream.txt');
    const cut = whole.split('\n\n').slice(0, 3).join('\n\n');
    server.enqueue({ ...openAiStream('text-stream.txt'), body: `${cut}\n\n` });

    const error = await rejectionOf(adapter().converse(turnRequest, createConverseLog().options()));

    expect(error).toMatchObject({ code: 'unavailable', retryable: true });
  });

  it('rejects promptly with the signal reason when aborted mid-stream, recording the partial answer', async () => {
    const whole = openAiFixture('text-stream.txt');
    const part = whole.split('\n\n').slice(0, 2).join('\n\n');
    server.enqueue(openAiStream('text-stream.txt', { stallAfterBytes: Buffer.byteLength(`${part}\n\n`) }));
    const controller = new AbortController();
    const reason = new Error('the supplier pressed stop');
    const log = createConverseLog();
    let abortedAt = 0;

    const error = await rejectionOf(
      adapter().converse(
        turnRequest,
        log.options(controller.signal, {
          onTextDelta(text) {
            log.deltas.push(text);
            abortedAt = performance.now();
            controller.abort(reason);
          },
        }),
      ),
    );

    expect(error).toBe(reason);
    expect(performance.now() - abortedAt).toBeLessThan(1000);
    expect(log.deltas).toEqual(['PO-1001 is issued and waits for your acknowledgement']);
    expect(log.replies).toEqual([expect.objectContaining({ attempt: 1, status: 200, complete: false })]);
    expect(log.replies[0]!.body).toBe(`${part}\n\n`);
  });

  it('rejects promptly when aborted while the SDK waits to retry', async () => {
    server.enqueue(openAiError(429, 'error-429-rate-limit.json', { 'retry-after': '30' }));
    const controller = new AbortController();
    const log = createConverseLog();
    const call = adapter().converse(turnRequest, log.options(controller.signal));
    while (log.replies.length === 0) await new Promise((resolve) => setTimeout(resolve, 5));
    const abortedAt = performance.now();
    controller.abort(new Error('stop'));

    const error = await rejectionOf(call);

    expect(error).toEqual(new Error('stop'));
    expect(performance.now() - abortedAt).toBeLessThan(1000);
    expect(server.requests).toHaveLength(1);
  });

  it('fails unavailable (retryable) past its deadline, also while the SDK waits to retry', async () => {
    server.enqueue(openAiError(429, 'error-429-rate-limit.json', { 'retry-after': '30' }));
    const model = createOpenAiAdapter({
      model: 'gpt-5.1',
      apiKey,
      baseURL: `${server.url}/v1`,
      timeoutMs: 300,
    });
    const startedAt = performance.now();

    const error = await rejectionOf(model.converse(turnRequest, createConverseLog().options()));

    expect(error).toMatchObject({ code: 'unavailable', retryable: true, details: { timeoutMs: 300 } });
    expect(performance.now() - startedAt).toBeLessThan(1500);
  });

  it('is named after its model and is not a demo', () => {
    const model = adapter();
    expect(model.id).toBe('openai:gpt-5.1');
    expect(model.demo).toBe(false);
  });
});

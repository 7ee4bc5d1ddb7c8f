import { readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AppError } from '../../src/errors/index.ts';
import type {
  ModelAdapter,
  ModelRequest,
  ModelResponse,
  ProviderCall,
  ProviderReply,
} from '../../src/models/model-types.ts';
import {
  type BedrockAdapterOptions,
  createBedrockAdapter,
} from '../../src/models/providers/bedrock-adapter.ts';
import {
  type BedrockWireServer,
  encodeFrame,
  startBedrockWireServer,
  type WireFrame,
} from './support/bedrock-wire-server.ts';

interface StreamFixture {
  frames: WireFrame[];
  response: ModelResponse;
  textDeltas: string[];
}

function fixture<T>(name: string): T {
  return JSON.parse(
    readFileSync(new URL(`../fixtures/models/bedrock/${name}`, import.meta.url), 'utf8'),
  ) as T;
}

const modelId = 'anthropic.claude-3-5-haiku-20241022-v1:0';
const credentials = {
  accessKeyId: 'AKIDTESTBEDROCK',
  secretAccessKey: 'test-secret-access-key',
  sessionToken: 'test-session-token',
};
const toolUseStream = fixture<StreamFixture>('tool-use-stream.json');
const routeStream = fixture<StreamFixture>('route-stream.json');
const turn = fixture<{ request: ModelRequest; converseBody: Record<string, unknown> }>('turn-request.json');

const routeRequest: ModelRequest = {
  purpose: 'route',
  system: 'Choose the skill for the request. Skills: order-status (questions about orders).',
  messages: [{ role: 'user', content: [{ type: 'text', text: 'Which orders are still open?' }] }],
  tools: [
    {
      name: 'choose_skill',
      description: 'Name the skill that handles the request.',
      inputSchema: {
        type: 'object',
        properties: { skill: { type: 'string', enum: ['order-status', 'none'] }, reason: { type: 'string' } },
        required: ['skill', 'reason'],
      },
    },
  ],
  maxTokens: 256,
};

function recorder() {
  const calls: ProviderCall[] = [];
  const replies: ProviderReply[] = [];
  const textDeltas: string[] = [];
  return {
    calls,
    replies,
    textDeltas,
    options(signal: AbortSignal = new AbortController().signal) {
      return {
        signal,
        onProviderRequest: async (call: ProviderCall) => {
          calls.push(call);
        },
        onProviderResponse: async (reply: ProviderReply) => {
          replies.push(reply);
        },
        onTextDelta: (text: string) => {
          textDeltas.push(text);
        },
      };
    },
  };
}

function encoded(frames: WireFrame[]): Buffer {
  return Buffer.concat(frames.map(encodeFrame));
}

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => {
      throw new Error('expected the call to fail');
    },
    (error: unknown) => error,
  );
}

describe('Bedrock adapter against a Converse stream wire server', () => {
  let server: BedrockWireServer;
  let adapter: ModelAdapter;

  function adapterWith(options: Partial<BedrockAdapterOptions> = {}): ModelAdapter {
    return createBedrockAdapter({
      modelId,
      region: 'eu-central-1',
      endpoint: server.url,
      credentials,
      retryDelayMs: () => 0,
      ...options,
    });
  }

  beforeEach(async () => {
    server = await startBedrockWireServer();
    adapter = adapterWith();
  });

  afterEach(async () => {
    await server.close();
  });

  it('is named after the model and is not the demo model', () => {
    expect(adapter.id).toBe(`bedrock:${modelId}`);
    expect(adapter.demo).toBe(false);
  });

  it('sends the translated, signed Converse stream request and records it with credentials redacted', async () => {
    server.enqueue({ kind: 'stream', frames: toolUseStream.frames });
    const record = recorder();

    await adapter.converse(turn.request, record.options());

    expect(server.requests).toHaveLength(1);
    const received = server.requests[0]!;
    expect(received.method).toBe('POST');
    expect(received.path).toBe(`/model/${encodeURIComponent(modelId)}/converse-stream`);
    expect(JSON.parse(received.body)).toEqual(turn.converseBody);
    expect(received.headers.authorization).toMatch(
      /^AWS4-HMAC-SHA256 Credential=AKIDTESTBEDROCK\/\d{8}\/eu-central-1\/bedrock\/aws4_request, SignedHeaders=\S+, Signature=[0-9a-f]{64}$/,
    );
    expect(received.headers['x-amz-security-token']).toBe(credentials.sessionToken);

    expect(record.calls).toHaveLength(1);
    const call = record.calls[0]!;
    expect(call).toMatchObject({ attempt: 1, method: 'POST', url: `${server.url}${received.path}` });
    expect(call.body).toBe(received.body);
    expect(call.headers.authorization).toMatch(/^credential:aws-sigv4:[0-9a-f]{8}$/);
    expect(call.headers['x-amz-security-token']).toMatch(/^credential:aws-session-token:[0-9a-f]{8}$/);
    expect(call.headers['x-amz-date']).toBe(received.headers['x-amz-date']);
    const recorded = JSON.stringify(record.calls);
    expect(recorded).not.toContain(credentials.accessKeyId);
    expect(recorded).not.toContain(credentials.sessionToken);
    expect(recorded).not.toContain(String(received.headers.authorization).split('Signature=')[1]);
  });

  it('folds the stream into text and a tool call, streams the text and records the raw event stream', async () => {
    server.enqueue({ kind: 'stream', frames: toolUseStream.frames });
    const record = recorder();

    const response = await adapter.converse(turn.request, record.options());

    expect(response).toEqual(toolUseStream.response);
    expect(record.textDeltas).toEqual(toolUseStream.textDeltas);
    expect(record.replies).toHaveLength(1);
    const reply = record.replies[0]!;
    expect(reply).toMatchObject({ attempt: 1, status: 200, bodyEncoding: 'base64', complete: true });
    expect(reply.headers['content-type']).toBe('application/vnd.amazon.eventstream');
    expect(Buffer.from(reply.body, 'base64').equals(encoded(toolUseStream.frames))).toBe(true);
  });

  it('answers a routing call with choose_skill, hooks being optional', async () => {
    server.enqueue({ kind: 'stream', frames: routeStream.frames });

    const response = await adapter.converse(routeRequest, { signal: new AbortController().signal });

    expect(response).toEqual(routeStream.response);
    const body = JSON.parse(server.requests[0]!.body);
    expect(body.toolConfig.tools[0].toolSpec.name).toBe('choose_skill');
    expect(body.inferenceConfig).toEqual({ maxTokens: 256 });
  });

  it('retries a throttled attempt through the SDK and records both attempts in order', async () => {
    server.enqueue(
      { kind: 'error', status: 429, errorType: 'ThrottlingException', message: 'Too many requests.' },
      { kind: 'stream', frames: routeStream.frames },
    );
    const record = recorder();

    const response = await adapter.converse(routeRequest, record.options());

    expect(response).toEqual(routeStream.response);
    expect(server.requests.map((request) => request.headers['amz-sdk-request'])).toEqual([
      'attempt=1; max=3',
      'attempt=2; max=3',
    ]);
    expect(record.calls.map((call) => call.attempt)).toEqual([1, 2]);
    expect(record.replies.map((reply) => [reply.attempt, reply.status, reply.complete])).toEqual([
      [1, 429, true],
      [2, 200, true],
    ]);
    expect(JSON.parse(Buffer.from(record.replies[0]!.body, 'base64').toString('utf8'))).toEqual({
      message: 'Too many requests.',
    });
    expect(record.replies[0]!.headers['x-amzn-errortype']).toMatch(/^ThrottlingException:/);
  });

  it('gives up after maxAttempts throttled attempts with a retryable rate_limited error', async () => {
    const throttled = {
      kind: 'error',
      status: 429,
      errorType: 'ThrottlingException',
      message: 'Slow down.',
    } as const;
    server.enqueue(throttled, throttled, throttled, { kind: 'stream', frames: routeStream.frames });
    const record = recorder();

    const error = await rejection(adapter.converse(routeRequest, record.options()));

    expect(error).toBeInstanceOf(AppError);
    expect(error).toMatchObject({ code: 'rate_limited', retryable: true });
    expect((error as AppError).details).toMatchObject({
      provider: 'Amazon Bedrock',
      type: 'ThrottlingException',
      status: 429,
      attempts: 3,
    });
    expect(record.calls.map((call) => call.attempt)).toEqual([1, 2, 3]);
    expect(record.replies.map((reply) => reply.status)).toEqual([429, 429, 429]);
  });

  it('makes a single attempt when maxAttempts is 1', async () => {
    server.enqueue({ kind: 'error', status: 429, errorType: 'ThrottlingException', message: 'Slow down.' });
    const record = recorder();

    const error = await rejection(adapterWith({ maxAttempts: 1 }).converse(routeRequest, record.options()));

    expect(error).toMatchObject({ code: 'rate_limited' });
    expect(server.requests).toHaveLength(1);
  });

  it('retries a 503 and succeeds, and maps a lasting 503 to unavailable', async () => {
    const down = {
      kind: 'error',
      status: 503,
      errorType: 'ServiceUnavailableException',
      message: 'Down.',
    } as const;
    server.enqueue(down, { kind: 'stream', frames: routeStream.frames });
    await expect(adapter.converse(routeRequest, recorder().options())).resolves.toEqual(routeStream.response);
    expect(server.requests).toHaveLength(2);

    server.enqueue(down, down, down);
    const error = await rejection(adapter.converse(routeRequest, recorder().options()));
    expect(error).toMatchObject({ code: 'unavailable', retryable: true });
    expect(server.requests).toHaveLength(5);
  });

  it.each([
    [400, 'ValidationException', 'invalid_argument'],
    [403, 'AccessDeniedException', 'unauthenticated'],
    [403, 'UnrecognizedClientException', 'unauthenticated'],
  ] as const)('maps %i %s to %s without retrying', async (status, errorType, code) => {
    server.enqueue({ kind: 'error', status, errorType, message: `${errorType} from the wire` });
    const record = recorder();

    const error = await rejection(adapter.converse(routeRequest, record.options()));

    expect(error).toBeInstanceOf(AppError);
    expect(error).toMatchObject({ code, retryable: false });
    expect((error as AppError).message).toContain(`${errorType} from the wire`);
    expect(server.requests).toHaveLength(1);
    expect(record.replies.map((reply) => reply.status)).toEqual([status]);
  });

  it.each([
    ['throttlingException', 'rate_limited'],
    ['modelStreamErrorException', 'unavailable'],
    ['validationException', 'invalid_argument'],
  ] as const)('maps a %s frame inside the stream to %s', async (exception, code) => {
    const frames: WireFrame[] = [
      ...toolUseStream.frames.slice(0, 2),
      { exception, body: { message: `${exception} mid-stream` } },
    ];
    server.enqueue({ kind: 'stream', frames });
    const record = recorder();

    const error = await rejection(adapter.converse(turn.request, record.options()));

    expect(error).toMatchObject({ code });
    expect((error as AppError).message).toContain(`${exception} mid-stream`);
    expect(record.textDeltas).toEqual(['Let me look up']);
    expect(record.replies).toHaveLength(1);
    expect(Buffer.from(record.replies[0]!.body, 'base64').equals(encoded(frames))).toBe(true);
  });

  it('rejects promptly with the signal reason when aborted mid-stream, recording the partial body', async () => {
    server.enqueue({ kind: 'stream', frames: toolUseStream.frames, stallAfter: 3 });
    const controller = new AbortController();
    const record = recorder();
    const reason = new Error('interrupted by the supplier');
    const options = record.options(controller.signal);
    const delivered = new Promise<void>((resolve) => {
      options.onTextDelta = (text) => {
        record.textDeltas.push(text);
        if (record.textDeltas.length === 2) resolve();
      };
    });

    const pending = adapter.converse(turn.request, options);
    await delivered;
    const abortedAt = Date.now();
    controller.abort(reason);
    const error = await rejection(pending);

    expect(error).toBe(reason);
    expect(Date.now() - abortedAt).toBeLessThan(1000);
    expect(record.replies).toHaveLength(1);
    const reply = record.replies[0]!;
    expect(reply).toMatchObject({ attempt: 1, status: 200, complete: false, bodyEncoding: 'base64' });
    expect(Buffer.from(reply.body, 'base64').equals(encoded(toolUseStream.frames.slice(0, 3)))).toBe(true);
  });

  it('rejects promptly when aborted while the SDK waits to retry, sending no further attempt', async () => {
    server.enqueue(
      { kind: 'error', status: 429, errorType: 'ThrottlingException', message: 'Slow down.' },
      { kind: 'stream', frames: routeStream.frames },
    );
    const controller = new AbortController();
    const reason = new Error('interrupted during backoff');
    const options = recorder().options(controller.signal);
    const firstReply = new Promise<void>((resolve) => {
      options.onProviderResponse = async () => resolve();
    });

    const pending = adapterWith({ retryDelayMs: () => 10_000 }).converse(routeRequest, options);
    await firstReply;
    const abortedAt = Date.now();
    controller.abort(reason);

    await expect(pending).rejects.toBe(reason);
    expect(Date.now() - abortedAt).toBeLessThan(1000);
    expect(server.requests).toHaveLength(1);
  });

  it('rejects at once with the reason of a signal aborted before the call, sending nothing', async () => {
    const controller = new AbortController();
    const reason = new Error('already stopped');
    controller.abort(reason);

    await expect(adapter.converse(routeRequest, recorder().options(controller.signal))).rejects.toBe(reason);
    expect(server.requests).toHaveLength(0);
  });

  it('fails with a retryable unavailable error when the stream stalls past timeoutMs', async () => {
    server.enqueue({ kind: 'stream', frames: toolUseStream.frames, stallAfter: 2 });
    const record = recorder();

    const error = await rejection(adapterWith({ timeoutMs: 300 }).converse(turn.request, record.options()));

    expect(error).toMatchObject({ code: 'unavailable', retryable: true, details: { timeoutMs: 300 } });
    expect(record.replies[0]).toMatchObject({ complete: false });
  });

  it('does not send when recording the request fails, and rejects with that error', async () => {
    const failure = new Error('audit store is down');

    const error = await rejection(
      adapter.converse(routeRequest, {
        signal: new AbortController().signal,
        onProviderRequest: async () => {
          throw failure;
        },
      }),
    );

    expect(error).toBe(failure);
    expect(server.requests).toHaveLength(0);
  });

  it('stops retrying when recording a reply fails, and rejects with that error', async () => {
    server.enqueue(
      { kind: 'error', status: 429, errorType: 'ThrottlingException', message: 'Slow down.' },
      { kind: 'stream', frames: routeStream.frames },
    );
    const failure = new Error('audit store is full');

    const error = await rejection(
      adapter.converse(routeRequest, {
        signal: new AbortController().signal,
        onProviderResponse: async () => {
          throw failure;
        },
      }),
    );

    expect(error).toBe(failure);
    expect(server.requests).toHaveLength(1);
  });

  it('records concurrent calls of one adapter each through its own hooks', async () => {
    server.enqueue(
      { kind: 'stream', frames: routeStream.frames },
      { kind: 'stream', frames: routeStream.frames },
    );
    const first = recorder();
    const second = recorder();

    const responses = await Promise.all([
      adapter.converse(routeRequest, first.options()),
      adapter.converse({ ...routeRequest, maxTokens: 128 }, second.options()),
    ]);

    expect(responses).toEqual([routeStream.response, routeStream.response]);
    expect(first.calls.map((call) => JSON.parse(call.body).inferenceConfig.maxTokens)).toEqual([256]);
    expect(second.calls.map((call) => JSON.parse(call.body).inferenceConfig.maxTokens)).toEqual([128]);
    expect([first.replies.length, second.replies.length]).toEqual([1, 1]);
  });

  it('fails with unavailable when the stream ends before messageStop', async () => {
    server.enqueue({ kind: 'stream', frames: toolUseStream.frames.slice(0, 6) });

    const error = await rejection(adapter.converse(turn.request, recorder().options()));

    expect(error).toMatchObject({ code: 'unavailable', retryable: true });
  });

  it('maps guardrail_intervened to refusal and reports usage', async () => {
    server.enqueue({
      kind: 'stream',
      frames: [
        { event: 'messageStart', body: { role: 'assistant' } },
        {
          event: 'contentBlockDelta',
          body: { contentBlockIndex: 0, delta: { text: 'Sorry, I cannot help.' } },
        },
        { event: 'contentBlockStop', body: { contentBlockIndex: 0 } },
        { event: 'messageStop', body: { stopReason: 'guardrail_intervened' } },
        {
          event: 'metadata',
          body: { usage: { inputTokens: 10, outputTokens: 5, totalTokens: 15 }, metrics: { latencyMs: 1 } },
        },
      ],
    });

    const response = await adapter.converse(routeRequest, recorder().options());

    expect(response).toEqual({
      content: [{ type: 'text', text: 'Sorry, I cannot help.' }],
      stopReason: 'refusal',
      usage: { inputTokens: 10, outputTokens: 5 },
      model: modelId,
    });
  });
});

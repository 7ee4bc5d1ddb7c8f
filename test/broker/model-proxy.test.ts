import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { type CspApiHarness, startCspApi } from '../../src/testing/csp-api-harness.ts';
import { cellRequest, startBroker } from './broker-kit.ts';
import { createEchoModel, createSlowModel, failingModel } from './test-models.ts';

let api: CspApiHarness;
beforeAll(async () => {
  api = await startCspApi();
});
afterAll(async () => {
  await api?.close();
});

const modelRequest = {
  purpose: 'turn',
  system: 'You help suppliers.',
  messages: [{ role: 'user', content: [{ type: 'text', text: 'which orders are open?' }] }],
  tools: [{ name: 'purchase_orders_list', description: 'Lists orders.', inputSchema: { type: 'object' } }],
  maxTokens: 512,
};

const postModel = (socketPath: string, body: unknown) =>
  cellRequest(socketPath, {
    method: 'POST',
    path: '/v1/model',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });

describe('broker model proxy', () => {
  it('answers 503 model_unavailable when the session has no model, and records nothing', async () => {
    const kit = await startBroker({ api });
    try {
      const reply = await postModel(kit.socketPath, modelRequest);
      expect(reply.status).toBe(503);
      expect(reply.body.code).toBe('model_unavailable');
      expect(kit.events()).toEqual([]);
    } finally {
      await kit.close();
    }
  });

  it('records model-request and model-response (with the exact provider exchange) around the call', async () => {
    const model = createEchoModel();
    const kit = await startBroker({ api, model });
    try {
      const reply = await postModel(kit.socketPath, modelRequest);
      expect(reply.status).toBe(200);
      expect(reply.body.response.content[0].text).toBe('echo: which orders are open?');
      expect(reply.body.response.usage).toEqual({ inputTokens: 12, outputTokens: 3 });
      // The broker names the skill; the cell cannot.
      const sent = { ...modelRequest, skill: 'order-status' };
      expect(model.requests).toEqual([sent]);
      const events = kit.events();
      expect(events.map((event) => event.type)).toEqual(['model-request', 'model-response']);
      expect(events[0]!.payload).toEqual({ model: 'echo', request: sent });
      expect(events[1]!.payload).toMatchObject({ model: 'echo', response: reply.body.response });
      const exchanges = events[1]!.payload.exchanges as Array<{
        request: { body: string };
        response: { status: number };
      }>;
      expect(exchanges).toHaveLength(1);
      expect(JSON.parse(exchanges[0]!.request.body)).toEqual(sent);
      expect(exchanges[0]!.response.status).toBe(200);
      expect(kit.broker.stats().modelCalls).toBe(1);
    } finally {
      await kit.close();
    }
  });

  it('refuses a malformed model request naming the field, without calling the model', async () => {
    const model = createEchoModel();
    const kit = await startBroker({ api, model });
    try {
      const reply = await postModel(kit.socketPath, {
        purpose: 'turn',
        system: '',
        messages: 'hi',
        tools: [],
        maxTokens: -1,
        temperature: 2,
      });
      expect(reply.status).toBe(400);
      expect(reply.body.code).toBe('invalid_argument');
      expect(Object.keys(reply.body.errors).sort()).toEqual(['body', 'maxTokens', 'messages']);
      // A routing call is the host's to make, never the cell's.
      const routing = await postModel(kit.socketPath, { ...modelRequest, purpose: 'route' });
      expect(routing.status).toBe(400);
      expect(Object.keys(routing.body.errors)).toEqual(['purpose']);
      expect((await postModel(kit.socketPath, modelRequest)).status).toBe(200);
      expect(model.requests).toHaveLength(1);
      expect(kit.events().map((event) => event.type)).toEqual(['model-request', 'model-response']);
    } finally {
      await kit.close();
    }
  });

  it('answers 502 model_failed when the provider fails, keeping its message in the log only', async () => {
    const kit = await startBroker({ api, model: failingModel });
    try {
      const reply = await postModel(kit.socketPath, modelRequest);
      expect(reply.status).toBe(502);
      expect(reply.body.code).toBe('model_failed');
      expect(reply.text).not.toContain('overloaded');
      const response = kit.events().at(-1)!;
      expect(response.type).toBe('model-response');
      expect(response.payload).toMatchObject({
        error: { code: 'model_failed' },
        detail: 'provider said 500: overloaded',
      });
    } finally {
      await kit.close();
    }
  });

  it('lets a model call run longer than the connection timeouts', async () => {
    const kit = await startBroker({
      api,
      model: createSlowModel(1_500),
      limits: {
        headersTimeoutMs: 300,
        requestTimeoutMs: 600,
        keepAliveTimeoutMs: 300,
        modelTimeoutMs: 5_000,
      },
    });
    try {
      const reply = await postModel(kit.socketPath, modelRequest);
      expect(reply.status).toBe(200);
    } finally {
      await kit.close();
    }
  });
});

describe("the assistant's message", () => {
  const postEvent = (socketPath: string, body: unknown) =>
    cellRequest(socketPath, {
      method: 'POST',
      path: '/v1/events',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });

  it("is accepted only as the model's final answer, word for word", async () => {
    const kit = await startBroker({ api, model: createEchoModel() });
    try {
      const early = await postEvent(kit.socketPath, {
        type: 'assistant-message',
        payload: { text: 'echo: which orders are open?' },
      });
      expect(early.status).toBe(400);
      expect(Object.keys(early.body.errors)).toEqual(['payload.text']);

      expect((await postModel(kit.socketPath, modelRequest)).status).toBe(200);
      const forged = await postEvent(kit.socketPath, {
        type: 'assistant-message',
        payload: { text: 'Your bank details were changed.' },
      });
      expect(forged.status).toBe(400);
      const genuine = await postEvent(kit.socketPath, {
        type: 'assistant-message',
        payload: { text: 'echo: which orders are open?' },
      });
      expect(genuine.status).toBe(202);
      const messages = kit.events().filter((event) => event.type === 'assistant-message');
      expect(messages.map((event) => event.payload)).toEqual([
        { text: 'echo: which orders are open?', source: 'cell' },
      ]);
    } finally {
      await kit.close();
    }
  });
});

describe('turn budgets', () => {
  it('interrupt the session when the model tokens run out, after recording the answer', async () => {
    let interruptedFor: string | undefined;
    const kit = await startBroker({
      api,
      model: createEchoModel(),
      budget: { maxToolCalls: 5, maxTokens: 20, maxDurationMs: 60_000 },
      onInterrupted: (reason) => {
        interruptedFor = reason;
      },
    });
    try {
      // 15 tokens per answer: the first fits, the second goes over 20.
      expect((await postModel(kit.socketPath, modelRequest)).status).toBe(200);
      const over = await postModel(kit.socketPath, modelRequest);
      expect(over.status).toBe(429);
      expect(over.body.code).toBe('budget_exhausted');
      await vi.waitFor(() => expect(interruptedFor).toBe('budget: more than 20 model tokens'));
      const types = kit.events().map((event) => event.type);
      expect(types).toEqual([
        'model-request',
        'model-response',
        'model-request',
        'model-response',
        'session-interrupted',
      ]);
      expect((await postModel(kit.socketPath, modelRequest)).body.code).toBe('session_interrupted');
    } finally {
      await kit.close();
    }
  });
});

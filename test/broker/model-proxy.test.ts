import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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

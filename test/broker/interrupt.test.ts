import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CredentialProvider } from '../../src/broker/credentials.ts';
import { type CspApiHarness, startCspApi } from '../../src/testing/csp-api-harness.ts';
import { cellRequest, type Doc, startBroker } from './broker-kit.ts';
import { createSlowModel } from './test-models.ts';

/** An upstream that answers `[]` after `?delay=MS` (default: 30 s), and notes requests it saw end early. */
interface SlowUpstream {
  url: string;
  received: string[];
  abandoned: string[];
  close(): Promise<void>;
}

async function startSlowUpstream(): Promise<SlowUpstream> {
  const received: string[] = [];
  const abandoned: string[] = [];
  const server = http.createServer((request, response) => {
    const url = request.url ?? '';
    received.push(url);
    const delay = Number(new URL(url, 'http://upstream').searchParams.get('delay') ?? 30_000);
    const timer = setTimeout(() => {
      response.writeHead(200, { 'content-type': 'application/json' }).end('[]');
    }, delay);
    response.on('close', () => {
      if (!response.writableFinished) {
        abandoned.push(url);
        clearTimeout(timer);
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    received,
    abandoned,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** A fixed credential: the slow upstream checks none. */
const staticCredentials: CredentialProvider = {
  async token() {
    return { value: 'static-upstream-token', id: 'credential:static:00000000' };
  },
  invalidate() {},
};

let api: CspApiHarness;
let upstream: SlowUpstream;
beforeAll(async () => {
  api = await startCspApi();
  upstream = await startSlowUpstream();
});
afterAll(async () => {
  await upstream?.close();
  await api?.close();
});

async function waitFor(condition: () => boolean, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describe('broker interrupt', () => {
  it('answers a request to a slow upstream once it responds (control)', async () => {
    const kit = await startBroker({ api, upstreamUrl: upstream.url, credentials: staticCredentials });
    try {
      const reply = await cellRequest(kit.socketPath, { path: '/api/purchase_orders?delay=200' });
      expect(reply.status).toBe(200);
      expect(reply.body).toEqual([]);
    } finally {
      await kit.close();
    }
  });

  it('aborts an in-flight upstream request: the cell is answered at once and the log says what was in flight', async () => {
    const kit = await startBroker({ api, upstreamUrl: upstream.url, credentials: staticCredentials });
    try {
      const target = '/api/purchase_orders?limit=3&delay=30000';
      const pending = cellRequest(kit.socketPath, { path: target });
      await waitFor(() => upstream.received.includes(target));
      expect(kit.broker.stats().inFlight).toBe(1);

      const started = Date.now();
      await kit.broker.interrupt('supplier pressed stop');
      const reply = await pending;
      expect(Date.now() - started).toBeLessThan(1_000);
      expect(reply.status).toBe(503);
      expect(reply.body.code).toBe('session_interrupted');
      await waitFor(() => upstream.abandoned.includes(target));
      expect(kit.broker.stats()).toMatchObject({ inFlight: 0, interrupts: 1 });

      const types = kit.events().map((event) => event.type);
      expect(types).toEqual(['api-request', 'policy-decision', 'session-interrupted', 'api-response']);
      const interrupted = kit.events()[2] as Doc;
      expect(interrupted.payload).toMatchObject({
        reason: 'supplier pressed stop',
        inFlight: [{ kind: 'api', method: 'GET', target }],
      });
      expect(kit.events()[3]!.payload).toMatchObject({
        status: null,
        error: { code: 'session_interrupted' },
      });

      // Nothing new gets through an interrupted session: not a read, not a write, not an event,
      // and none of it reaches the internal API.
      const before = upstream.received.length;
      const after = await cellRequest(kit.socketPath, { path: '/api/purchase_orders?delay=0' });
      expect(after.status).toBe(503);
      expect(after.body.code).toBe('session_interrupted');
      const event = await cellRequest(kit.socketPath, {
        method: 'POST',
        path: '/v1/events',
        body: JSON.stringify({ type: 'progress', payload: {} }),
      });
      expect(event.body.code).toBe('session_interrupted');
      expect(upstream.received.length).toBe(before);
    } finally {
      await kit.close();
    }
  });

  it('aborts an in-flight model call and records the interrupted model-response', async () => {
    const model = createSlowModel(30_000);
    const kit = await startBroker({ api, model });
    try {
      const pending = cellRequest(kit.socketPath, {
        method: 'POST',
        path: '/v1/model',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          purpose: 'turn',
          system: '',
          messages: [{ role: 'user', content: [{ type: 'text', text: 'hi' }] }],
          tools: [],
          maxTokens: 100,
        }),
      });
      await model.started;
      await kit.broker.interrupt('budget: wall time');
      const reply = await pending;
      expect(reply.status).toBe(503);
      expect(reply.body.code).toBe('session_interrupted');
      expect(model.aborted()).toBe(true);
      await waitFor(() => kit.events().length === 3);
      expect(kit.events().map((event) => event.type)).toEqual([
        'model-request',
        'session-interrupted',
        'model-response',
      ]);
      expect(kit.events()[1]!.payload).toMatchObject({
        reason: 'budget: wall time',
        inFlight: [{ kind: 'model', target: '/v1/model' }],
      });
      expect(kit.events()[2]!.payload).toMatchObject({
        interrupted: true,
        error: { code: 'session_interrupted' },
      });
    } finally {
      await kit.close();
    }
  });

  it('records an interrupt with nothing in flight', async () => {
    const kit = await startBroker({ api });
    try {
      await kit.broker.interrupt('operator kill');
      expect(kit.events().map((event) => [event.type, event.payload])).toEqual([
        ['session-interrupted', { reason: 'operator kill', inFlight: [] }],
      ]);
    } finally {
      await kit.close();
    }
  });

  it('gives up on an upstream slower than requestTimeoutMs with 504 upstream_timeout', async () => {
    const kit = await startBroker({
      api,
      upstreamUrl: upstream.url,
      credentials: staticCredentials,
      limits: { headersTimeoutMs: 300, requestTimeoutMs: 500 },
    });
    try {
      const reply = await cellRequest(kit.socketPath, { path: '/api/purchase_orders?delay=5000' });
      expect(reply.status).toBe(504);
      expect(reply.body.code).toBe('upstream_timeout');
      expect(kit.events().at(-1)!.payload).toMatchObject({
        status: null,
        error: { code: 'upstream_timeout' },
      });
    } finally {
      await kit.close();
    }
  });

  it('answers 502 upstream_unavailable when the internal API is down', async () => {
    const kit = await startBroker({ api, upstreamUrl: 'http://127.0.0.1:1', credentials: staticCredentials });
    try {
      const reply = await cellRequest(kit.socketPath, { path: '/api/purchase_orders' });
      expect(reply.status).toBe(502);
      expect(reply.body.code).toBe('upstream_unavailable');
    } finally {
      await kit.close();
    }
  });
});

describe('broker fails closed', () => {
  it('answers 503 audit_unavailable, with none of the data, when the audit log cannot record', async () => {
    const kit = await startBroker({
      api,
      upstreamUrl: upstream.url,
      credentials: staticCredentials,
      tools: ['purchase_orders_list', 'purchase_orders_show', 'purchase_orders_acknowledge'],
    });
    try {
      const target = '/api/purchase_orders?delay=0&case=audit';
      // Control: with a working log the request goes through.
      expect((await cellRequest(kit.socketPath, { path: target })).status).toBe(200);
      expect(upstream.received.filter((url) => url === target)).toHaveLength(1);
      const acknowledge = {
        method: 'PUT',
        path: '/api/purchase_orders/NWC-PO-11002/acknowledge?delay=0',
        body: JSON.stringify({ 'acknowledged-flag': true }),
      };
      expect((await cellRequest(kit.socketPath, acknowledge)).status).toBe(200);
      expect(upstream.received.filter((url) => url.includes('NWC-PO-11002'))).toHaveLength(1);

      await kit.audit.close();
      const reply = await cellRequest(kit.socketPath, { path: target });
      expect(reply.status).toBe(503);
      expect(reply.body.code).toBe('audit_unavailable');
      // A read may have been sent while its records were committing (it changes nothing upstream);
      // its answer never reaches the cell. Writes wait for their records: see the egress suite.
      expect(JSON.stringify(reply.body)).not.toContain('po-number');

      const write = await cellRequest(kit.socketPath, acknowledge);
      expect(write.status).toBe(503);
      expect(upstream.received.filter((url) => url.includes('NWC-PO-11002'))).toHaveLength(1);

      const event = await cellRequest(kit.socketPath, {
        method: 'POST',
        path: '/v1/events',
        body: JSON.stringify({ type: 'progress', payload: {} }),
      });
      expect(event.body.code).toBe('audit_unavailable');
    } finally {
      await kit.close();
    }
  });
});

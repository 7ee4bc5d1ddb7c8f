import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CspApiHarness, startCspApi } from '../../src/testing/csp-api-harness.ts';
import { createTempDir } from '../../src/testing/temp-dir.ts';
import { type BrokerKit, cellRequest, startBroker } from './broker-kit.ts';

let api: CspApiHarness;
let kit: BrokerKit;
const maxBodyBytes = 64 * 1024;
const headersTimeoutMs = 1_500;
const requestTimeoutMs = 2_500;
beforeAll(async () => {
  api = await startCspApi();
  kit = await startBroker({
    api,
    tools: ['purchase_orders_list', 'catalog_items_update'],
    limits: { maxBodyBytes, headersTimeoutMs, requestTimeoutMs, maxConnections: 8 },
  });
});
afterAll(async () => {
  await kit?.close();
  await api?.close();
});

interface SlowClient {
  /** Milliseconds from connecting until the broker closed the connection. */
  closedAfter: Promise<number>;
  /** Everything the broker wrote back. */
  received(): string;
  stop(): void;
}

/**
 * Connects, sends `prefix` at once, then `text` one byte per `intervalMs`, never finishing if the
 * request is incomplete.
 */
function slowClient(socketPath: string, text: string, intervalMs: number, prefix = ''): SlowClient {
  const socket = net.connect(socketPath);
  if (prefix !== '') socket.write(prefix);
  const started = Date.now();
  let received = '';
  // The first byte goes at once, so the timing measures the broker's headers timeout.
  socket.write(text[0] ?? '');
  let index = 1;
  const timer = setInterval(() => {
    if (index < text.length && socket.writable) socket.write(text[index++] ?? '');
  }, intervalMs);
  socket.on('data', (chunk) => {
    received += chunk.toString('utf8');
  });
  socket.on('error', () => {
    // the broker hanging up is the expected outcome
  });
  const closedAfter = new Promise<number>((resolve) => {
    socket.on('close', () => {
      clearInterval(timer);
      resolve(Date.now() - started);
    });
  });
  return {
    closedAfter,
    received: () => received,
    stop: () => {
      clearInterval(timer);
      socket.destroy();
    },
  };
}

describe('broker limits: body size', () => {
  const update = (size: number) => {
    const body = JSON.stringify({ description: 'x'.repeat(size) });
    return cellRequest(kit.socketPath, {
      method: 'PUT',
      path: '/api/catalogs/1/items/1',
      headers: { 'content-type': 'application/json' },
      body,
    });
  };

  it('forwards a body under the limit (positive control)', async () => {
    const before = kit.events().length;
    const reply = await update(1_000);
    expect(reply.status).not.toBe(413);
    expect(
      kit
        .events()
        .slice(before)
        .map((event) => event.type),
    ).toEqual(['api-request', 'policy-decision', 'api-response']);
  });

  it('refuses a body over the limit with 413 payload_too_large, and records the refusal', async () => {
    const before = kit.events().length;
    const reply = await update(maxBodyBytes + 10);
    expect(reply.status).toBe(413);
    expect(reply.body).toMatchObject({ code: 'payload_too_large', limit: maxBodyBytes });
    const events = kit.events().slice(before);
    expect(events.map((event) => event.type)).toEqual(['api-request']);
    expect(events[0]!.payload).toMatchObject({ method: 'PUT', refused: 'payload_too_large' });
  });

  it('refuses an oversized chunked body that declares no length', async () => {
    const reply = await cellRequest(kit.socketPath, {
      method: 'POST',
      path: '/v1/events',
      headers: { 'content-type': 'application/json', 'transfer-encoding': 'chunked' },
      body: JSON.stringify({ type: 'progress', payload: { text: 'y'.repeat(maxBodyBytes) } }),
    });
    expect(reply.status).toBe(413);
    expect(reply.body.code).toBe('payload_too_large');
  });
});

describe('broker limits: slow clients', () => {
  it('closes a connection that sends its headers one byte per second, while another client is served', async () => {
    const slow = slowClient(
      kit.socketPath,
      'GET /api/purchase_orders HTTP/1.1\r\nhost: cell\r\naccept: */*\r\n',
      1_000,
    );
    try {
      // Meanwhile a well-behaved client gets its answer at once.
      const started = Date.now();
      const reply = await cellRequest(kit.socketPath, { path: '/api/purchase_orders?limit=1' });
      expect(reply.status).toBe(200);
      expect(Date.now() - started).toBeLessThan(headersTimeoutMs);

      const closedAfter = await slow.closedAfter;
      expect(closedAfter).toBeGreaterThanOrEqual(headersTimeoutMs - 100);
      expect(closedAfter).toBeLessThan(headersTimeoutMs + 600);
      expect(slow.received()).toMatch(/^HTTP\/1\.1 408 /);
      expect(slow.received()).toContain('"code":"request_timeout"');
    } finally {
      slow.stop();
    }
  });

  it('closes a connection that never sends anything', async () => {
    const silent = slowClient(kit.socketPath, '', 1_000);
    try {
      const closedAfter = await silent.closedAfter;
      expect(closedAfter).toBeGreaterThanOrEqual(headersTimeoutMs - 100);
      expect(closedAfter).toBeLessThan(headersTimeoutMs + 600);
    } finally {
      silent.stop();
    }
  });

  it('keeps a kept-alive connection open between requests (control for the idle rule)', async () => {
    // A connection that made one request and pauses longer than the headers timeout, but less than
    // the keep-alive timeout, is reused for the next request.
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    try {
      const first = await agentGet(agent, kit.socketPath, '/v1/session');
      await new Promise((resolve) => setTimeout(resolve, headersTimeoutMs + 300));
      const second = await agentGet(agent, kit.socketPath, '/v1/session');
      expect([first.status, second.status]).toEqual([200, 200]);
      expect(second.reused).toBe(true);
    } finally {
      agent.destroy();
    }
  });

  it('closes a connection that trickles its body past the request timeout', async () => {
    const head =
      'POST /v1/events HTTP/1.1\r\nhost: cell\r\ncontent-type: application/json\r\ncontent-length: 100\r\n\r\n';
    const slow = slowClient(kit.socketPath, '{"type":"progress","payload":{}}', 300, head);
    try {
      const closedAfter = await slow.closedAfter;
      expect(closedAfter).toBeGreaterThanOrEqual(requestTimeoutMs - 100);
      expect(closedAfter).toBeLessThan(requestTimeoutMs + 1_500);
      expect(slow.received()).toMatch(/^HTTP\/1\.1 408 /);
    } finally {
      slow.stop();
    }
  });

  it('answers a complete request on a fresh connection normally (control for the timeouts)', async () => {
    const client = slowClient(
      kit.socketPath,
      'GET /v1/session HTTP/1.1\r\nhost: cell\r\nconnection: close\r\n\r\n',
      1,
    );
    await client.closedAfter;
    expect(client.received()).toMatch(/^HTTP\/1\.1 200 /);
  });
});

describe('broker limits: malformed HTTP', () => {
  const exchange = (text: string) => {
    const client = slowClient(kit.socketPath, '', 1_000, text);
    return client.closedAfter.then(() => client.received());
  };

  it('answers a request that is not HTTP with 400 malformed_request as JSON', async () => {
    const received = await exchange('HELLO THERE\r\n\r\n');
    expect(received).toMatch(/^HTTP\/1\.1 400 /);
    expect(received).toContain('"code":"malformed_request"');
  });

  it('answers headers over 16 KiB with 431 headers_too_large as JSON', async () => {
    const received = await exchange(`GET /v1/session HTTP/1.1\r\nx-big: ${'a'.repeat(20_000)}\r\n\r\n`);
    expect(received).toMatch(/^HTTP\/1\.1 431 /);
    expect(received).toContain('"code":"headers_too_large"');
  });

  it('serves the same request with small headers (control)', async () => {
    const received = await exchange(
      `GET /v1/session HTTP/1.1\r\nx-big: ${'a'.repeat(1_000)}\r\nconnection: close\r\n\r\n`,
    );
    expect(received).toMatch(/^HTTP\/1\.1 200 /);
  });
});

describe('broker limits: connections', () => {
  it('refuses connections beyond maxConnections and serves again once they close', async () => {
    const held = Array.from({ length: 8 }, () => net.connect(kit.socketPath));
    try {
      await Promise.all(held.map((socket) => new Promise((resolve) => socket.once('connect', resolve))));
      await new Promise((resolve) => setTimeout(resolve, 50));
      await expect(cellRequest(kit.socketPath, { path: '/v1/session' })).rejects.toThrow();
    } finally {
      for (const socket of held) socket.destroy();
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect((await cellRequest(kit.socketPath, { path: '/v1/session' })).status).toBe(200);
  });
});

describe('broker socket file', () => {
  it('is a socket with mode 0600', () => {
    const stat = fs.statSync(kit.socketPath);
    expect(stat.isSocket()).toBe(true);
    expect(stat.mode & 0o777).toBe(0o600);
  });

  it('replaces a stale socket left by a dead broker and removes its own socket on close', async () => {
    const dir = createTempDir('broker-socket-');
    try {
      const socketPath = path.join(dir.path, 'broker.sock');
      leaveStaleSocket(socketPath);
      expect(fs.statSync(socketPath).isSocket()).toBe(true);
      // Control: nothing answers on the stale socket.
      await expect(cellRequest(socketPath, { path: '/v1/session' })).rejects.toThrow(/ECONNREFUSED/);

      const broker = await startBroker({ api, socketPath });
      expect((await cellRequest(socketPath, { path: '/v1/session' })).status).toBe(200);
      await broker.close();
      expect(fs.existsSync(socketPath)).toBe(false);
    } finally {
      dir.remove();
    }
  });

  it('refuses to listen where something other than a socket is, and leaves it alone', async () => {
    const dir = createTempDir('broker-socket-');
    try {
      const file = path.join(dir.path, 'broker.sock');
      fs.writeFileSync(file, 'not a socket');
      await expect(startBroker({ api, socketPath: file })).rejects.toThrow(/something other than a socket/);
      expect(fs.readFileSync(file, 'utf8')).toBe('not a socket');
    } finally {
      dir.remove();
    }
  });
});

/** A socket file whose server is gone: a process that listened and exited without closing. */
function leaveStaleSocket(socketPath: string): void {
  const script = "require('node:net').createServer().listen(process.argv[1], () => process.exit(0))";
  const result = spawnSync(process.execPath, ['-e', script, socketPath], { stdio: 'inherit' });
  if (result.status !== 0) throw new Error('could not leave a stale socket');
}

function agentGet(
  agent: http.Agent,
  socketPath: string,
  target: string,
): Promise<{ status: number; reused: boolean }> {
  return new Promise((resolve, reject) => {
    const request = http.get({ agent, socketPath, path: target }, (response) => {
      response.resume();
      response.on('end', () => resolve({ status: response.statusCode ?? 0, reused: request.reusedSocket }));
    });
    request.on('error', reject);
  });
}

import dns from 'node:dns/promises';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CellDriverName } from '../../src/sandbox/cell-driver.ts';
import { type CspApiHarness, startCspApi } from '../../src/testing/csp-api-harness.ts';
import { type CellHarness, createCellHarness, mustSkip, runNodeInCell } from '../sandbox/cell-kit.ts';

const drivers: CellDriverName[] = ['bubblewrap', 'unshare'];
const skipped = new Map(
  await Promise.all(drivers.map(async (name) => [name, await mustSkip(name)] as const)),
);

/** A script for the cell: tries a TCP connection, prints `connected` or the error code. */
const connectScript = (host: string, port: number) => `
  const socket = require('node:net').connect(${port}, ${JSON.stringify(host)});
  socket.setTimeout(3000, () => { console.log(JSON.stringify('timeout')); process.exit(0); });
  socket.on('connect', () => { console.log(JSON.stringify('connected')); process.exit(0); });
  socket.on('error', (error) => { console.log(JSON.stringify(error.code)); process.exit(0); });`;

/** The same attempt from the host: the positive control. */
function connectFromHost(host: string, port: number): Promise<string> {
  return new Promise((resolve) => {
    const socket = net.connect(port, host);
    socket.on('connect', () => {
      socket.destroy();
      resolve('connected');
    });
    socket.on('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? 'error'));
  });
}

/** An IPv4 address of this machine that is not loopback, if it has one. */
function externalAddress(): string | undefined {
  return Object.values(os.networkInterfaces())
    .flat()
    .find((address) => address?.family === 'IPv4' && !address.internal)?.address;
}

for (const name of drivers) {
  describe.skipIf(skipped.get(name))(`network from a ${name} cell`, () => {
    let harness: CellHarness;
    let api: CspApiHarness;
    let listener: net.Server;
    let listenerPort = 0;
    beforeAll(async () => {
      harness = createCellHarness(name);
      api = await startCspApi();
      listener = net.createServer((socket) => {
        socket.on('error', () => {}); // the host's probe hangs up at once
        socket.end('hello\n');
      });
      await new Promise<void>((resolve) => listener.listen(0, '0.0.0.0', resolve));
      listenerPort = (listener.address() as net.AddressInfo).port;
    });
    afterAll(async () => {
      await harness?.close();
      await api?.close();
      await new Promise((resolve) => listener?.close(resolve));
    });

    it('cannot open a TCP connection to a host loopback port where a server listens', async () => {
      expect(await connectFromHost('127.0.0.1', listenerPort)).toBe('connected');
      const { value } = await runNodeInCell(await harness.start(), connectScript('127.0.0.1', listenerPort));
      expect(value).not.toBe('connected');
      expect(['ECONNREFUSED', 'ENETUNREACH', 'EHOSTUNREACH']).toContain(value);
    });

    it('cannot reach the CSP API port', async () => {
      const port = Number(new URL(api.url).port);
      expect((await api.request('GET', '/api/purchase_orders')).status).toBe(401); // the host reaches it
      expect(await connectFromHost('127.0.0.1', port)).toBe('connected');
      const { value } = await runNodeInCell(await harness.start(), connectScript('127.0.0.1', port));
      expect(value).not.toBe('connected');
    });

    it('cannot reach the host through its external address', async () => {
      // Without an external interface the loopback address stands in (already covered above).
      const address = externalAddress() ?? '127.0.0.1';
      expect(await connectFromHost(address, listenerPort)).toBe('connected');
      const { value } = await runNodeInCell(await harness.start(), connectScript(address, listenerPort));
      expect(['ENETUNREACH', 'EHOSTUNREACH', 'ECONNREFUSED']).toContain(value);
    });

    it('cannot resolve names, not even localhost', async () => {
      // Positive control: the host resolves localhost.
      expect((await dns.lookup('localhost')).address).toMatch(/^(127\.|::1)/);
      const script = `
        const dns = require('node:dns');
        const lookup = (name) => new Promise((resolve) => dns.lookup(name, (error, address) => resolve(error ? error.code : address)));
        const resolve4 = (name) => new Promise((resolve) => dns.resolve4(name, (error, addresses) => resolve(error ? error.code : addresses)));
        Promise.all([lookup('localhost'), lookup('example.com'), resolve4('example.com')]).then((results) => console.log(JSON.stringify(results)));`;
      const { value } = await runNodeInCell<string[]>(await harness.start(), script);
      for (const result of value) expect(result).toMatch(/^E[A-Z_]+$/);
    });

    it('reaches its own broker socket: the one way out (positive control)', async () => {
      const cell = await harness.start();
      const broker = http.createServer((request, response) => response.end(`broker saw ${request.url}`));
      await new Promise<void>((resolve) => broker.listen(cell.brokerSocketPath, resolve));
      try {
        const script = `
          require('node:http').get({ socketPath: process.env.SUPPLIER_AGENT_BROKER, path: '/api/ping' }, (response) => {
            let body = ''; response.on('data', (chunk) => { body += chunk; });
            response.on('end', () => console.log(JSON.stringify(body)));
          }).on('error', (error) => console.log(JSON.stringify(error.code)));`;
        const { value } = await runNodeInCell(cell, script);
        expect(value).toBe('broker saw /api/ping');
      } finally {
        await new Promise((resolve) => broker.close(resolve));
      }
    });
  });
}

import path from 'node:path';
import { Writable } from 'node:stream';
import { createSqliteAuditLog, type SqliteAuditLog } from '../../src/audit/index.ts';
import { createCspCredentialProvider } from '../../src/broker/csp-credentials.ts';
import { systemClock } from '../../src/clock/clock.ts';
import { type CellPool, createCellPool, selectCellDriver } from '../../src/sandbox/index.ts';
import { runInCell } from '../../src/sessions/run-in-cell.ts';
import { findSkillTools } from '../../src/sessions/skill-tools.ts';
import { type CspApiHarness, startCspApi } from '../../src/testing/csp-api-harness.ts';
import { createTempDir } from '../../src/testing/temp-dir.ts';

export const repoRoot = path.resolve(import.meta.dirname, '../..');

/** A CSP API, an audit log and a pool of real cells, as `sandbox run` wires them. */
export interface SessionRig {
  api: CspApiHarness;
  audit: SqliteAuditLog;
  pool: CellPool;
  dataDir: string;
  /** Runs `node -e SCRIPT` in a fresh cell of a session of `tenant` whose skill has `tools`. */
  runNode(
    tenant: string,
    tools: string[],
    script: string,
  ): Promise<{ exitCode: number; stdout: string; stderr: string; sessionId: string }>;
  close(): Promise<void>;
}

export async function startSessionRig(): Promise<SessionRig> {
  const api = await startCspApi();
  const dir = createTempDir('session-rig-');
  const log = { info: () => {}, warn: () => {} };
  const driver = await selectCellDriver({ production: false, log });
  const pool = createCellPool({
    driver,
    size: 1,
    cellsDir: path.join(dir.path, 'cells'),
    appRoot: repoRoot,
    protectedPaths: [dir.path, api.dataDir],
    limits: { memoryBytes: 256 * 1024 * 1024, pids: 64, cpuSeconds: 60 },
    log,
  });
  const audit = createSqliteAuditLog({ dataDir: dir.path, clock: systemClock });
  let counter = 0;
  return {
    api,
    audit,
    pool,
    dataDir: dir.path,
    async runNode(tenant, tools, script) {
      counter += 1;
      const sessionId = `test-session-${counter}-${Date.now()}`;
      const out: Buffer[] = [];
      const err: Buffer[] = [];
      const collect = (into: Buffer[]) =>
        new Writable({
          write(chunk, _encoding, done) {
            into.push(Buffer.from(chunk));
            done();
          },
        });
      const { clientId, clientSecret } = api.credentials(tenant);
      const result = await runInCell({
        sessionId,
        tenantId: tenant,
        userId: 'tester',
        skill: { name: 'test-skill', tools: findSkillTools(tools) },
        argv: ['node', '-e', script],
        pool,
        audit,
        upstreamUrl: api.url,
        credentials: createCspCredentialProvider({
          apiUrl: api.url,
          clientId,
          clientSecret,
          clock: systemClock,
        }),
        clock: systemClock,
        stdout: collect(out),
        stderr: collect(err),
      });
      return {
        exitCode: result.exitCode,
        stdout: Buffer.concat(out).toString(),
        stderr: Buffer.concat(err).toString(),
        sessionId,
      };
    },
    async close() {
      await pool.close();
      await audit.close();
      await api.close();
      dir.remove();
    },
  };
}

/**
 * A script for inside the cell: sends each request to the broker socket and prints one JSON line per
 * answer, `{ status, body }`.
 */
export function brokerRequests(
  requests: { method?: string; path: string; headers?: Record<string, string>; body?: unknown }[],
): string {
  return `
const http = require('node:http');
const requests = ${JSON.stringify(requests)};
(async () => {
  for (const r of requests) {
    const answer = await new Promise((resolve) => {
      const body = r.body === undefined ? undefined : JSON.stringify(r.body);
      const req = http.request({ socketPath: process.env.SUPPLIER_AGENT_BROKER, path: r.path, method: r.method || 'GET',
        headers: { ...(body ? { 'content-type': 'application/json' } : {}), ...(r.headers || {}) } }, (res) => {
        let text = ''; res.on('data', (c) => text += c); res.on('end', () => {
          let parsed = text; try { parsed = JSON.parse(text); } catch {}
          resolve({ status: res.statusCode, body: parsed });
        });
      });
      req.on('error', (e) => resolve({ status: 0, error: e.code }));
      if (body) req.write(body);
      req.end();
    });
    console.log(JSON.stringify(answer));
  }
})();`;
}

export const lines = (text: string) =>
  text
    .trim()
    .split('\n')
    .filter(Boolean)
    // biome-ignore lint/suspicious/noExplicitAny: answers are arbitrary JSON
    .map((line) => JSON.parse(line) as { status: number; body: any; error?: string });

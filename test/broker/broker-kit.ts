import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import type { AuditEvent } from '../../src/audit/event-types.ts';
import { createSqliteAuditLog, type SqliteAuditLog } from '../../src/audit/index.ts';
import { createBroker } from '../../src/broker/broker.ts';
import type { Broker, BrokerLimits } from '../../src/broker/broker-types.ts';
import type { CredentialProvider } from '../../src/broker/credentials.ts';
import { createCspCredentialProvider } from '../../src/broker/csp-credentials.ts';
import type { TurnBudget } from '../../src/broker/turn-budget.ts';
import { type Clock, systemClock } from '../../src/clock/clock.ts';
import type { ModelAdapter } from '../../src/models/model-types.ts';
import { createEgressPolicy, cspApiOperations, type SkillEgressPolicy } from '../../src/policy/index.ts';
import type { CspApiHarness } from '../../src/testing/csp-api-harness.ts';
import { createTempDir } from '../../src/testing/temp-dir.ts';
import { findTool } from '../../src/tools/manifest/index.ts';

// biome-ignore lint/suspicious/noExplicitAny: tests read arbitrary JSON documents
export type Doc = any;

/** The real egress policy of a skill made of the named tools, for one tenant. */
export function policyFor(
  _api: CspApiHarness,
  tenantId: string,
  skill: string,
  toolNames: string[],
): SkillEgressPolicy {
  const tools = toolNames.map((name) => {
    const tool = findTool(name);
    if (!tool) throw new Error(`no tool ${name}`);
    return tool;
  });
  return createEgressPolicy({ tools, skill, tenantId, operations: cspApiOperations() });
}

export interface BrokerKitOptions {
  api: CspApiHarness;
  tenant?: string;
  skill?: string;
  tools?: string[];
  upstreamUrl?: string;
  credentials?: CredentialProvider;
  clock?: Clock;
  limits?: Partial<BrokerLimits>;
  model?: ModelAdapter;
  onEvent?: (event: AuditEvent) => void;
  budget?: TurnBudget;
  onInterrupted?: (reason: string) => void;
  /** Default: `broker.sock` in a fresh 0700 directory. */
  socketPath?: string;
}

export interface BrokerKit {
  broker: Broker;
  socketPath: string;
  sessionId: string;
  audit: SqliteAuditLog;
  auditDir: string;
  credentials: CredentialProvider;
  /** The session's audit events so far. */
  events(): AuditEvent[];
  close(): Promise<void>;
}

/** A real broker for one session: real policy, real SQLite audit log, real CSP credentials. */
export async function startBroker(options: BrokerKitOptions): Promise<BrokerKit> {
  const tenant = options.tenant ?? 'northwind';
  const skill = options.skill ?? 'order-status';
  const dir = createTempDir('broker-test-');
  fs.chmodSync(dir.path, 0o700);
  const socketPath = options.socketPath ?? path.join(dir.path, 'broker.sock');
  const clock = options.clock ?? systemClock;
  const audit = createSqliteAuditLog({ dataDir: dir.path, clock });
  const secrets = options.api.credentials(tenant);
  const credentials =
    options.credentials ?? createCspCredentialProvider({ apiUrl: options.api.url, ...secrets, clock });
  const sessionId = `session-${randomUUID()}`;
  const broker = createBroker({
    sessionId,
    tenant: { id: tenant },
    userId: `${tenant}-user`,
    skill: { name: skill },
    policy: policyFor(
      options.api,
      tenant,
      skill,
      options.tools ?? ['purchase_orders_list', 'purchase_orders_show'],
    ),
    audit,
    upstreamUrl: options.upstreamUrl ?? options.api.url,
    credentials,
    clock,
    socketPath,
    ...(options.limits ? { limits: options.limits } : {}),
    ...(options.model ? { model: options.model } : {}),
    ...(options.onEvent ? { onEvent: options.onEvent } : {}),
    ...(options.budget ? { budget: options.budget } : {}),
    ...(options.onInterrupted ? { onInterrupted: options.onInterrupted } : {}),
  });
  try {
    await broker.listen();
  } catch (error) {
    await broker.close();
    await audit.close();
    dir.remove();
    throw error;
  }
  return {
    broker,
    socketPath,
    sessionId,
    audit,
    auditDir: dir.path,
    credentials,
    events: () => audit.events(sessionId),
    async close() {
      await broker.close();
      await audit.close();
      dir.remove();
    },
  };
}

export interface CellRequest {
  method?: string;
  /** The request target exactly as sent (origin-form, or anything else). */
  path: string;
  headers?: Record<string, string>;
  body?: string | Buffer;
}

export interface CellReply {
  status: number;
  headers: http.IncomingHttpHeaders;
  text: string;
  body: Doc;
}

/** One request to the broker's socket from the test process, as a cell would send it. */
export function cellRequest(socketPath: string, request: CellRequest): Promise<CellReply> {
  return new Promise((resolve, reject) => {
    const outgoing = http.request({
      socketPath,
      method: request.method ?? 'GET',
      path: request.path,
      headers: {
        ...(request.body === undefined || request.headers?.['transfer-encoding'] !== undefined
          ? {}
          : { 'content-length': String(Buffer.byteLength(request.body)) }),
        ...request.headers,
      },
      agent: false,
    });
    outgoing.on('error', reject);
    outgoing.on('response', (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        let body: Doc = text;
        try {
          body = text === '' ? null : JSON.parse(text);
        } catch {
          // keep the text
        }
        resolve({ status: response.statusCode ?? 0, headers: response.headers, text, body });
      });
    });
    outgoing.end(request.body);
  });
}

/** The bytes of the audit store on disk (database and write-ahead log), to search for secrets. */
export function storedAuditBytes(dataDir: string): Buffer {
  const files = fs.readdirSync(dataDir).filter((name) => name.startsWith('audit.sqlite'));
  return Buffer.concat(files.map((name) => fs.readFileSync(path.join(dataDir, name))));
}

/** The events of one type, in order. */
export function eventsOf(events: AuditEvent[], type: AuditEvent['type']): AuditEvent[] {
  return events.filter((event) => event.type === type);
}

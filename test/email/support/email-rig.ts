import fs from 'node:fs';
import path from 'node:path';
import { type ParsedMail, simpleParser } from 'mailparser';
import nodemailer from 'nodemailer';
import type Mail from 'nodemailer/lib/mailer/index.js';
import type SMTPTransport from 'nodemailer/lib/smtp-transport/index.js';
import type { AuditEvent } from '../../../src/audit/event-types.ts';
import { systemClock } from '../../../src/clock/clock.ts';
import { loadEmailConfig } from '../../../src/config/email-config.ts';
import { loadGatewayConfig } from '../../../src/config/gateway-config.ts';
import { loadConfig } from '../../../src/config/index.ts';
import type { TenantContext } from '../../../src/identity/tenant-context.ts';
import type { ModelAdapter } from '../../../src/models/model-types.ts';
import { type Platform, startPlatform } from '../../../src/platform/start-platform.ts';
import { createTempDir } from '../../../src/testing/temp-dir.ts';
import { scripted } from '../../agent/agent-rig.ts';
import type { DkimKey, SupplierMailDomains } from './mail-domains.ts';
import { supplierMailDomains } from './mail-domains.ts';

export { scripted };

const repoRoot = path.resolve(import.meta.dirname, '../../..');

/** The channel's address under the default settings. */
export const agentAddress = 'agent@supplier-agent.localhost';

const operator: TenantContext = {
  tenantId: 'operations',
  userId: 'email-tests',
  scopes: [],
  customers: [],
  operator: true,
};

/** A message of the outbox: the file, its exact bytes, and what mailparser reads in it. */
export interface OutboxMessage {
  file: string;
  raw: Buffer;
  mail: ParsedMail;
}

/**
 * The whole platform as `serve` starts it (CSP API, real cells, SQLite audit, gateway, the e-mail
 * channel's SMTP listener on a free port), with the test's model and an offline DNS that holds the
 * suppliers' DKIM keys. Mail goes in through a real SMTP conversation (nodemailer as the client);
 * replies are read from the outbox.
 */
export interface EmailRig {
  platform: Platform;
  smtpPort: number;
  url: string;
  dataDir: string;
  domains: SupplierMailDomains;
  useModel(model: ModelAdapter): void;
  /** Sends through the listener; rejects with the SMTP error (`responseCode`, `response`) when refused. */
  send(mail: Mail.Options, dkim?: DkimKey): Promise<SMTPTransport.SentMessageInfo>;
  /** The outbox's messages, oldest first. */
  outbox(): Promise<OutboxMessage[]>;
  /** Waits until the outbox holds at least `count` messages. */
  waitForOutbox(count: number, timeoutMs?: number): Promise<OutboxMessage[]>;
  /** A session's audit events (read as an operator). */
  events(sessionId: string): Promise<AuditEvent[]>;
  /** The session a message id belongs to. */
  sessionOf(messageId: string): string | undefined;
  close(): Promise<void>;
}

export interface EmailRigOptions {
  /** More `SUPPLIER_AGENT_*` settings (e-mail ones: ack delay, size limits, relays, webhook). */
  env?: Record<string, string>;
}

export async function startEmailRig(options: EmailRigOptions = {}): Promise<EmailRig> {
  const dir = createTempDir('email-rig-');
  const domains = supplierMailDomains();
  const env: NodeJS.ProcessEnv = { SUPPLIER_AGENT_POOL_SIZE: '1', ...options.env };
  const config = loadConfig({ dataDir: dir.path }, env);
  let model: ModelAdapter = scripted([]);
  const switchable: ModelAdapter = {
    id: 'scripted',
    demo: false,
    converse: (request, call) => model.converse(request, call),
  };
  const platform = await startPlatform({
    config,
    env,
    appRoot: repoRoot,
    model: switchable,
    clock: systemClock,
    gateway: loadGatewayConfig({ port: 0 }, env),
    email: loadEmailConfig(config.dataDir, { smtpPort: 0 }, env),
    dnsResolver: domains.dns.resolver,
    log: { info: () => {}, warn: () => {} },
  });
  const smtpPort = platform.email.smtp?.port ?? 0;
  const outboxDir = path.join(config.dataDir, 'outbox');
  const outbox = async () => {
    const files = fs.existsSync(outboxDir)
      ? fs
          .readdirSync(outboxDir)
          .filter((name) => name.endsWith('.eml'))
          .sort()
      : [];
    return Promise.all(
      files.map(async (name) => {
        const file = path.join(outboxDir, name);
        const raw = fs.readFileSync(file);
        return { file, raw, mail: await simpleParser(raw) };
      }),
    );
  };
  return {
    platform,
    smtpPort,
    url: platform.url,
    dataDir: config.dataDir,
    domains,
    useModel(next) {
      model = next;
    },
    async send(mail, dkim) {
      const transport = nodemailer.createTransport({
        host: '127.0.0.1',
        port: smtpPort,
        secure: false,
        ignoreTLS: true,
        name: 'client.test',
        ...(dkim
          ? { dkim: { domainName: dkim.domain, keySelector: dkim.selector, privateKey: dkim.privateKey } }
          : {}),
      });
      try {
        return await transport.sendMail(mail);
      } finally {
        transport.close();
      }
    },
    outbox,
    async waitForOutbox(count, timeoutMs = 20_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const messages = await outbox();
        if (messages.length >= count) return messages;
        if (Date.now() > deadline) {
          throw new Error(`the outbox has ${messages.length} messages, expected ${count}`);
        }
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    },
    events: (sessionId) => platform.sessions.auditEvents(operator, sessionId),
    sessionOf: (messageId) => platform.email.threads.lookup([messageId])?.sessionId,
    async close() {
      await platform.close('test over');
      dir.remove();
    },
  };
}

/** Types of a session's events, in order. */
export const typesOf = (events: readonly AuditEvent[]) => events.map((event) => event.type);

/** The payload of the only event of a type (fails the test when there is not exactly one). */
export function onlyPayload(events: readonly AuditEvent[], type: string): Record<string, unknown> {
  const matching = events.filter((event) => event.type === type);
  if (matching.length !== 1) throw new Error(`expected one ${type}, found ${matching.length}`);
  return matching[0]?.payload ?? {};
}

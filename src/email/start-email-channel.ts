import fs from 'node:fs';
import type { FastifyInstance } from 'fastify';
import type { AuditLog } from '../audit/event-types.ts';
import type { Clock } from '../clock/clock.ts';
import type { EmailConfig } from '../config/email-config.ts';
import type { Tenant } from '../csp-api/tenants/tenant.ts';
import type { SessionManager } from '../sessions/session-manager-types.ts';
import { createEmailChannel, type EmailChannel } from './email-channel.ts';
import type { EmailLog } from './mail-replies.ts';
import { createOutbound } from './outbound.ts';
import { createSenderAuthenticator, type DnsResolver } from './sender-authentication.ts';
import { createSenderDirectory } from './sender-directory.ts';
import { createSmtpListener } from './smtp-listener.ts';
import { openThreadStore, type ThreadStore } from './thread-store.ts';
import { inboundWebhookRoute } from './webhook-route.ts';

export interface EmailChannelStartOptions {
  settings: EmailConfig;
  dataDir: string;
  /** Interface the SMTP listener binds to. */
  host: string;
  sessions: SessionManager;
  audit: Pick<AuditLog, 'append'>;
  /** The tenants and their users (whose addresses senders must have). */
  tenants: () => readonly Tenant[];
  clock: Clock;
  log: EmailLog;
  /** DNS for SPF/DKIM/DMARC; default the system resolver. */
  resolver?: DnsResolver | undefined;
}

export interface RunningEmailChannel {
  channel: EmailChannel;
  threads: ThreadStore;
  /** The SMTP listener's address, unless it is off. */
  smtp: { host: string; port: number } | undefined;
  /** Registers `POST /inbound/email` when a webhook secret is set (before the gateway listens). */
  registerWebhook(app: FastifyInstance): Promise<void>;
  /** Stops the SMTP listener: no new mail. */
  stopListening(): Promise<void>;
  /** Stops listening, waits for the answers in flight (interrupt the turns first), then closes. Idempotent. */
  close(): Promise<void>;
}

/** Wires the e-mail channel from its settings: store, authentication, outbound, the SMTP listener. */
export async function startEmailChannel(options: EmailChannelStartOptions): Promise<RunningEmailChannel> {
  const { settings, log } = options;
  const threads = openThreadStore({ dataDir: options.dataDir, clock: options.clock });
  const outbound = createOutbound({
    from: { name: settings.displayName, address: settings.address },
    outboxDir: settings.outboxDir,
    relayUrl: settings.relayUrl,
    dkim: settings.dkim
      ? {
          selector: settings.dkim.selector,
          privateKey: fs.readFileSync(settings.dkim.privateKeyFile, 'utf8'),
        }
      : undefined,
    clock: options.clock,
  });
  const channel = createEmailChannel({
    sessions: options.sessions,
    audit: options.audit,
    directory: createSenderDirectory(options.tenants),
    authenticator: createSenderAuthenticator({
      hostname: settings.hostname,
      trustedRelays: settings.trustedRelays,
      webhookRelay: settings.webhook.relay,
      ...(options.resolver ? { resolver: options.resolver } : {}),
    }),
    threads,
    outbound,
    log,
    ackDelayMs: settings.ackDelaySeconds * 1000,
    csvMaxBytes: settings.csvMaxBytes,
  });
  const listener =
    settings.smtpPort === false
      ? undefined
      : createSmtpListener({
          channel,
          hostname: settings.hostname,
          address: settings.address,
          maxMessageBytes: settings.maxMessageBytes,
          tls: settings.tls,
          log,
        });
  let smtp: RunningEmailChannel['smtp'];
  try {
    if (listener && settings.smtpPort !== false) {
      smtp = { host: options.host, port: await listener.listen(settings.smtpPort, options.host) };
    }
  } catch (error) {
    outbound.close();
    threads.close();
    throw error;
  }
  let listening = listener !== undefined;
  let closed: Promise<void> | undefined;
  const stopListening = async () => {
    if (!listening) return;
    listening = false;
    await listener?.close();
  };
  return {
    channel,
    threads,
    smtp,
    async registerWebhook(app) {
      const secret = settings.webhook.secret;
      if (secret === undefined) return;
      await app.register(inboundWebhookRoute, { channel, secret, maxMessageBytes: settings.maxMessageBytes });
    },
    stopListening,
    close() {
      closed ??= (async () => {
        await stopListening();
        await channel.close();
        outbound.close();
        threads.close();
      })();
      return closed;
    },
  };
}

import path from 'node:path';
import { z } from 'zod';
import { AppError } from '../errors/index.ts';

/** A relay whose `Authentication-Results` verdict the channel takes instead of checking itself. */
const trustedRelaySchema = z.object({
  /** The authserv-id the relay writes first in its `Authentication-Results` header (`mx.example.net`). */
  authservId: z.string().min(1),
  /** Addresses the relay connects from; only mail from these carries a verdict taken on trust. */
  addresses: z.array(z.string().min(1)),
});

/** Settings of the e-mail channel: the SMTP listener, the inbound webhook, outbound delivery. */
const emailSchema = z.object({
  /** The channel's address: replies come from it, only mail to it is accepted. `SUPPLIER_AGENT_EMAIL_ADDRESS`; default `agent@supplier-agent.localhost`. */
  address: z.email(),
  /** Display name on replies. `SUPPLIER_AGENT_EMAIL_NAME`; default `Supplier Agent`. */
  displayName: z.string().min(1).max(100),
  /** Name in the SMTP greeting and authserv-id of recorded verdicts. `SUPPLIER_AGENT_EMAIL_HOSTNAME`; default the address's domain. */
  hostname: z.string().min(1),
  /** SMTP listener port, `false` for none. `--smtp-port`, `SUPPLIER_AGENT_SMTP_PORT` (`off`); default 2525. */
  smtpPort: z.union([z.literal(false), z.number().int().min(0).max(65535)]),
  /** Largest message (SMTP SIZE and webhook body), bytes. `SUPPLIER_AGENT_EMAIL_MAX_BYTES`; default 10 MiB. */
  maxMessageBytes: z
    .number()
    .int()
    .min(4 * 1024)
    .max(64 * 1024 * 1024),
  /** Largest CSV attachment content given to the model, all CSVs together. `SUPPLIER_AGENT_EMAIL_CSV_MAX_BYTES`; default 64 KiB. */
  csvMaxBytes: z
    .number()
    .int()
    .min(1)
    .max(1024 * 1024),
  /** A turn still running this long gets one acknowledgement. `SUPPLIER_AGENT_EMAIL_ACK_SECONDS`; default 30. */
  ackDelaySeconds: z.number().min(0).max(3600),
  /** `SUPPLIER_AGENT_EMAIL_TRUSTED_RELAYS`: `AUTHSERV_ID=IP,IP;AUTHSERV_ID=IP`. Default none. */
  trustedRelays: z.array(trustedRelaySchema),
  webhook: z.object({
    /** Bearer secret of `POST /inbound/email`; the route is off without it. `SUPPLIER_AGENT_EMAIL_WEBHOOK_SECRET`. */
    secret: z.string().min(16).optional(),
    /** Authserv-id whose verdict posted messages carry (`amazonses.com`). `SUPPLIER_AGENT_EMAIL_WEBHOOK_RELAY`; unset: checked here. */
    relay: z.string().min(1).optional(),
  }),
  /** Folder of sent messages, one `.eml` each; `false` for none. `SUPPLIER_AGENT_EMAIL_OUTBOX` (`off` or a folder); default `DATA_DIR/outbox`. */
  outboxDir: z.union([z.literal(false), z.string().min(1)]),
  /** SMTP relay for outbound mail (`smtp://user:pass@host:587`, `smtps://...`). `SUPPLIER_AGENT_EMAIL_RELAY_URL`; default none. */
  relayUrl: z.url({ protocol: /^smtps?$/ }).optional(),
  /** DKIM signing of replies (domain: the address's). `SUPPLIER_AGENT_EMAIL_DKIM_SELECTOR`, `_DKIM_KEY_FILE`. */
  dkim: z.object({ selector: z.string().min(1), privateKeyFile: z.string().min(1) }).optional(),
  /** STARTTLS for the listener. `SUPPLIER_AGENT_SMTP_TLS_KEY_FILE`, `_CERT_FILE`; default not offered. */
  tls: z.object({ keyFile: z.string().min(1), certFile: z.string().min(1) }).optional(),
});

export type EmailConfig = z.infer<typeof emailSchema>;
export type TrustedRelay = z.infer<typeof trustedRelaySchema>;

export const defaultEmailAddress = 'agent@supplier-agent.localhost';
export const defaultSmtpPort = 2525;

/** Settings given on the command line; they win over the environment. */
export interface EmailConfigOverrides {
  /** `false`: no listener. */
  smtpPort?: number | false | undefined;
}

/**
 * Resolves the e-mail channel's settings from defaults, the environment and overrides. Throws an
 * `AppError('invalid_argument')` naming the variable when a value is malformed, or when nothing
 * would deliver replies (no outbox and no relay).
 */
export function loadEmailConfig(
  dataDir: string,
  overrides: EmailConfigOverrides = {},
  env: NodeJS.ProcessEnv = process.env,
): EmailConfig {
  const text = (variable: string) => {
    const value = env[variable]?.trim();
    return value === undefined || value === '' ? undefined : value;
  };
  const number = (variable: string, fallback: number, pattern = /^\d+$/) => {
    const value = text(variable);
    if (value === undefined) return fallback;
    if (!pattern.test(value)) throw invalid(variable, `"${value}" is not a number`);
    return Number(value);
  };
  const address = text('SUPPLIER_AGENT_EMAIL_ADDRESS') ?? defaultEmailAddress;
  const domain = address.slice(address.lastIndexOf('@') + 1).toLowerCase();
  const portText = text('SUPPLIER_AGENT_SMTP_PORT');
  const outboxText = text('SUPPLIER_AGENT_EMAIL_OUTBOX');
  const dkimSelector = text('SUPPLIER_AGENT_EMAIL_DKIM_SELECTOR');
  const dkimKey = text('SUPPLIER_AGENT_EMAIL_DKIM_KEY_FILE');
  const tlsKey = text('SUPPLIER_AGENT_SMTP_TLS_KEY_FILE');
  const tlsCert = text('SUPPLIER_AGENT_SMTP_TLS_CERT_FILE');
  if ((dkimSelector === undefined) !== (dkimKey === undefined)) {
    throw invalid(
      'SUPPLIER_AGENT_EMAIL_DKIM_SELECTOR',
      'set it together with SUPPLIER_AGENT_EMAIL_DKIM_KEY_FILE',
    );
  }
  if ((tlsKey === undefined) !== (tlsCert === undefined)) {
    throw invalid(
      'SUPPLIER_AGENT_SMTP_TLS_KEY_FILE',
      'set it together with SUPPLIER_AGENT_SMTP_TLS_CERT_FILE',
    );
  }
  const webhookSecret = text('SUPPLIER_AGENT_EMAIL_WEBHOOK_SECRET');
  const webhookRelay = text('SUPPLIER_AGENT_EMAIL_WEBHOOK_RELAY');
  const relayUrl = text('SUPPLIER_AGENT_EMAIL_RELAY_URL');
  const candidate = {
    address,
    displayName: text('SUPPLIER_AGENT_EMAIL_NAME') ?? 'Supplier Agent',
    hostname: text('SUPPLIER_AGENT_EMAIL_HOSTNAME') ?? domain,
    smtpPort:
      overrides.smtpPort !== undefined
        ? overrides.smtpPort
        : portText === 'off'
          ? false
          : number('SUPPLIER_AGENT_SMTP_PORT', defaultSmtpPort),
    maxMessageBytes: number('SUPPLIER_AGENT_EMAIL_MAX_BYTES', 10 * 1024 * 1024),
    csvMaxBytes: number('SUPPLIER_AGENT_EMAIL_CSV_MAX_BYTES', 64 * 1024),
    ackDelaySeconds: number('SUPPLIER_AGENT_EMAIL_ACK_SECONDS', 30, /^\d+(\.\d+)?$/),
    trustedRelays: parseTrustedRelays(text('SUPPLIER_AGENT_EMAIL_TRUSTED_RELAYS') ?? ''),
    webhook: {
      ...(webhookSecret === undefined ? {} : { secret: webhookSecret }),
      ...(webhookRelay === undefined ? {} : { relay: webhookRelay }),
    },
    outboxDir:
      outboxText === 'off'
        ? false
        : outboxText === undefined || outboxText === 'on'
          ? path.join(dataDir, 'outbox')
          : path.resolve(outboxText),
    ...(relayUrl === undefined ? {} : { relayUrl }),
    ...(dkimSelector && dkimKey ? { dkim: { selector: dkimSelector, privateKeyFile: dkimKey } } : {}),
    ...(tlsKey && tlsCert ? { tls: { keyFile: tlsKey, certFile: tlsCert } } : {}),
  };
  const parsed = emailSchema.safeParse(candidate);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const setting = issue?.path.join('.') ?? '';
    throw invalid(variableOf(setting), issue?.message ?? 'invalid');
  }
  if (parsed.data.outboxDir === false && parsed.data.relayUrl === undefined) {
    throw invalid('SUPPLIER_AGENT_EMAIL_OUTBOX', 'with the outbox off, set SUPPLIER_AGENT_EMAIL_RELAY_URL');
  }
  return parsed.data;
}

/** `mx1.example.net=192.0.2.10,192.0.2.11;amazonses.com=198.51.100.7` (spaces allowed). */
export function parseTrustedRelays(text: string): TrustedRelay[] {
  const relays: TrustedRelay[] = [];
  for (const entry of text.split(';')) {
    if (entry.trim() === '') continue;
    const [id, list] = entry.split('=');
    const addresses = (list ?? '')
      .split(/[\s,]+/)
      .map((address) => address.trim())
      .filter((address) => address !== '');
    if (!id?.trim() || addresses.length === 0) {
      throw invalid('SUPPLIER_AGENT_EMAIL_TRUSTED_RELAYS', `"${entry.trim()}" is not AUTHSERV_ID=IP[,IP...]`);
    }
    relays.push({ authservId: id.trim().toLowerCase(), addresses });
  }
  return relays;
}

const variables: Record<string, string> = {
  address: 'SUPPLIER_AGENT_EMAIL_ADDRESS',
  displayName: 'SUPPLIER_AGENT_EMAIL_NAME',
  hostname: 'SUPPLIER_AGENT_EMAIL_HOSTNAME',
  smtpPort: 'SUPPLIER_AGENT_SMTP_PORT',
  maxMessageBytes: 'SUPPLIER_AGENT_EMAIL_MAX_BYTES',
  csvMaxBytes: 'SUPPLIER_AGENT_EMAIL_CSV_MAX_BYTES',
  ackDelaySeconds: 'SUPPLIER_AGENT_EMAIL_ACK_SECONDS',
  'webhook.secret': 'SUPPLIER_AGENT_EMAIL_WEBHOOK_SECRET',
  'webhook.relay': 'SUPPLIER_AGENT_EMAIL_WEBHOOK_RELAY',
  outboxDir: 'SUPPLIER_AGENT_EMAIL_OUTBOX',
  relayUrl: 'SUPPLIER_AGENT_EMAIL_RELAY_URL',
};

function variableOf(setting: string): string {
  return variables[setting] ?? setting;
}

function invalid(variable: string, message: string): AppError {
  return new AppError('invalid_argument', `Invalid ${variable}: ${message}.`);
}

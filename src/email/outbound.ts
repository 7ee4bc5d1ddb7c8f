import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import nodemailer from 'nodemailer';
import type { Clock } from '../clock/clock.ts';
import { domainOf } from './alignment.ts';
import { newMessageId } from './message-ids.ts';

/** What the channel sends: always one recipient, always plain text. */
export interface OutboundMessage {
  to: string;
  subject: string;
  text: string;
  /** The message this answers (threading). */
  inReplyTo?: string | undefined;
  /** The thread's message ids, oldest first, ending with `inReplyTo`. */
  references?: readonly string[];
  /** `reply`, `acknowledgement`, `notice` (a reply that is not a turn's answer) or `bounce`. */
  kind: 'reply' | 'acknowledgement' | 'notice' | 'bounce';
}

/** A message as it left: the exact bytes and where they went. */
export interface SentEmail {
  messageId: string;
  raw: Buffer;
  /** `outbox`, `smtp://host:port`, or both joined by `+`. */
  transport: string;
  /** The `.eml` file in the outbox, when there is one. */
  outboxFile?: string;
  /** False when the relay refused or could not be reached (the outbox copy stays). */
  delivered: boolean;
  error?: string;
}

export interface OutboundOptions {
  from: { name: string; address: string };
  /** Folder of sent messages (one `.eml` each, 0600); `false` for none. */
  outboxDir: string | false;
  /** An SMTP relay URL (`smtp://`, `smtps://`, credentials allowed); none: the outbox only. */
  relayUrl?: string | undefined;
  /** DKIM signing with the key of the From domain. */
  dkim?: { selector: string; privateKey: string } | undefined;
  clock: Clock;
  newId?: () => string;
}

export interface Outbound {
  send(message: OutboundMessage): Promise<SentEmail>;
  close(): void;
}

/**
 * Builds each message once with nodemailer (threading headers, `Auto-Submitted: auto-replied` so
 * auto-responders do not answer it, DKIM when configured), keeps the exact bytes in the outbox and
 * hands the same bytes to the relay, so what the audit records is what left.
 */
export function createOutbound(options: OutboundOptions): Outbound {
  const domain = domainOf(options.from.address);
  const composer = nodemailer.createTransport({
    streamTransport: true,
    buffer: true,
    newline: 'windows',
    ...(options.dkim
      ? {
          dkim: {
            domainName: domain,
            keySelector: options.dkim.selector,
            privateKey: options.dkim.privateKey,
          },
        }
      : {}),
  });
  const relay = options.relayUrl ? nodemailer.createTransport(options.relayUrl) : undefined;
  const relayName = options.relayUrl ? withoutCredentials(options.relayUrl) : undefined;
  const transport = [options.outboxDir === false ? [] : ['outbox'], relayName ? [relayName] : []]
    .flat()
    .join('+');
  if (options.outboxDir !== false) fs.mkdirSync(options.outboxDir, { recursive: true, mode: 0o700 });

  return {
    async send(message) {
      const messageId = newMessageId(domain, options.newId);
      const date = options.clock.now();
      const references = [...(message.references ?? [])];
      const built = await composer.sendMail({
        from: options.from,
        to: message.to,
        subject: message.subject,
        text: message.text,
        messageId,
        date,
        ...(message.inReplyTo ? { inReplyTo: message.inReplyTo } : {}),
        ...(references.length > 0 ? { references: references.join(' ') } : {}),
        headers: { 'Auto-Submitted': 'auto-replied' },
      });
      const raw = built.message as Buffer;
      const sent: SentEmail = { messageId, raw, transport, delivered: true };
      if (options.outboxDir !== false) {
        sent.outboxFile = writeOutbox(options.outboxDir, date, message.kind, messageId, raw);
      }
      if (relay) {
        try {
          await relay.sendMail({ envelope: { from: options.from.address, to: [message.to] }, raw });
        } catch (error) {
          sent.delivered = false;
          sent.error = (error as Error).message;
        }
      }
      return sent;
    },
    close() {
      relay?.close();
      composer.close();
    },
  };
}

/** Writes atomically (a temporary name, then rename), so an operator never reads half a message. */
function writeOutbox(dir: string, date: Date, kind: string, messageId: string, raw: Buffer): string {
  const stamp = date.toISOString().replace(/[-:]/g, '').replace('.', '');
  const id = messageId.replace(/[<>]/g, '').split('@')[0]?.slice(0, 8) ?? randomUUID().slice(0, 8);
  const file = path.join(dir, `${stamp}-${kind}-${id}.eml`);
  const temporary = `${file}.tmp`;
  fs.writeFileSync(temporary, raw, { mode: 0o600 });
  fs.renameSync(temporary, file);
  return file;
}

function withoutCredentials(url: string): string {
  const parsed = new URL(url);
  return `${parsed.protocol}//${parsed.host}`;
}

import { createHash } from 'node:crypto';
import path from 'node:path';
import type { AttachmentSummary } from './attachments.ts';
import type { AuthenticationVerdict, InboundEmail } from './email-types.ts';
import type { SentEmail } from './outbound.ts';
import type { ParsedEmail } from './parse-email.ts';

/** A message's exact bytes for the audit log: text when they are UTF-8, else base64. */
export function rawFields(raw: Buffer): Record<string, unknown> {
  let text: string | undefined;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(raw);
  } catch {
    text = undefined;
  }
  return {
    raw: text ?? raw.toString('base64'),
    rawEncoding: text === undefined ? 'base64' : 'utf8',
    rawBytes: raw.length,
    rawSha256: createHash('sha256').update(raw).digest('hex'),
  };
}

/** What an inbound message did in its session: ran a turn, stopped one, or was answered with a notice. */
export type ReceivedAction = 'turn' | 'queued' | 'stop' | 'notice';

/** The `email-received` payload: the raw message, how it came, who it is from, how it was authenticated. */
export function receivedPayload(
  email: InboundEmail,
  parsed: ParsedEmail,
  verdict: AuthenticationVerdict,
  attachments: readonly AttachmentSummary[],
  action: ReceivedAction,
): Record<string, unknown> {
  return {
    channel: email.channel,
    action,
    messageId: parsed.messageId ?? null,
    from: parsed.fromAddress ?? null,
    fromName: parsed.fromName,
    to: parsed.to,
    subject: parsed.subject,
    inReplyTo: parsed.inReplyTo ?? null,
    references: parsed.references,
    envelope: {
      mailFrom: email.envelope.mailFrom ?? null,
      rcptTo: email.envelope.rcptTo,
      remoteAddress: email.envelope.remoteAddress ?? null,
      helo: email.envelope.helo ?? null,
    },
    authentication: verdict,
    attachments,
    ...rawFields(email.raw),
  };
}

/** The `email-sent` payload: the exact message as it left and where it went. */
export function sentPayload(sent: SentEmail, kind: string, to: string, inReplyTo: string | undefined) {
  return {
    kind,
    messageId: sent.messageId,
    inReplyTo: inReplyTo ?? null,
    to,
    transport: sent.transport,
    delivered: sent.delivered,
    ...(sent.error ? { error: sent.error } : {}),
    ...(sent.outboxFile ? { outboxFile: path.basename(sent.outboxFile) } : {}),
    ...rawFields(sent.raw),
  };
}

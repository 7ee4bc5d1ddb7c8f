import type { AuditLog } from '../audit/event-types.ts';
import { sentPayload } from './audit-payloads.ts';
import { channelTexts, replySubject } from './channel-texts.ts';
import type { EmailSender } from './email-types.ts';
import type { Outbound, OutboundMessage } from './outbound.ts';
import type { ParsedEmail } from './parse-email.ts';
import type { ThreadStore } from './thread-store.ts';

export interface EmailLog {
  info(line: string): void;
  warn(line: string): void;
}

export interface MailRepliesOptions {
  outbound: Outbound;
  audit: Pick<AuditLog, 'append'>;
  threads: ThreadStore;
  log: EmailLog;
}

/** Sends answers in the thread of the message they answer. */
export interface MailReplies {
  /**
   * Answers `inbound` from its sender: `Re:` subject, `In-Reply-To` and `References`. With a
   * session, the sent message joins its thread and is recorded as `email-sent`. Never rejects: a
   * failure is logged (the outbox keeps what was built).
   */
  answer(
    sessionId: string | undefined,
    sender: EmailSender,
    inbound: ParsedEmail,
    kind: OutboundMessage['kind'],
    text: string,
  ): Promise<void>;
  /** A bounce to a return path, outside any session. */
  bounce(to: string, inbound: ParsedEmail | undefined, text: string): Promise<void>;
}

export function createMailReplies(options: MailRepliesOptions): MailReplies {
  const { outbound, audit, threads, log } = options;
  return {
    async answer(sessionId, sender, inbound, kind, text) {
      const references = [...inbound.references, ...(inbound.messageId ? [inbound.messageId] : [])];
      try {
        const sent = await outbound.send({
          to: sender.email,
          subject: replySubject(inbound.subject),
          text: `${text}\n\n-- \n${channelTexts.footer}\n`,
          inReplyTo: inbound.messageId,
          references: [...new Set(references)],
          kind,
        });
        if (!sent.delivered) log.warn(`email: ${kind} ${sent.messageId} was not relayed: ${sent.error}`);
        if (sessionId === undefined) return;
        threads.remember({
          messageId: sent.messageId,
          sessionId,
          tenantId: sender.tenantId,
          userId: sender.userId,
          direction: 'out',
        });
        await audit.append(sessionId, {
          type: 'email-sent',
          payload: sentPayload(sent, kind, sender.email, inbound.messageId),
        });
      } catch (error) {
        log.warn(`email: could not send the ${kind} to ${sender.email}: ${(error as Error).message}`);
      }
    },
    async bounce(to, inbound, text) {
      try {
        const sent = await outbound.send({
          to,
          subject: `Undelivered: ${inbound?.subject || 'your message'}`,
          text: `${text}\n`,
          inReplyTo: inbound?.messageId,
          references: inbound?.messageId ? [inbound.messageId] : [],
          kind: 'bounce',
        });
        if (!sent.delivered) log.warn(`email: bounce ${sent.messageId} was not relayed: ${sent.error}`);
      } catch (error) {
        log.warn(`email: could not send a bounce: ${(error as Error).message}`);
      }
    },
  };
}

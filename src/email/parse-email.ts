import { type Attachment, type ParsedMail, simpleParser } from 'mailparser';
import { AppError } from '../errors/index.ts';
import { htmlToText } from './html-text.ts';
import { messageIdList, normalizeMessageId } from './message-ids.ts';

/** What the channel reads from a message; the raw bytes stay the record. */
export interface ParsedEmail {
  /** `<id@host>` as in the header, or undefined when the message has none. */
  messageId: string | undefined;
  /** The one From address, lower-cased; undefined when there is none or more than one. */
  fromAddress: string | undefined;
  fromName: string;
  to: string[];
  subject: string;
  /** `In-Reply-To` and `References` message ids, nearest first, without duplicates. */
  threadIds: string[];
  inReplyTo: string | undefined;
  references: string[];
  /** The plain text (from the HTML when there is no plain part, quotes as `>` lines). */
  text: string;
  attachments: Attachment[];
  /** `Auto-Submitted` other than `no`, or a `Precedence` of bulk/junk/list: automatic mail. */
  automatic: boolean;
  /** The `Return-Path` header, when present (the webhook's only envelope). */
  returnPath: string | undefined;
}

const parseLimits = { maxHeadSize: 256 * 1024, maxChildNodes: 200 };

/** Parses a raw message with mailparser; a message it cannot read is `invalid_argument`. */
export async function parseEmail(raw: Buffer): Promise<ParsedEmail> {
  let mail: ParsedMail;
  try {
    mail = await simpleParser(raw, { ...parseLimits, skipImageLinks: true, skipTextToHtml: true });
  } catch (error) {
    throw new AppError('invalid_argument', `The message could not be parsed: ${(error as Error).message}`, {
      cause: error,
    });
  }
  const from = mail.from?.value.filter((entry) => entry.address) ?? [];
  const inReplyTo = normalizeMessageId(mail.inReplyTo);
  const references = messageIdList(mail.references);
  const threadIds = [...new Set([...(inReplyTo ? [inReplyTo] : []), ...[...references].reverse()])];
  const headerText = (name: string) => {
    const value = mail.headers.get(name);
    return typeof value === 'string' ? value.trim().toLowerCase() : '';
  };
  const autoSubmitted = headerText('auto-submitted');
  const precedence = headerText('precedence');
  const returnPath = mail.headers.get('return-path');
  const returnPathAddress =
    returnPath && typeof returnPath === 'object' && 'value' in returnPath
      ? (returnPath.value as Array<{ address?: string }>)[0]?.address
      : undefined;
  return {
    messageId: normalizeMessageId(mail.messageId),
    fromAddress: from.length === 1 ? from[0]?.address?.toLowerCase() : undefined,
    fromName: from.length === 1 ? (from[0]?.name ?? '') : '',
    to: (Array.isArray(mail.to) ? mail.to : mail.to ? [mail.to] : []).flatMap((group) =>
      group.value.flatMap((entry) => (entry.address ? [entry.address.toLowerCase()] : [])),
    ),
    subject: (mail.subject ?? '').trim(),
    threadIds,
    inReplyTo,
    references,
    text: mail.text?.trim() ? mail.text : typeof mail.html === 'string' ? htmlToText(mail.html) : '',
    attachments: mail.attachments,
    automatic:
      (autoSubmitted !== '' && autoSubmitted !== 'no') || ['bulk', 'junk', 'list'].includes(precedence),
    returnPath: returnPathAddress?.toLowerCase(),
  };
}

import { formatBytes } from './attachments.ts';

/**
 * What the channel writes to senders. The bounce reads the same whatever the reason (an unknown
 * address or a failed check), so it tells nobody whether an address is a user's.
 */
export const channelTexts = {
  bounce:
    'Your message was not delivered. This address accepts mail only from registered supplier users, sent from their registered address through a mail server that authenticates it (SPF, DKIM, DMARC).',
  malformed: 'Your message was not delivered: it could not be read as an e-mail message.',
  footer:
    'Reply to this e-mail to continue the conversation. Reply STOP to stop a request that is still running.',
  acknowledgement: (subject: string) =>
    `I am working on your request${subject ? ` "${subject}"` : ''}. It is taking a while; I will reply in this thread with the result.`,
  stopped: 'Stopped as you asked. Nothing further was done; what was already done stays done.',
  nothingToStop: 'There was nothing running to stop in this conversation.',
  droppedQueued: (count: number) =>
    `Stopped as you asked: ${count === 1 ? 'the request that was waiting' : `the ${count} requests that were waiting`} will not run.`,
  attachmentsRefused: (refused: ReadonlyArray<{ filename: string; reason: string }>, csvMaxBytes: number) =>
    [
      'I did not act on your message because of its attachments:',
      ...refused.map((entry) => `- ${entry.filename}: ${entry.reason}.`),
      '',
      `I read CSV files for catalog requests (up to ${formatBytes(csvMaxBytes)} in all). Please send your request again without the other attachments.`,
    ].join('\n'),
  empty: 'Your message had no text I could read. Please write your request in the body of the e-mail.',
  busyElsewhere:
    'This conversation is still working on an earlier request. Wait for its answer, or reply STOP to stop it, then send this again.',
  suspended:
    'The agent is not taking requests for your organisation at the moment. Please try again later or contact your administrator.',
  overloaded: 'The agent is very busy right now. Please send your request again in a few minutes.',
  restarting: 'The agent is restarting. Please send your request again in a few minutes.',
} as const;

/** `Re: ` before a subject unless it already has one. */
export function replySubject(subject: string): string {
  if (subject === '') return 'Re: your request';
  return /^re:/i.test(subject) ? subject : `Re: ${subject}`;
}

import type { CsvAttachment } from './attachments.ts';

export interface UserMessageParts {
  subject: string;
  /** The body without quoted history and signature. */
  body: string;
  csv: readonly CsvAttachment[];
  /** A new conversation: the subject is often the request itself ("Fill in the UNSPSC codes"). */
  newThread: boolean;
}

/**
 * The text the model reads for an e-mail: the body, the subject first when it starts a conversation
 * and says something the body does not, and each CSV attachment in a fenced block with its name.
 * Empty when there is nothing to read.
 */
export function composeUserMessage(parts: UserMessageParts): string {
  const subject = parts.subject.replace(/^(re|fwd?|aw|wg):\s*/i, '').trim();
  const sections: string[] = [];
  const bodyHasSubject = subject !== '' && parts.body.toLowerCase().includes(subject.toLowerCase());
  if (parts.newThread && subject !== '' && !bodyHasSubject) sections.push(`Subject: ${subject}`);
  if (parts.body !== '') sections.push(parts.body);
  if (sections.length === 0 && parts.csv.length === 0) return '';
  for (const file of parts.csv) sections.push(csvBlock(file));
  return sections.join('\n\n');
}

function csvBlock(file: CsvAttachment): string {
  const text = file.text.replace(/\r\n?/g, '\n').replace(/\n+$/, '');
  const rows = text === '' ? 0 : text.split('\n').length;
  // A fence longer than any run of backticks inside, so the file cannot close it.
  const longest = Math.max(2, ...[...text.matchAll(/`+/g)].map((match) => match[0].length));
  const fence = '`'.repeat(longest + 1);
  return `Attached CSV file "${file.filename}" (${rows} ${rows === 1 ? 'line' : 'lines'}):\n${fence}csv\n${text}\n${fence}`;
}

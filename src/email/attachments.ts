import type { Attachment } from 'mailparser';

/** A CSV attachment accepted for the model: its name and its text. */
export interface CsvAttachment {
  filename: string;
  text: string;
  bytes: number;
}

/** One attachment as the audit records it, with what the channel did with it. */
export interface AttachmentSummary {
  filename: string;
  contentType: string;
  bytes: number;
  disposition: string;
  /** `csv`: given to the model; `ignored`: an inline image of the body (a signature logo); `refused`. */
  use: 'csv' | 'ignored' | 'refused';
}

export interface AttachmentTriage {
  csv: CsvAttachment[];
  /** Why each refused attachment was refused, in words for the sender. */
  refused: Array<{ filename: string; reason: string }>;
  summaries: AttachmentSummary[];
}

const csvTypes = new Set(['text/csv', 'application/csv', 'text/comma-separated-values']);
/** Types mail clients give a `.csv` file when they do not know better. */
const genericTypes = new Set(['application/octet-stream', 'text/plain', 'application/vnd.ms-excel']);

/**
 * Sorts a message's attachments: CSV files (by type, or by a `.csv` name with a generic type) of
 * valid UTF-8 up to `csvMaxBytes` all together are given to the model; inline images the body
 * refers to (signature logos) are ignored; anything else is refused, each with a reason.
 */
export function triageAttachments(
  attachments: readonly Attachment[],
  limits: { csvMaxBytes: number },
): AttachmentTriage {
  const triage: AttachmentTriage = { csv: [], refused: [], summaries: [] };
  let csvBytes = 0;
  attachments.forEach((attachment, index) => {
    const filename = attachment.filename ?? `attachment-${index + 1}`;
    const contentType = attachment.contentType.toLowerCase();
    const bytes = attachment.size ?? attachment.content.length;
    const disposition = attachment.contentDisposition ?? 'attachment';
    const summary = (use: AttachmentSummary['use']) =>
      triage.summaries.push({ filename, contentType, bytes, disposition, use });
    if (contentType.startsWith('image/') && (attachment.related || disposition === 'inline')) {
      summary('ignored');
      return;
    }
    const isCsv = csvTypes.has(contentType) || (genericTypes.has(contentType) && /\.csv$/i.test(filename));
    if (!isCsv) {
      summary('refused');
      triage.refused.push({
        filename,
        reason: `it is ${contentType}; only CSV files (for catalog requests) are read`,
      });
      return;
    }
    const text = utf8(attachment.content);
    if (text === undefined) {
      summary('refused');
      triage.refused.push({ filename, reason: 'it is not a UTF-8 text file' });
      return;
    }
    if (csvBytes + bytes > limits.csvMaxBytes) {
      summary('refused');
      triage.refused.push({
        filename,
        reason: `CSV attachments may have ${formatBytes(limits.csvMaxBytes)} in all; this one brings it to ${formatBytes(csvBytes + bytes)}`,
      });
      return;
    }
    csvBytes += bytes;
    summary('csv');
    triage.csv.push({ filename, text: text.replace(/^\uFEFF/, ''), bytes });
  });
  return triage;
}

function utf8(content: Buffer): string | undefined {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(content);
  } catch {
    return undefined;
  }
}

export function formatBytes(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${(bytes / (1024 * 1024)).toFixed(1).replace(/\.0$/, '')} MiB`;
  if (bytes >= 1024) return `${(bytes / 1024).toFixed(1).replace(/\.0$/, '')} KiB`;
  return `${bytes} bytes`;
}

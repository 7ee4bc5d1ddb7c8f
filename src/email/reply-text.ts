/**
 * The new text of a message, without the quoted history and the signature mail clients add: what
 * the model should read. Conservative: it cuts at the first line that starts a quote header
 * ("On ... wrote:", Outlook's "From: / Sent:" block, "-----Original Message-----", a separator),
 * at a signature delimiter (`-- `) or a mobile footer, then drops the remaining `>` quoted lines.
 * Forwarded messages are kept: what a supplier forwards is what they ask about.
 */
export function stripQuotedText(text: string): string {
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  const cut = lines.findIndex((_line, index) => startsQuoteOrSignature(lines, index));
  const kept = (cut === -1 ? lines : lines.slice(0, cut)).filter((line) => !/^\s*>/.test(line));
  return kept
    .map((line) => line.trimEnd())
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

/** A reply that says only STOP (any case, trailing punctuation allowed). */
export function isStopCommand(strippedText: string): boolean {
  return /^stop[.!]*$/i.test(strippedText.trim());
}

const wroteLine =
  /^\s*(on|le|am|el|il|op|em)\s.{1,300}(wrote|a écrit|schrieb|escribió|ha scritto|schreef|escreveu)\s*:\s*$/i;
const separatorLines = [
  /^\s*-{2,}\s*original message\s*-{2,}\s*$/i,
  /^\s*_{10,}\s*$/,
  /^\s*(sent from my|get outlook for|envoyé de mon)\s/i,
];

function startsQuoteOrSignature(lines: readonly string[], index: number): boolean {
  const line = lines[index] ?? '';
  if (line === '-- ' || line.trimEnd() === '--') return true;
  if (separatorLines.some((pattern) => pattern.test(line))) return true;
  if (wroteLine.test(line)) return true;
  // "On Mon, 5 Dec 2026, Supplier Agent <agent@example.com>\nwrote:" split over two lines.
  const next = lines[index + 1];
  if (next !== undefined && next.length < 120 && wroteLine.test(`${line} ${next.trim()}`)) return true;
  return isOutlookHeaderBlock(lines, index);
}

/** Outlook's quote header: `From:` followed within a few lines by `Sent:`/`Date:` and `Subject:`/`To:`. */
function isOutlookHeaderBlock(lines: readonly string[], index: number): boolean {
  if (!/^\s*\*?from:\*?\s/i.test(lines[index] ?? '')) return false;
  const following = lines.slice(index + 1, index + 5);
  return (
    following.some((line) => /^\s*\*?(sent|date):\*?\s/i.test(line)) &&
    following.some((line) => /^\s*\*?(to|subject):\*?\s/i.test(line))
  );
}

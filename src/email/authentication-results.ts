/** One `method=result` of an `Authentication-Results` header with its properties (`header.d`, `smtp.mailfrom`). */
export interface ResultEntry {
  method: string;
  result: string;
  properties: Record<string, string>;
  comment?: string;
}

/** An `Authentication-Results` header (RFC 8601): who wrote it and what it found. */
export interface AuthenticationResults {
  authservId: string;
  results: ResultEntry[];
}

const knownMethods = new Set([
  'spf',
  'dkim',
  'dmarc',
  'arc',
  'auth',
  'iprev',
  'bimi',
  'dkim-atps',
  'sender-id',
  'x-original-dkim',
]);

/**
 * Parses one header value. Tolerant of what relays write in practice: comments in parentheses,
 * properties given as their own `;`-separated segments (`client-ip=...; envelope-from=...`, as
 * Amazon SES does), which belong to the method before them. Undefined when there is no authserv-id.
 */
export function parseAuthenticationResults(value: string): AuthenticationResults | undefined {
  const comments: string[] = [];
  const text = value.replace(/\r?\n[ \t]+/g, ' ').replace(/\(([^()]*)\)/g, (_match, inner: string) => {
    comments.push(inner.trim());
    return ` \uE000${comments.length - 1} `;
  });
  const segments = text.split(';').map((segment) => segment.trim());
  const authservId = segments[0]?.split(/\s+/)[0]?.toLowerCase();
  if (!authservId || authservId.includes('=')) return undefined;
  const results: ResultEntry[] = [];
  for (const segment of segments.slice(1)) {
    const tokens = segment.split(/\s+/).filter((token) => token !== '');
    const [head, ...rest] = tokens;
    if (!head) continue;
    const pair = /^([A-Za-z0-9._-]+)=(.*)$/.exec(head);
    const last = results.at(-1);
    const method = pair?.[1]?.toLowerCase();
    if (pair && method && knownMethods.has(method)) {
      const entry: ResultEntry = { method, result: (pair[2] ?? '').toLowerCase(), properties: {} };
      addTokens(entry, rest, comments);
      results.push(entry);
    } else if (last) {
      addTokens(last, tokens, comments);
    }
  }
  return { authservId, results };
}

function addTokens(entry: ResultEntry, tokens: string[], comments: string[]): void {
  for (const token of tokens) {
    const comment = /^\uE000(\d+)$/.exec(token);
    if (comment) {
      const text = comments[Number(comment[1])] ?? '';
      entry.comment = entry.comment ? `${entry.comment} ${text}` : text;
      continue;
    }
    const pair = /^([A-Za-z0-9._-]+)=(.+)$/.exec(token);
    if (pair?.[1] && pair[2]) entry.properties[pair[1].toLowerCase()] = pair[2].replace(/^"|"$/g, '');
  }
}

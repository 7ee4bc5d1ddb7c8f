import { createHash } from 'node:crypto';

/** Headers whose values are credentials: never stored, replaced by a credential id. */
export const credentialHeaderNames: readonly string[] = [
  'authorization',
  'proxy-authorization',
  'cookie',
  'set-cookie',
  'x-api-key',
];

/** Headers as Node (`IncomingHttpHeaders`, `OutgoingHttpHeaders`) or fetch (`Headers`) hold them. */
export type HeaderInput = Headers | Readonly<Record<string, string | string[] | number | undefined>>;

/** Headers as recorded: every value a string or a list of strings, nothing undefined. */
export type RecordedHeaders = Record<string, string | string[]>;

/**
 * `credential:NAME:HASH`: names the credential and carries the first 8 hex digits of the value's
 * sha256, so two events using the same credential can be correlated without storing it. Thirty-two
 * bits of a digest cannot give back a token; they would only weakly confirm a guessed low-entropy
 * password, which is why the prefix is kept short.
 */
export function credentialId(name: string, value: string): string {
  return `credential:${name}:${createHash('sha256').update(value, 'utf8').digest('hex').slice(0, 8)}`;
}

/**
 * A copy of `headers` fit for the audit log: the value of each credential header (any letter case)
 * becomes a credential id (for `Authorization`, the id of the credentials after the scheme), everything
 * else is kept as it is, names included, for full fidelity.
 * `credentialIds` names the credential a header carries, keyed by lower-case header name (for
 * example `{ authorization: 'csp-token' }` where the broker injected the tenant's token); a header
 * without an entry is named after itself (`credential:cookie:...`).
 */
export function redactHeaders(
  headers: HeaderInput,
  credentialIds: Readonly<Record<string, string>> = {},
): RecordedHeaders {
  const recorded: RecordedHeaders = {};
  for (const [name, value] of headerEntries(headers)) {
    const lower = name.toLowerCase();
    if (!credentialHeaderNames.includes(lower)) {
      recorded[name] = value;
      continue;
    }
    const label = credentialIds[lower] ?? lower;
    const redact = (item: string) => credentialId(label, credentialOf(lower, item));
    recorded[name] = Array.isArray(value) ? value.map(redact) : redact(value);
  }
  return recorded;
}

/**
 * The secret inside a header value. For `Authorization: Bearer TOKEN` it is TOKEN, so the id matches
 * `credentialId('csp-token', TOKEN)` computed where the token was issued.
 */
function credentialOf(headerName: string, value: string): string {
  if (!headerName.endsWith('authorization')) return value;
  const match = /^[A-Za-z][\w!#$%&'*+.^`|~-]*\s+(\S.*)$/.exec(value);
  return match?.[1] ?? value;
}

function headerEntries(headers: HeaderInput): [string, string | string[]][] {
  if (headers instanceof Headers) {
    const entries: [string, string | string[]][] = [];
    for (const [name, value] of headers) if (name !== 'set-cookie') entries.push([name, value]);
    const cookies = headers.getSetCookie();
    if (cookies.length > 0) entries.push(['set-cookie', cookies]);
    return entries;
  }
  const entries: [string, string | string[]][] = [];
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined) continue;
    entries.push([name, Array.isArray(value) ? value.map(String) : String(value)]);
  }
  return entries;
}

import type { IncomingHttpHeaders } from 'node:http';

/**
 * Headers the cell may not send upstream because they could carry identity, credentials, a client
 * address, a method override or a rewritten path. Matching is on the lower-case name.
 */
const droppedNames = new Set([
  'authorization',
  'proxy-authorization',
  'cookie',
  'host',
  'forwarded',
  'via',
  'x-real-ip',
  'x-client-ip',
  'true-client-ip',
  'x-http-method-override',
  'x-method-override',
  'x-http-method',
  'x-original-url',
  'x-rewrite-url',
  'x-api-key',
  'x-auth-token',
  'x-access-token',
]);

const droppedPrefixes = ['x-forwarded-', 'x-tenant', 'x-supplier', 'x-user'];

/** Hop-by-hop headers (RFC 9110 section 7.6.1) describe the cell's connection, not the request. */
const hopByHopNames = new Set([
  'connection',
  'keep-alive',
  'proxy-connection',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
]);

export interface FilteredHeaders {
  /** The headers that survive, as the cell sent them. */
  kept: Record<string, string | string[]>;
  /** Names of the headers removed, sorted. */
  dropped: string[];
}

/** Splits the cell's headers into the ones the broker may look at further and the ones it drops. */
export function filterCellHeaders(headers: IncomingHttpHeaders): FilteredHeaders {
  const connectionListed = listedInConnection(headers.connection);
  const kept: Record<string, string | string[]> = {};
  const dropped: string[] = [];
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined) continue;
    const lower = name.toLowerCase();
    const drop =
      droppedNames.has(lower) ||
      hopByHopNames.has(lower) ||
      connectionListed.has(lower) ||
      droppedPrefixes.some((prefix) => lower.startsWith(prefix));
    if (drop) dropped.push(lower);
    else kept[lower] = value;
  }
  return { kept, dropped: dropped.sort() };
}

function listedInConnection(value: string | undefined): Set<string> {
  if (value === undefined) return new Set();
  return new Set(
    value
      .split(',')
      .map((token) => token.trim().toLowerCase())
      .filter(Boolean),
  );
}

/** The only cell headers forwarded upstream; everything else stays at the broker. */
export const forwardedHeaderNames = ['content-type', 'accept', 'idempotency-key'] as const;

/** The API response headers handed back to the cell. */
export const returnedHeaderNames = ['content-type', 'retry-after', 'idempotent-replayed'] as const;

/** The first value of a header that may be repeated. */
export function headerValue(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

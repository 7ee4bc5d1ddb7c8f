import type { TargetRule } from './target-rules.ts';

export type SegmentsResult =
  | {
      ok: true;
      /** Decoded segments (what templates match against). */
      segments: string[];
      /** `/` + each segment re-encoded with `encodeURIComponent`: the one spelling that is forwarded. */
      path: string;
    }
  | { ok: false; rule: TargetRule };

/**
 * Decodes a segment exactly once. A segment that would mean something else after a second decode,
 * or that hides a separator, a dot or a control character behind an escape, is refused.
 */
function decodeSegment(segment: string): { ok: true; value: string } | { ok: false; rule: TargetRule } {
  if (segment === '.' || segment === '..') return { ok: false, rule: 'dot-segment' };
  if (!segment.includes('%')) return { ok: true, value: segment };
  if (/%2e/i.test(segment)) return { ok: false, rule: 'encoded-dot' };
  let value: string;
  try {
    value = decodeURIComponent(segment);
  } catch {
    return { ok: false, rule: 'bad-percent-encoding' };
  }
  for (let index = 0; index < value.length; index += 1) {
    const code = value.charCodeAt(index);
    if (code === 0x2f || code === 0x5c) return { ok: false, rule: 'encoded-separator' };
    if (code === 0x25) return { ok: false, rule: 'double-encoding' };
    if (code < 0x20 || code >= 0x7f) return { ok: false, rule: 'encoded-control-or-non-ascii' };
  }
  return { ok: true, value };
}

/**
 * Splits an origin-form path (already free of `?`, `#`, `;` and raw `\`) into canonical segments.
 * Empty segments (`//`) are refused rather than collapsed, so the forwarded path is always the one
 * that was checked; one trailing `/` is dropped, since the API serves no path that ends in `/`.
 */
export function canonicalSegments(rawPath: string): SegmentsResult {
  const trimmed = rawPath.length > 1 && rawPath.endsWith('/') ? rawPath.slice(0, -1) : rawPath;
  if (trimmed === '/') return { ok: true, segments: [], path: '/' };
  const parts = trimmed.split('/');
  const segments: string[] = [];
  let path = '';
  for (let index = 1; index < parts.length; index += 1) {
    const part = parts[index] as string;
    if (part === '') return { ok: false, rule: 'empty-segment' };
    const decoded = decodeSegment(part);
    if (!decoded.ok) return decoded;
    segments.push(decoded.value);
    path += `/${encodeURIComponent(decoded.value)}`;
  }
  return { ok: true, segments, path };
}

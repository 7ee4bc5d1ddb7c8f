import type { HttpMethod } from '../csp-api/http/route-kit.ts';
import { scanTargetCharacters } from './target-characters.ts';
import { maxTargetLength, methodOverrideNames, type TargetRule } from './target-rules.ts';
import { canonicalSegments } from './target-segments.ts';

/** A request as the egress proxy receives it from the cell. */
export interface EgressRequest {
  method: string;
  url: string;
  headers: Record<string, string | string[] | undefined>;
}

export type TargetNormalization =
  | {
      ok: true;
      method: HttpMethod;
      /** Canonical path to match and forward. */
      path: string;
      /** Decoded path segments, for matching against templates. */
      segments: readonly string[];
      /** The raw query string without `?` (forwarded as received); empty when there is none. */
      query: string;
    }
  | {
      ok: false;
      reason: 'malformed-target' | 'method-not-allowed';
      rule: TargetRule;
      message: string;
    };

const allowedMethods: ReadonlySet<string> = new Set<HttpMethod>(['GET', 'POST', 'PUT']);

const messages: Record<TargetRule, string> = {
  method: 'Only GET, POST and PUT are allowed.',
  'method-override': 'Method overrides (X-HTTP-Method-Override, _method) are refused.',
  'too-long': `The request target is longer than ${maxTargetLength} characters.`,
  'absolute-form': 'The request target must be a path, not an absolute URL.',
  'authority-form': 'The request target must be a path, not host:port.',
  'not-origin-form': 'The request target must start with /.',
  'control-or-non-ascii': 'The request target contains a control character or non-ASCII text.',
  fragment: 'The request target contains a #fragment.',
  backslash: 'The request target contains a backslash.',
  'disallowed-character': 'The request target contains a character that must be percent-encoded.',
  'bad-percent-encoding': 'The request target contains a malformed percent-escape.',
  'path-parameter': 'The path contains a ; parameter.',
  'empty-segment': 'The path contains an empty segment (//).',
  'dot-segment': 'The path contains a . or .. segment.',
  'encoded-separator': 'A path segment contains an encoded / or \\.',
  'encoded-dot': 'A path segment contains an encoded dot.',
  'double-encoding': 'A path segment is percent-encoded twice.',
  'encoded-control-or-non-ascii': 'A path segment decodes to a control character or non-ASCII text.',
};

function reject(rule: TargetRule): TargetNormalization {
  const reason = rule === 'method' || rule === 'method-override' ? 'method-not-allowed' : 'malformed-target';
  return { ok: false, reason, rule, message: messages[rule] };
}

/** Why a target that does not start with `/` is not origin-form. */
function formRule(url: string): TargetRule {
  if (/^[A-Za-z][A-Za-z0-9+.-]*:\/\//.test(url)) return 'absolute-form';
  if (/^(\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9.-]+):\d*$/.test(url)) return 'authority-form';
  return 'not-origin-form';
}

function hasOverrideHeader(headers: EgressRequest['headers']): boolean {
  for (const name of Object.keys(headers)) {
    if (headers[name] !== undefined && methodOverrideNames.has(name.toLowerCase())) return true;
  }
  return false;
}

/** The query is forwarded as received; it is parsed only to find override parameters. */
function hasOverrideParameter(query: string): boolean {
  if (query === '') return false;
  for (const name of new URLSearchParams(query).keys()) {
    if (methodOverrideNames.has(name.toLowerCase())) return true;
  }
  return false;
}

/**
 * Turns a cell's request into the one canonical `{ method, path, query }` that is checked and
 * forwarded, or says which rule it breaks. Nothing ambiguous is repaired: see `target-rules.ts`.
 */
export function normalizeTarget(request: EgressRequest): TargetNormalization {
  if (!allowedMethods.has(request.method)) return reject('method');
  if (hasOverrideHeader(request.headers)) return reject('method-override');
  const { url } = request;
  if (url.length > maxTargetLength) return reject('too-long');
  if (url.charCodeAt(0) !== 0x2f) return reject(formRule(url));
  const characterRule = scanTargetCharacters(url);
  if (characterRule !== undefined) return reject(characterRule);
  const queryStart = url.indexOf('?');
  const rawPath = queryStart === -1 ? url : url.slice(0, queryStart);
  const query = queryStart === -1 ? '' : url.slice(queryStart + 1);
  if (rawPath.includes(';')) return reject('path-parameter');
  const canonical = canonicalSegments(rawPath);
  if (!canonical.ok) return reject(canonical.rule);
  if (hasOverrideParameter(query)) return reject('method-override');
  return {
    ok: true,
    method: request.method as HttpMethod,
    path: canonical.path,
    segments: canonical.segments,
    query,
  };
}

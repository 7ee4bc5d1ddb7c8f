/**
 * The rules a request target must pass before it is matched against API operations. Each rule names
 * one way a target can be ambiguous; an ambiguous target is denied, never repaired, because the proxy
 * and the API server could read it differently (the classic path-confusion bypass).
 */
export const targetRules = [
  /** The method is not GET, POST or PUT. */
  'method',
  /** An `X-HTTP-Method-Override`-style header or a `_method` query parameter. */
  'method-override',
  /** Longer than `maxTargetLength`. */
  'too-long',
  /** Not origin-form (`/path?query`): `http://host/...`. */
  'absolute-form',
  /** Not origin-form: `host:443` (CONNECT-style). */
  'authority-form',
  /** Not origin-form in any other way: empty, `*`, a relative path. */
  'not-origin-form',
  /** A raw control character or a byte outside ASCII. */
  'control-or-non-ascii',
  /** A `#fragment`: clients never send one, so it is a smuggling attempt. */
  'fragment',
  /** A raw `\` (some servers treat it as `/`). */
  'backslash',
  /** A raw character that must be percent-encoded: space, `"`, `<`, `>`, `[`, `]`, `^`, backtick, `{`, `|`, `}`. */
  'disallowed-character',
  /** `%` not followed by two hex digits, or an escape that is not UTF-8. */
  'bad-percent-encoding',
  /** A `;` in the path (`/api/invoices;jsessionid=x`): matrix parameters some servers strip. */
  'path-parameter',
  /** `//` in the path (a single trailing `/` is dropped instead). */
  'empty-segment',
  /** A `.` or `..` segment: traversal is an attack signal, so it is not resolved. */
  'dot-segment',
  /** `%2F` or `%5C` in a segment: a separator hidden from the proxy. */
  'encoded-separator',
  /** `%2E` in a segment: an encoded dot only serves to hide `..`. */
  'encoded-dot',
  /** `%25` in a segment: a second round of decoding would change the path. */
  'double-encoding',
  /** A segment that decodes to a control character (`%00`) or to non-ASCII text. */
  'encoded-control-or-non-ascii',
] as const;

export type TargetRule = (typeof targetRules)[number];

/** Targets longer than this (in characters) are denied: no API operation needs more. */
export const maxTargetLength = 4096;

/** Query parameter names and header names that ask a server to treat a request as another method. */
export const methodOverrideNames: ReadonlySet<string> = new Set([
  '_method',
  'x-http-method-override',
  'x-http-method',
  'x-method-override',
]);

import type { TargetRule } from './target-rules.ts';

/**
 * What each ASCII code means in a raw request target: `undefined` for a character allowed in an
 * origin-form target (RFC 3986 `pchar`, `/`, `?`), or the rule it breaks. Built once: the scan runs
 * on every egress request.
 */
const asciiRules: ReadonlyArray<TargetRule | undefined> = (() => {
  const table: Array<TargetRule | undefined> = [];
  for (let code = 0; code < 128; code += 1) {
    table.push(code < 0x20 || code === 0x7f ? 'control-or-non-ascii' : 'disallowed-character');
  }
  const allowed = `ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~!$&'()*+,;=:@/?%`;
  for (const character of allowed) table[character.charCodeAt(0)] = undefined;
  table['#'.charCodeAt(0)] = 'fragment';
  table['\\'.charCodeAt(0)] = 'backslash';
  return table;
})();

function isHexDigit(code: number): boolean {
  return (code >= 0x30 && code <= 0x39) || (code >= 0x41 && code <= 0x46) || (code >= 0x61 && code <= 0x66);
}

/** The first rule a raw target breaks by its characters alone (including malformed `%` escapes). */
export function scanTargetCharacters(target: string): TargetRule | undefined {
  for (let index = 0; index < target.length; index += 1) {
    const code = target.charCodeAt(index);
    if (code >= 128) return 'control-or-non-ascii';
    const rule = asciiRules[code];
    if (rule !== undefined) return rule;
    if (
      code === 0x25 &&
      !(isHexDigit(target.charCodeAt(index + 1)) && isHexDigit(target.charCodeAt(index + 2)))
    ) {
      return 'bad-percent-encoding';
    }
  }
  return undefined;
}

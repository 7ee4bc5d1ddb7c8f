const quoteStart = '\uE001';
const quoteEnd = '\uE002';

const entities: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ' };

/**
 * The text of an HTML body, for messages that have no plain-text part (mailparser converts only an
 * HTML root): block elements become line breaks, list items dashes, and what sits in a
 * `<blockquote>` becomes `>` quoted lines, so the quote stripping treats it as history.
 */
export function htmlToText(html: string): string {
  const marked = html
    .replace(/<!--[\s\S]*?-->/g, '')
    .replace(/<(head|style|script|title)\b[\s\S]*?<\/\1\s*>/gi, '')
    .replace(/<blockquote\b[^>]*>/gi, `\n${quoteStart}`)
    .replace(/<\/blockquote\s*>/gi, `${quoteEnd}\n`)
    .replace(/<br\b[^>]*>/gi, '\n')
    .replace(/<li\b[^>]*>/gi, '\n- ')
    .replace(/<\/(p|div|tr|ul|ol|table|h[1-6]|pre|section|article)\s*>/gi, '\n')
    .replace(/<(p|div|tr|table|h[1-6]|pre|hr)\b[^>]*>/gi, '\n')
    .replace(/<[^>]*>/g, '');
  const text = decodeEntities(marked);
  let depth = 0;
  const lines: string[] = [];
  for (const line of text.split(/\r?\n/)) {
    let content = '';
    let lineDepth = depth;
    for (const character of line) {
      if (character === quoteStart) {
        depth += 1;
        lineDepth = Math.max(lineDepth, depth);
      } else if (character === quoteEnd) {
        depth = Math.max(0, depth - 1);
      } else {
        content += character;
      }
    }
    const collapsed = content.replace(/[ \t\u00a0]+/g, ' ').trim();
    lines.push(lineDepth > 0 && collapsed !== '' ? `${'> '.repeat(lineDepth)}${collapsed}` : collapsed);
  }
  return lines
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (match, name: string) => {
    if (name.startsWith('#x') || name.startsWith('#X'))
      return codePoint(Number.parseInt(name.slice(2), 16), match);
    if (name.startsWith('#')) return codePoint(Number.parseInt(name.slice(1), 10), match);
    return entities[name.toLowerCase()] ?? match;
  });
}

function codePoint(value: number, fallback: string): string {
  return Number.isInteger(value) && value > 0 && value <= 0x10ffff ? String.fromCodePoint(value) : fallback;
}

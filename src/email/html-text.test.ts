import { describe, expect, it } from 'vitest';
import { htmlToText } from './html-text.ts';
import { stripQuotedText } from './reply-text.ts';

describe('htmlToText', () => {
  it('turns blocks into lines, list items into dashes and decodes entities', () => {
    const html =
      '<html><head><style>p{color:red}</style></head><body><p>Two items &amp; a question:</p><ul><li>NWC-A</li><li>NWC-B&nbsp;&#8211; new</li></ul><div>Thanks<br>Li</div></body></html>';
    expect(htmlToText(html)).toBe('Two items & a question:\n\n- NWC-A\n- NWC-B \u2013 new\n\nThanks\nLi');
  });

  it('marks blockquotes as quoted lines, so quote stripping drops the history', () => {
    const html =
      '<div>Yes, use 14 days.</div><div class="gmail_quote"><div class="gmail_attr">On Mon, 7 Dec 2026, Supplier Agent &lt;agent@example.com&gt; wrote:</div><blockquote><div>Which lead time?</div><blockquote>older</blockquote></blockquote></div>';
    const text = htmlToText(html);
    expect(text).toContain('> Which lead time?');
    expect(text).toContain('> > older');
    expect(stripQuotedText(text)).toBe('Yes, use 14 days.');
  });

  it('keeps text outside tags and leaves unknown entities alone', () => {
    expect(htmlToText('plain &unknown; text &#x1F600;')).toBe('plain &unknown; text \u{1F600}');
  });
});

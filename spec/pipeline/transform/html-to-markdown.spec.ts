import { expect } from 'chai';
import { htmlToMarkdown } from '../../../pipeline/transform/html-to-markdown.ts';

describe('htmlToMarkdown', () => {
  it('converts headings, paragraphs, emphasis, lists (nested) and links', () => {
    const html = '<h2>Reset</h2><p>Open <strong>Settings</strong> and <em>Account</em>, then <a href="https://x.test/a?b=1&amp;c=2">the docs</a>.</p>' +
      '<ol><li>First</li><li>Second<ul><li>inner &amp; more</li></ul></li></ol><p>a<br>b <s>old</s></p>';
    expect(htmlToMarkdown(html)).to.equal([
      '## Reset',
      'Open **Settings** and *Account*, then [the docs](https://x.test/a?b=1&c=2).',
      '1. First\n2. Second\n   - inner & more',
      'a\\\nb ~~old~~',
    ].join('\n\n'));
  });

  it('passes every image and link through the hooks, and drops scripts, styles and handlers with their content', () => {
    const seen: string[] = [];
    const html = '<p onclick="x()">Hi<script>alert(1)</script><style>p{}</style></p><p><img src="/t5/image/serverpage/image-id/1i2/x" alt="a shot"></p><a href="/t5/b/s/ta-p/7">next</a>';
    const md = htmlToMarkdown(html, { image: (src) => (seen.push(src), 'images/1i2.png'), link: (href) => (seen.push(href), '1007.md') });
    expect(md).to.equal('Hi\n\n![a shot](images/1i2.png)\n\n[next](1007.md)');
    expect(seen).to.deep.equal(['/t5/image/serverpage/image-id/1i2/x', '/t5/b/s/ta-p/7']);
  });

  it('escapes text Markdown would read as markup, and keeps code and pre verbatim', () => {
    expect(htmlToMarkdown('<p>1. not a list *or* _this_ [x]</p><p># nor a heading</p>')).to.equal('1\\. not a list \\*or\\* \\_this\\_ \\[x\\]\n\n\\# nor a heading');
    expect(htmlToMarkdown('<p>Run <code>a*b</code> and <code>x`y</code></p><pre><code>if (a &lt; b) {\n  go();\n}</code></pre>'))
      .to.equal('Run `a*b` and `` x`y ``\n\n```\nif (a < b) {\n  go();\n}\n```');
  });

  it('writes tables, quotes and rules; answers empty for empty or non-string input', () => {
    expect(htmlToMarkdown('<table><tr><th>Plan</th><th>Price</th></tr><tr><td>A | B</td><td>1</td></tr></table><blockquote><p>q1</p><p>q2</p></blockquote><hr>'))
      .to.equal('| Plan | Price |\n| --- | --- |\n| A \\| B | 1 |\n\n> q1\n>\n> q2\n\n---');
    expect(htmlToMarkdown('')).to.equal('');
    expect(htmlToMarkdown(null as unknown as string)).to.equal('');
  });
});

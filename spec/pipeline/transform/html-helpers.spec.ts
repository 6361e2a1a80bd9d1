import { expect } from 'chai';
import { attributeNameProblem } from '../../../pipeline/transform/attribute-name-problem.ts';
import { cleanText } from '../../../pipeline/transform/clean-text.ts';
import { containsHtml } from '../../../pipeline/transform/contains-html.ts';
import { htmlToText } from '../../../pipeline/transform/html-to-text.ts';
import { khorosUrl } from '../../../pipeline/transform/khoros-urls.ts';
import { sanitizeIntercomHtml } from '../../../pipeline/transform/sanitize-intercom-html.ts';
import { textToHtml } from '../../../pipeline/transform/text-to-html.ts';

describe('htmlToText and containsHtml', () => {
  it('keeps text, lines and link addresses, and drops scripts', () => {
    expect(htmlToText('<p>See <a href="https://x.test/a?b=1&amp;c=2">the docs</a></p><script>x()</script><ul><li>a</li><li>b &amp; c</li></ul>'))
      .to.equal('See the docs (https://x.test/a?b=1&c=2)\na\nb & c');
    expect(htmlToText('1 < 2')).to.equal('1 < 2');
  });

  it('tells markup from comparisons', () => {
    expect(containsHtml('<p>x</p>')).to.equal(true);
    expect(containsHtml('a <br> b')).to.equal(true);
    expect(containsHtml('1 < 2 > 0')).to.equal(false);
    expect(containsHtml('I <3 it')).to.equal(false);
  });
});

describe('cleanText and textToHtml', () => {
  it('replaces lone surrogates, drops control characters, keeps pairs and newlines', () => {
    expect(cleanText('a\uD800b\uDC00c\u0000d\n😀')).to.equal('a\uFFFDb\uFFFDcd\n😀');
  });

  it('escapes text into paragraphs', () => {
    expect(textToHtml('a < b\nc\n\nBye')).to.equal('<p>a &lt; b<br>c</p><p>Bye</p>');
  });
});

describe('sanitizeIntercomHtml', () => {
  it('removes active content and keeps the text in message bodies', () => {
    expect(sanitizeIntercomHtml('<p onclick="x()">Hi<script>alert(1)</script></p><svg onload="y()"><text>t</text></svg><iframe src="https://player.vimeo.com/video/1"></iframe>', 'message'))
      .to.equal('<p>Hi</p>');
  });

  it('keeps video embeds from known hosts in articles only', () => {
    expect(sanitizeIntercomHtml('<iframe src="https://player.vimeo.com/video/1"></iframe><iframe src="https://evil.example/x"></iframe>', 'article'))
      .to.equal('<iframe src="https://player.vimeo.com/video/1"></iframe>');
  });
});

describe('khorosUrl', () => {
  it('recognises Community images and article links, relative or on the Community host', () => {
    expect(khorosUrl('/t5/image/serverpage/image-id/100i6803C3B1D1496749/image-size/large?v=v2&px=999', null)).to.deep.equal({ kind: 'image', id: '100i6803C3B1D1496749' });
    expect(khorosUrl('https://community.example/t5/Billing/Refunds/ta-p/1003#x', 'community.example')).to.deep.equal({ kind: 'article', id: '1003', fragment: '#x' });
    expect(khorosUrl('https://other.example/t5/Billing/Refunds/ta-p/1003', 'community.example')).to.equal(null);
    expect(khorosUrl('https://example.org/page', null)).to.equal(null);
  });
});

describe('attributeNameProblem', () => {
  it('follows Intercom\'s rule: letters, digits, spaces, _ and -, currency symbols but $', () => {
    expect(attributeNameProblem('khoros_loyalty_number')).to.equal(null);
    expect(attributeNameProblem('Mithril Shirt')).to.equal(null);
    expect(attributeNameProblem('prix €')).to.equal(null);
    expect(attributeNameProblem('order.number')).to.match(/may only hold/);
    expect(attributeNameProblem('cost$')).to.match(/may only hold/);
    expect(attributeNameProblem('__proto__')).to.equal('"__proto__" is reserved');
    expect(attributeNameProblem(' ')).to.equal('is blank');
    expect(attributeNameProblem('x'.repeat(191))).to.match(/longer than 190/);
  });
});

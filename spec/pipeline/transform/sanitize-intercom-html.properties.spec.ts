/**
 * Property tests: whatever HTML a Khoros record holds (classic XSS vectors, obfuscated
 * `javascript:` URLs, nested and malformed tags, random text), the bodies we send Intercom
 * hold no script-carrying tag, event handler, `style` attribute or dangerous URL, as a
 * parser reads them: article bodies, agent replies and notes, and the contact bodies sent
 * as text (which must stay inert if read as HTML).
 */
import { expect } from 'chai';
import fc from 'fast-check';
import { sanitizeIntercomHtml } from '../../../pipeline/transform/sanitize-intercom-html.ts';
import { transformArticle } from '../../../pipeline/transform/transform-article.ts';
import { transformCase } from '../../../pipeline/transform/transform-case.ts';
import { transformConversation } from '../../../pipeline/transform/transform-conversation.ts';
import type { TransformedConversation } from '../../../pipeline/transform/build-conversation.ts';
import type { TransformedArticle } from '../../../pipeline/transform/transform-article.ts';
import { generateDataset } from '../../../simulators/dataset/generate-dataset.ts';
import { activeHtml } from '../../support/active-html.ts';
import { fixtureMapping } from './fixture-mapping.ts';
import { agentInteraction, careConversation, fixtureLookups, interaction, kase, kbArticle, message } from './fixtures.ts';

const VECTORS = [
  '<script>alert(1)</script>', '<SCRIPT SRC=//evil.example/x.js></SCRIPT>', '<img src=x onerror="alert(1)">', '<svg onload="alert(1)"><circle/></svg>',
  '<svg><script>alert(1)</script></svg>', '<iframe src="https://evil.example"></iframe>', '<iframe srcdoc="<script>alert(1)</script>"></iframe>',
  '<iframe src="javascript:alert(1)"></iframe>', '<iframe src="https://www.youtube.com/embed/x" onload="alert(1)"></iframe>', '<style>body{background:url(javascript:alert(1))}</style>',
  '<a href="javascript:alert(1)">x</a>', '<a href="JaVaScRiPt:alert(1)">x</a>', '<a href="javascript&colon;alert(1)">x</a>', '<a href="jav&#x09;ascript:alert(1)">x</a>',
  '<a href="&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;alert(1)">x</a>', '<a href=" &#14; javascript:alert(1)">x</a>', '<a href="vbscript:msgbox(1)">x</a>',
  '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">x</a>', '<img src="data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+">', '<img src="javascript:alert(1)">',
  '<p style="background:url(javascript:alert(1))">x</p>', '<div onclick="alert(1)" onmouseover=alert(1)>x</div>', '<body onload=alert(1)>', '<object data="x.swf"></object>',
  '<embed src="x.swf">', '<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>', '<noscript><p title="</noscript><img src=x onerror=alert(1)>">',
  '<scr<script>ipt>alert(1)</script>', '<<script>script>alert(1)<</script>/script>', '<img """><script>alert(1)</script>">', '<form action="javascript:alert(1)"><button>x</button></form>',
  '<base href="javascript:alert(1)//">', '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">', '<link rel=stylesheet href="javascript:alert(1)">',
  '<a href="https://ok.example" target="_blank">ok</a>', '<img src="/t5/image/serverpage/image-id/101iCFCF597CACF90411/x">', '<p>Hello <b>world</b></p>', '<!-- <script>alert(1)</script> -->',
  '&lt;script&gt;alert(1)&lt;/script&gt;', '&lt;img src=x onerror=alert(1)&gt;', '<p>&lt;a href="javascript:alert(1)"&gt;x&lt;/a&gt;</p>', '<![CDATA[<script>alert(1)</script>]]>',
  '<textarea><script>alert(1)</script></textarea>', '<template><script>alert(1)</script></template>', '<a href="javas\u0000cript:alert(1)">x</a>', '<img src=`javascript:alert(1)`>',
];
const TAGS = ['p', 'a', 'img', 'div', 'span', 'script', 'svg', 'iframe', 'style', 'b', 'table', 'td', 'math', 'object', 'form', 'input', 'details', 'video', 'audio', 'source'];
const ATTRIBUTES = ['href', 'src', 'onerror', 'onload', 'onclick', 'style', 'class', 'title', 'srcset', 'action', 'formaction', 'xlink:href', 'data', 'background'];
const VALUES = ['javascript:alert(1)', 'java\tscript:alert(1)', 'JAVASCRIPT:alert(1)', 'javascript&colon;alert(1)', '&#x6A;avascript:alert(1)', 'data:text/html,<script>alert(1)</script>',
  'https://ok.example/a.png', '/relative', 'alert(1)', 'x" onerror="alert(1)', "x' onload='alert(1)", 'mailto:a@b.example', 'vbscript:x', '#top'];

/** A tag with random attributes, quoted, unquoted or left open. */
const randomTag = fc.tuple(fc.constantFrom(...TAGS), fc.array(fc.tuple(fc.constantFrom(...ATTRIBUTES), fc.constantFrom(...VALUES), fc.constantFrom('"', "'", '')), { maxLength: 3 }),
  fc.constantFrom('>', ' />', '', '>x</TAG>'))
  .map(([tag, attrs, end]) => `<${tag}${attrs.map(([name, value, quote]) => ` ${name}=${quote}${value}${quote}`).join('')}${end.replace('TAG', tag)}`);
const textPiece = fc.oneof(fc.string({ maxLength: 8 }), fc.constantFrom('<', '>', '"', "'", '&', '</', '<!--', '-->', '\u0000', '\uD800', '😀', '\n\n'));
/** HTML made of vectors, random tags and text, nested and unclosed at random. */
const hostileHtml = fc.array(fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...VECTORS) }, { weight: 3, arbitrary: randomTag }, { weight: 2, arbitrary: textPiece }), { minLength: 1, maxLength: 8 })
  .map((parts) => parts.join(''));

const lookups = fixtureLookups();
const mapping = fixtureMapping();
const runs = { numRuns: 120, seed: 8_2026 };

function articleBodies(result: TransformedArticle): string[] {
  const article = result.article as Record<string, any> | null;
  return [article?.body, ...Object.values(article?.translated_content ?? {}).map((c: any) => c?.body), result.internalArticle?.body].filter((b): b is string => typeof b === 'string');
}

function conversationBodies(result: TransformedConversation): string[] {
  return [result.conversation?.body, ...result.parts.map((p) => (p.payload as { body?: unknown }).body)].filter((b): b is string => typeof b === 'string');
}

describe('HTML sent to Intercom on hostile input (fast-check)', function () {
  this.timeout(60_000);

  it('sanitizeIntercomHtml leaves no script, handler, style or dangerous URL, for articles and messages', () => {
    fc.assert(fc.property(hostileHtml, fc.constantFrom('article', 'message') as fc.Arbitrary<'article' | 'message'>, (html, kind) => {
      expect(activeHtml(sanitizeIntercomHtml(html, kind)), html).to.deep.equal([]);
    }), runs);
  });

  it('every vector alone is neutralised, and the parser check does see it in the source (so it can fail)', () => {
    for (const vector of VECTORS) for (const kind of ['article', 'message'] as const) expect(activeHtml(sanitizeIntercomHtml(vector, kind)), vector).to.deep.equal([]);
    expect(VECTORS.filter((v) => activeHtml(v).length > 0).length).to.be.above(20);
  });

  it('article bodies (public and internal, any locale) hold no active content', () => {
    let bodies = 0;
    fc.assert(fc.property(hostileHtml, fc.constantFrom('public', 'agent-only'), fc.constantFrom('en', 'de'), (body, visibility, language) => {
      for (const html of articleBodies(transformArticle(kbArticle({ body, visibility, language }), { mapping, lookups }))) {
        bodies += 1;
        expect(activeHtml(html), body).to.deep.equal([]);
      }
    }), runs);
    expect(bodies).to.be.above(runs.numRuns / 2);
  });

  it("the dataset's script-in-article-body articles lose their scripts and handlers but keep their text", () => {
    const dataset = generateDataset({ seed: 1, scale: 'tiny' });
    const ids = dataset.meta.edgeCases!['script-in-article-body'];
    expect(ids).to.not.be.empty;
    for (const id of ids) {
      const article = dataset.khoros.kb!.articles.find((a) => String(a.id) === id)!;
      expect(activeHtml(article.body), 'the source is hostile').to.not.be.empty;
      const [html] = articleBodies(transformArticle(article as never, { mapping, lookups }));
      expect(activeHtml(html)).to.deep.equal([]);
      expect(html.replace(/<[^>]*>/g, '').length).to.be.above(20);
    }
  });

  it('case bodies (the opening, contact replies, agent replies and notes) hold no active content, read as HTML', () => {
    fc.assert(fc.property(fc.array(fc.tuple(hostileHtml, fc.constantFrom('contact', 'agent', 'note')), { minLength: 1, maxLength: 5 }), (items) => {
      const interactions = items.map(([body, who]) => (who === 'contact' ? interaction({ body }) : agentInteraction({ body, ...(who === 'note' ? { kind: 'note' } : {}) })));
      const result = transformCase(kase({ interactions }), { mapping, lookups });
      for (const html of conversationBodies(result)) expect(activeHtml(html), JSON.stringify(items)).to.deep.equal([]);
    }), runs);
  });

  it('Care conversation bodies (messages and notes) hold no active content, read as HTML', () => {
    fc.assert(fc.property(fc.array(fc.tuple(hostileHtml, fc.boolean()), { minLength: 1, maxLength: 4 }), hostileHtml, (posts, note) => {
      const base = careConversation();
      const messages = posts.map(([html, fromBrand], i) => message({
        lswUuid: `m-${i}`, receiveDate: 1674993305277 + i * 1000, postContent: html, text: html,
        ...(fromBrand ? { author: base.messages[1].author } : {}),
      }));
      const result = transformConversation(careConversation({ messages, notes: [{ ...base.notes![0], note }] }), { mapping, lookups });
      for (const html of conversationBodies(result)) expect(activeHtml(html), JSON.stringify(posts)).to.deep.equal([]);
    }), runs);
  });
});

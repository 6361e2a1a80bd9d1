import { expect } from 'chai';
import { runExport } from '../../../pipeline/export.ts';
import { runImport, type ImportSummary } from '../../../pipeline/import.ts';
import { runProvision } from '../../../pipeline/provision.ts';
import { khorosUrl } from '../../../pipeline/transform/khoros-urls.ts';
import { openWorkspace } from '../../../pipeline/workspace/open-workspace.ts';
import type { Workspace } from '../../../pipeline/workspace/workspace.ts';
import { confirmTiny, freshIntercom, simState, type ConfirmedTiny } from '../provision/provision-fixtures.ts';

type Obj = Record<string, any>;

/** Every body of an Intercom article (top level and translations) or internal article. */
function bodiesOf(item: Obj): string[] {
  const out = typeof item.body === 'string' ? [item.body] : [];
  for (const content of Object.values((item.translated_content ?? {}) as Obj)) if (typeof content?.body === 'string') out.push(content.body);
  return out;
}

function attributeValues(html: string, tag: string, attribute: string): string[] {
  const out: string[] = [];
  const re = new RegExp(`<${tag}\\b[^>]*\\s${attribute}="([^"]*)"`, 'gi');
  for (let m = re.exec(html); m; m = re.exec(html)) out.push(m[1].replace(/&amp;/g, '&'));
  return out;
}

describe('import: KB articles (tiny dataset with images downloaded, against the Intercom simulator)', function () {
  this.timeout(300_000);
  let tiny: ConfirmedTiny;
  const closing: (() => Promise<void>)[] = [];

  before(async () => {
    tiny = await confirmTiny();
  });
  after(async () => {
    while (closing.length) await closing.pop()!();
    await tiny?.close();
  });

  it('writes every staged article once with its images hosted on Intercom and links rewritten; a rerun writes nothing', async () => {
    const path = await tiny.copy('articles');
    // The export's downloads, on: the images' bytes are staged (nothing else is listed again).
    let workspace: Workspace = await openWorkspace(path, { stage: 'export' });
    closing.push(() => workspace.close());
    const exported = await runExport({
      config: tiny.staged.config, workspace, downloads: {}, families: [],
      clients: { quotaScale: 1000 }, sources: { since: '2023-01-01T00:00:00Z', report: { firstPollMs: 15 } },
    });
    expect(exported.files?.stored ?? 0).to.be.greaterThan(0);
    await workspace.finishRun('succeeded');
    await workspace.close();

    const { sim, client } = await freshIntercom(tiny.dataset);
    closing.push(() => sim.close());
    workspace = await openWorkspace(path, { stage: 'provision' });
    await runProvision({ workspace, intercom: client, mappingPath: tiny.mappingPath });
    const importRun = async (): Promise<ImportSummary> => {
      await workspace.close();
      workspace = await openWorkspace(path, { stage: 'import' });
      return runImport({ workspace, intercom: client, mappingPath: tiny.mappingPath, chunkSize: 7 });
    };

    const before = await simState(sim);
    const summary = await importRun();
    const state = await simState(sim);
    expect(summary.inFlight).to.equal(0);
    expect(summary.articles.created).to.be.greaterThan(0);

    const staged = await workspace.query<{ key: string; visibility: string | null; body: string | null }>(
      `SELECT key, payload->>'visibility' AS visibility, payload->>'body' AS body FROM raw_kb_articles ORDER BY key`);
    expect(staged.length).to.be.greaterThan(0);
    const creates = await workspace.query<{ object_type: string; khoros_key: string; intercom_id: string }>(
      `SELECT object_type, khoros_key, intercom_id FROM ledger WHERE object_type IN ('article', 'internal_article') AND operation = 'create' AND status = 'done' ORDER BY seq`);
    const quarantined = await workspace.query<{ key: string; reason: string }>(`SELECT key, reason FROM quarantine WHERE family = 'import_articles'`);
    expect(quarantined, 'articles quarantined').to.deep.equal([]);

    // Exactly one article or internal article per staged article; agent-only ones internal.
    const articles = new Map(state.articles.map((a) => [String(a.id), a]));
    const internals = new Map(state.internal_articles.map((a) => [String(a.id), a]));
    expect(state.articles.length - before.articles.length + state.internal_articles.length - before.internal_articles.length).to.equal(staged.length);
    const written = new Map<string, { kind: string; item: Obj }>();
    for (const { key, visibility } of staged) {
      const rows = creates.filter((r) => r.khoros_key === key);
      expect(rows, `article ${key}`).to.have.length(1);
      const [row] = rows;
      expect(row.object_type, `article ${key} (${visibility})`).to.equal(visibility === 'agent-only' ? 'internal_article' : 'article');
      const item = (row.object_type === 'article' ? articles : internals).get(row.intercom_id);
      expect(item, `Intercom object of ${key}`).to.not.equal(undefined);
      written.set(key, { kind: row.object_type, item: item! });
    }

    // Bodies: safe, images on the simulator's /_files/ (served), links to migrated articles rewritten.
    const urlByKey = new Map([...written].filter(([, w]) => w.kind === 'article').map(([key, w]) => [key, bodiesOf(w.item).length ? (w.item.url || Object.values(w.item.translated_content ?? {}).map((c: any) => c?.url).find(Boolean)) : w.item.url]));
    const images = new Set<string>();
    const stagedImageIds = new Set((await workspace.query<{ key: string }>('SELECT key FROM raw_kb_images')).map((r) => r.key));
    expect(stagedImageIds.size).to.be.greaterThan(0);
    let rewrittenLinks = 0;
    for (const [key, { item }] of written) {
      for (const body of bodiesOf(item)) {
        expect(body, `article ${key}`).to.not.match(/<script/i);
        expect(body, `article ${key}`).to.not.match(/\son[a-z]+\s*=/i);
        for (const src of attributeValues(body, 'img', 'src')) {
          const khoros = khorosUrl(src, null);
          // A Community image the export did not stage (a broken reference) is left as the source had it; every staged one is hosted.
          if (khoros?.kind === 'image') {
            expect(stagedImageIds.has(khoros.id), `staged image ${src} of ${key} left on Khoros`).to.equal(false);
            continue;
          }
          expect(src.startsWith(`${sim.url}/_files/`), `image ${src} of ${key}`).to.equal(true);
          images.add(src);
        }
        for (const href of attributeValues(body, 'a', 'href')) {
          const found = khorosUrl(href, null);
          if (found?.kind === 'article') expect(written.get(found.id)?.kind, `link ${href} of ${key} left to a migrated article`).to.not.equal('article');
          if ([...urlByKey.values()].some((u) => u && href.startsWith(u))) rewrittenLinks += 1;
        }
      }
    }
    const hosted = await workspace.query<{ n: number }>(`SELECT count(*)::INTEGER AS n FROM ledger WHERE object_type = 'image' AND status = 'done'`);
    expect(hosted[0].n, 'every staged image hosted').to.equal(stagedImageIds.size);
    expect(images.size).to.be.greaterThan(0);
    for (const src of images) {
      const response = await fetch(src);
      expect(response.status, src).to.equal(200);
      expect((await response.arrayBuffer()).byteLength, src).to.be.greaterThan(0);
    }
    const stagedLinks = staged.some((s) => /\/ta-p\/\d+/.test(s.body ?? ''));
    if (stagedLinks) expect(rewrittenLinks, 'links rewritten to Intercom article URLs').to.be.greaterThan(0);

    // One migration-assets conversation holds the images.
    const assets = await workspace.query<{ n: number }>(`SELECT count(*)::INTEGER AS n FROM ledger WHERE object_type = 'assets_conversation' AND status = 'done'`);
    expect(assets[0].n).to.equal(images.size > 0 ? 1 : 0);

    // A rerun writes nothing new.
    const ledgerBefore = await workspace.query<{ n: number }>('SELECT count(*)::INTEGER AS n FROM ledger');
    const again = await importRun();
    const after = await simState(sim);
    expect(again.articles.created + again.articles.updated + again.articles.writes).to.equal(0);
    expect(after.articles.length).to.equal(state.articles.length);
    expect(after.internal_articles.length).to.equal(state.internal_articles.length);
    expect(after.conversations.length).to.equal(state.conversations.length);
    const ledgerAfter = await workspace.query<{ n: number }>(`SELECT count(*)::INTEGER AS n FROM ledger`);
    expect(ledgerAfter[0].n).to.equal(ledgerBefore[0].n);
  });
});

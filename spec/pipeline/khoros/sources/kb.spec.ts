import { expect } from 'chai';
import { kbArticlesSource, kbBoardsSource, kbCategoriesSource, kbImagesSource } from '../../../../pipeline/khoros/sources/kb.ts';
import type { SourceOptions } from '../../../../pipeline/khoros/sources/source-options.ts';
import type { Source } from '../../../../pipeline/khoros/source-page.ts';
import type { Dataset } from '../../../../simulators/dataset/types.ts';
import { behavesLikeASource, collect, useSimulator } from './source-harness.ts';

const COLLECTIONS: { family: string; create: (o?: SourceOptions) => Source; expected: (k: Dataset['khoros']) => string[] }[] = [
  { family: 'kb_categories', create: kbCategoriesSource, expected: (k) => k.kb!.categories.map((c) => c.id) },
  { family: 'kb_boards', create: kbBoardsSource, expected: (k) => k.kb!.boards.map((b) => b.id) },
  { family: 'kb_articles', create: kbArticlesSource, expected: (k) => k.kb!.articles.map((a) => a.id) },
  { family: 'kb_images', create: kbImagesSource, expected: (k) => k.kb!.images!.map((i) => i.id) },
];

describe('KB sources (Community LiQL GET /api/2.0/search)', () => {
  const ctx = useSimulator();
  for (const c of COLLECTIONS) {
    describe(c.family, () => {
      behavesLikeASource(ctx, {
        family: c.family, stream: c.family,
        source: () => c.create(),
        paged: () => c.create({ pageSizes: { liql: 2 } }),
        expected: ({ dataset }) => c.expected(dataset.khoros),
        // The login is the client's, once per run: only the searches are the source's.
        counts: (r) => r.family === 'community' && r.path === '/api/2.0/search',
        minimum: () => 1,
      });
    });
  }

  it('pages with a quoted keyset CURSOR and checkpoints it', async () => {
    ctx.sim().requests.clear();
    const pages = await collect(kbArticlesSource({ pageSizes: { liql: 3 } }), ctx.clients());
    expect(pages.map((p) => p.records.length)).to.deep.equal([3, 3, 2]);
    expect(pages[0].checkpoint).to.have.keys('cursor', 'done');
    expect(pages.at(-1)!.checkpoint).to.deep.equal({ cursor: null, done: true });
    const queries = ctx.sim().requests.list('community').filter((r) => r.path === '/api/2.0/search').map((r) => new URLSearchParams(r.query).get('q'));
    expect(queries[0]).to.equal("SELECT * FROM messages WHERE conversation.style = 'tkb' AND depth = 0 ORDER BY id ASC LIMIT 3");
    expect(queries[1]).to.match(/ LIMIT 3 CURSOR '[^']+'$/);
  });

  it('gives images their download url, type and size', async () => {
    const images = (await collect(kbImagesSource(), ctx.clients())).flatMap((p) => p.records) as { url: string; content_type: string; size: number }[];
    expect(images.every((i) => i.url.includes('/t5/image/serverpage/image-id/') && typeof i.content_type === 'string' && i.size > 0)).to.equal(true);
  });
});

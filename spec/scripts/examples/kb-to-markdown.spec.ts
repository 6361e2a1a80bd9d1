import { expect } from 'chai';
import { execFile } from 'node:child_process';
import { readdir, readFile, mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { parse } from 'yaml';
import { parseConfig, type Config } from '../../../pipeline/config.ts';
import { kbToMarkdown, main } from '../../../scripts/examples/kb-to-markdown.ts';
import { generateDataset } from '../../../simulators/dataset/generate-dataset.ts';
import type { Dataset, KbArticle } from '../../../simulators/dataset/types.ts';
import { startSimulators, type Simulators } from '../../../simulators/start-simulators.ts';
import { captureStderr } from '../../support/capture-stderr.ts';

const SCRIPT = new URL('../../../scripts/examples/kb-to-markdown.ts', import.meta.url).pathname;
const TSX = new URL('../../../node_modules/.bin/tsx', import.meta.url).pathname;

/** Splits a written file into its front matter and its body. */
/** The Community image ids an article body shows. */
function shownImages(article: KbArticle): string[] {
  return [...new Set([...article.body.matchAll(/\/image-id\/([^/?#"]+)/g)].map((m) => m[1]))];
}

function readMarkdown(text: string): { front: Record<string, any>; body: string } {
  const match = /^---\n([\s\S]*?)\n---\n\n([\s\S]*)$/.exec(text);
  if (!match) throw new Error(`no front matter in:\n${text.slice(0, 200)}`);
  return { front: parse(match[1]), body: match[2] };
}

describe('example: kb-to-markdown (tiny dataset, Khoros simulator)', function () {
  this.timeout(60_000);
  let sims: Simulators;
  let config: Config;
  let dir: string;
  let configPath: string;
  let dataset: Dataset;
  let articles: KbArticle[];

  before(async () => {
    dataset = generateDataset({ seed: 7, scale: 'tiny' });
    // One article the Khoros schema refuses (no subject): it must be reported, not written and not lost.
    const { subject: _subject, ...untitled } = dataset.khoros.kb!.articles[0];
    dataset.khoros.kb!.articles.push({ ...untitled, id: '1999' } as KbArticle);
    articles = dataset.khoros.kb!.articles.filter((a) => a.id !== '1999');
    // The tiny dataset's articles are all public: one internal article for the filter.
    articles[1].visibility = 'agent-only';
    sims = await startSimulators({ dataset, khoros: { quotaScale: 1000 } });
    config = parseConfig(sims.config, {});
    dir = await mkdtemp(join(tmpdir(), 'k2i-kb-md-'));
    configPath = join(dir, 'sim.config.json');
    await writeFile(configPath, JSON.stringify(sims.config));
  });
  after(async () => {
    await sims?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('runs as documented (npx tsx …) and writes one Markdown file per article with its front matter, converted body and downloaded images', async () => {
    const out = join(dir, 'kb');
    const { stdout } = await promisify(execFile)(TSX, [SCRIPT, '--config', configPath, '--out', out, '--quota-scale', '1000'], { cwd: dir });
    const summary = JSON.parse(stdout);
    expect(summary.written).to.deep.equal(articles.map((a) => `${a.id}.md`).sort());
    expect((await readdir(out)).filter((f) => f.endsWith('.md')).sort()).to.deep.equal(summary.written);
    expect(summary.quarantined).to.have.length(1);
    expect(summary.quarantined[0]).to.include({ family: 'kb_articles', key: '1999' });
    expect(summary.quarantined[0].reason).to.match(/subject/);

    const images = new Map((dataset.khoros.kb!.images ?? []).map((i) => [i.id, i]));
    for (const article of articles) {
      const { front, body } = readMarkdown(await readFile(join(out, `${article.id}.md`), 'utf8'));
      expect(front).to.include({ id: article.id, title: article.subject, visibility: article.visibility, language: article.language, board: article.boardId });
      expect([...front.labels].sort(), `labels of ${article.id}`).to.deep.equal([...(article.labels ?? [])].sort());
      // The body is Markdown: no tags left, no script text, the steps as a numbered list.
      expect(body).to.not.match(/<\/?(p|ol|li|img|script|svg)\b/);
      expect(body).to.not.match(/alert\(|onerror|onclick/);
      expect(body).to.match(/^1\. /m);
      // Every image the article shows that the Community lists is a local file with the served bytes' size.
      const shown = shownImages(article).filter((id) => images.has(id));
      expect(front.images.map((p: string) => p.replace(/^images\/|\.\w+$/g, '')).sort()).to.deep.equal(shown.sort());
      for (const path of front.images) {
        expect(body).to.include(`](${path})`);
        const id = path.replace(/^images\/|\.\w+$/g, '');
        expect((await stat(join(out, path))).size, path).to.equal(images.get(id)!.size);
      }
    }
    // An image the Community does not list is reported and keeps an absolute Community address.
    const broken = articles.flatMap((a) => shownImages(a).filter((id) => !images.has(id)).map((id) => ({ article: a.id, id })));
    expect(broken.length).to.be.greaterThan(0);
    expect(summary.unresolvedImages.map((u: any) => u.article).sort()).to.deep.equal(broken.map((b) => b.article).sort());
    for (const { article, id } of broken) expect(await readFile(join(out, `${article}.md`), 'utf8')).to.include(`](${sims.config.khoros.community}/t5/image/serverpage/image-id/${id}/`);
  });

  it('writes only the visibilities asked for, listing the articles it filtered out', async () => {
    const visibility = 'agent-only';
    const out = join(dir, visibility);
    const summary = await kbToMarkdown({ config, out, visibility: [visibility], clients: { quotaScale: 1000 } });
    const kept = articles.filter((a) => a.visibility === visibility).map((a) => `${a.id}.md`).sort();
    expect(kept.length).to.be.within(1, articles.length - 1);
    expect(summary.written).to.deep.equal(kept);
    expect((await readdir(out)).filter((f) => f.endsWith('.md')).sort()).to.deep.equal(kept);
    expect(summary.filteredOut.map((f) => f.id).sort()).to.deep.equal(articles.filter((a) => a.visibility !== visibility).map((a) => a.id).sort());
  });

  it('refuses bad options with exit code 2 and a message naming the option', async () => {
    const runs = [
      { argv: ['--config', configPath], message: /--out DIR is required/ },
      { argv: ['--config', configPath, '--out', join(dir, 'x'), '--visibility', 'public,'], message: /--visibility "public,"/ },
      { argv: ['--config', configPath, '--out', join(dir, 'x'), '--colour', 'red'], message: /--colour/ },
    ];
    for (const { argv, message } of runs) {
      const { value, stderr } = await captureStderr(() => main(argv));
      expect(value, argv.join(' ')).to.equal(2);
      expect(stderr).to.match(message);
    }
  });
});

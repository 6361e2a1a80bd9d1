/**
 * Example pipeline: the Khoros knowledge base (Community TKB articles) to a folder of
 * Markdown files, straight from the API: no workspace, nothing written to Intercom. For a
 * docs site, a git repository of the help content, or a review before the migration.
 *
 * Each article becomes `<out>/<article id>.md`: YAML front matter (id, title, visibility,
 * labels, language, board, post time, source link, images) and the body converted from HTML
 * (sanitized first: scripts and event handlers go). The Community images an article shows
 * are downloaded once each to `<out>/images/<image id>.<ext>` and referenced relatively; an
 * image that cannot be downloaded keeps its Community address and is listed in the summary.
 * Records the Khoros schemas refuse are listed with the reason, never skipped silently.
 *
 * The pipeline: `kbImagesSource` (id → address) then `kbArticlesSource` → `validateRecords`
 * → the visibility filter → per article, at most 4 side by side: its labels (one LiQL query:
 * the article holds only a query for them), its images, its file.
 *
 * Requests (Community quota, 300/min unless scaled): one per 1,000 images and per 1,000
 * articles, one per article for its labels, one per image shown.
 *
 * Run it against the simulators (in another terminal, `npx khoros2intercom sim --scale tiny`
 * writes sim.config.json):
 *
 *   npx tsx scripts/examples/kb-to-markdown.ts --config sim.config.json --out kb-markdown
 *   npx tsx scripts/examples/kb-to-markdown.ts --config sim.config.json --out kb-public --visibility public,registered
 *
 * Options: `--config FILE` (required), `--out DIR` (required; created; files are
 * overwritten), `--visibility LIST` (only these visibilities; default all), `--quota-scale N`
 * (multiply the Khoros quotas, as `sim --quota-scale N`). Prints a JSON summary on stdout.
 */
import { createWriteStream } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { defaultIfEmpty, filter, lastValueFrom, mergeMap, reduce, tap, toArray, type Observable } from 'rxjs';
import { stringify } from 'yaml';
import {
  ConfigError, RetriableError, createKhorosClients, htmlToMarkdown, kbArticlesSource, kbImagesSource, keyOf, khorosUrl, loadConfig,
  loadKhorosSchemas, validateRecords, type Config, type KhorosClientOptions, type KhorosClients, type SourcePage, type ValidRecord,
} from '../../pipeline/index.ts';

/** Options of `kbToMarkdown`. */
export interface KbToMarkdownOptions {
  config: Config;
  /** The folder the files go to (created). */
  out: string;
  /** Only articles of these visibilities (`public`, `registered`, `agent-only`, ...). @default every article */
  visibility?: readonly string[];
  /** Khoros client options (quotas, retry). */
  clients?: KhorosClientOptions;
}

/** What `kbToMarkdown` wrote, and what it left out and why. */
export interface KbToMarkdownSummary {
  /** The Markdown files written, relative to `out`. */
  written: string[];
  /** The images downloaded, relative to `out`. */
  images: string[];
  /** Articles left out by `visibility`. */
  filteredOut: { id: string; visibility: string }[];
  /** Records the Khoros schemas refused. */
  quarantined: { family: string; key: string | null; reason: string }[];
  /** Images an article shows that were not downloaded (kept as Community addresses). */
  unresolvedImages: { article: string; src: string; reason: string }[];
}

/** The fields of a LiQL message this pipeline reads. */
interface Article {
  id: string;
  subject: string;
  body: string;
  visibility?: string;
  language?: string;
  post_time: string;
  view_href?: string;
  board?: { id?: string };
  labels?: unknown;
}

/** Articles handled side by side (their requests still go at the Community quota's pace). */
const CONCURRENCY = 4;

/**
 * Writes the knowledge base as Markdown; answers the summary.
 *
 * @example
 * const summary = await kbToMarkdown({ config: await loadConfig('sim.config.json', process.env), out: 'kb-markdown' });
 * summary.written; // ['1001.md', '1002.md', ...]
 */
export async function kbToMarkdown(options: KbToMarkdownOptions): Promise<KbToMarkdownSummary> {
  const { config, out } = options;
  const wanted = options.visibility ? new Set(options.visibility) : null;
  const clients = createKhorosClients(config.khoros, options.clients);
  const validatorFor = loadKhorosSchemas();
  const summary: KbToMarkdownSummary = { written: [], images: [], filteredOut: [], quarantined: [], unresolvedImages: [] };
  const validRecords = (source: Observable<SourcePage>) => source.pipe(
    validateRecords(validatorFor, keyOf),
    tap((page) => summary.quarantined.push(...page.quarantined.map(({ key, reason }) => ({ family: page.family, key, reason })))),
    mergeMap((page) => page.valid),
  );
  await mkdir(join(out, 'images'), { recursive: true });

  // Image id → its address and type: the bulk listing, not one query per article.
  const imageIndex = await lastValueFrom(validRecords(kbImagesSource()(clients, new Map())).pipe(
    reduce((index, { key, payload }) => index.set(String(key), payload as { url: string; content_type?: string }), new Map<string, { url: string; content_type?: string }>()),
    defaultIfEmpty(new Map<string, { url: string; content_type?: string }>()),
  ));
  // One download per image, shared by the articles that show it: its file, or why not.
  const downloads = new Map<string, Promise<{ file: string } | { reason: string }>>();
  const image = (id: string) => {
    if (!downloads.has(id)) downloads.set(id, downloadImage(clients, id, imageIndex.get(id), out));
    return downloads.get(id)!;
  };

  const written = await lastValueFrom(validRecords(kbArticlesSource()(clients, new Map())).pipe(
    filter(({ payload }) => {
      const visibility = String((payload as Partial<Article>).visibility ?? '');
      if (!wanted || wanted.has(visibility)) return true;
      summary.filteredOut.push({ id: String((payload as Partial<Article>).id), visibility });
      return false;
    }),
    mergeMap((record) => writeArticle(clients, record, out, image, summary), CONCURRENCY),
    toArray(),
  ));
  summary.written = written.sort();
  const files = await Promise.all(downloads.values());
  summary.images = files.flatMap((f) => ('file' in f ? [f.file] : [])).sort();
  summary.filteredOut.sort((a, b) => a.id.localeCompare(b.id));
  return summary;
}

/** One article: its labels, its images, its file; answers the file name. */
async function writeArticle(
  clients: KhorosClients, record: ValidRecord, out: string, image: (id: string) => Promise<{ file: string } | { reason: string }>, summary: KbToMarkdownSummary,
): Promise<string> {
  const article = record.payload as unknown as Article;
  const shown = new Set<string>();
  htmlToMarkdown(article.body, { image: (src) => (noteImage(src, shown), src) });
  const local = new Map<string, { file: string } | { reason: string }>();
  for (const id of shown) local.set(id, await image(id));
  const images: string[] = [];
  const body = htmlToMarkdown(article.body, {
    image(src) {
      const id = imageIdOf(src);
      const result = id === null ? undefined : local.get(id);
      if (result && 'file' in result) {
        images.push(result.file);
        return result.file;
      }
      if (result) summary.unresolvedImages.push({ article: article.id, src, reason: result.reason });
      // Not downloaded (or not a Community image): the address, absolute so that it still resolves.
      return src.startsWith('/') ? `${clients.community.baseUrl.replace(/\/+$/, '')}${src}` : src;
    },
  });
  const frontMatter = {
    id: article.id,
    title: article.subject,
    visibility: article.visibility ?? null,
    labels: await labelsOf(clients, article),
    language: article.language ?? null,
    board: article.board?.id ?? null,
    posted: article.post_time,
    source: article.view_href ?? null,
    images: [...new Set(images)],
  };
  const file = `${article.id.replace(/[^A-Za-z0-9._-]/g, '_')}.md`;
  await writeFile(join(out, file), `---\n${stringify(frontMatter).trimEnd()}\n---\n\n${body}\n`);
  return file;
}

function noteImage(src: string, ids: Set<string>): void {
  const id = imageIdOf(src);
  if (id !== null) ids.add(id);
}

function imageIdOf(src: string): string | null {
  const found = khorosUrl(src, null);
  return found?.kind === 'image' ? found.id : null;
}

/**
 * An article's label texts. A LiQL message holds its labels as a query
 * (`{query: "SELECT * FROM labels WHERE messages.id = '…'"}`): this runs it, 1,000 a page.
 */
async function labelsOf(clients: KhorosClients, article: Article): Promise<string[]> {
  if (Array.isArray(article.labels)) return article.labels.map(String);
  const given = (article.labels as { query?: unknown } | undefined)?.query;
  const query = typeof given === 'string' && /^SELECT .+ FROM labels WHERE /i.test(given) ? given : `SELECT * FROM labels WHERE messages.id = '${article.id.replaceAll("'", "''")}'`;
  const labels: string[] = [];
  const base = `${query} LIMIT 1000`;
  for (let cursor: string | null = null; ;) {
    const q: string = cursor === null ? base : `${base} CURSOR '${cursor.replaceAll("'", "''")}'`;
    const answer = await clients.community.json<{ data?: { items?: { text?: unknown }[]; next_cursor?: unknown } }>('/api/2.0/search', { searchParams: { q } });
    for (const item of answer?.data?.items ?? []) if (typeof item?.text === 'string') labels.push(item.text);
    const next = answer?.data?.next_cursor;
    if (typeof next !== 'string' || next === '' || next === cursor) return labels;
    cursor = next;
  }
}

const EXTENSIONS: Record<string, string> = { 'image/png': 'png', 'image/jpeg': 'jpg', 'image/gif': 'gif', 'image/webp': 'webp', 'image/svg+xml': 'svg', 'image/bmp': 'bmp' };

/** Downloads one Community image into `<out>/images/`; answers its relative path, or why not. */
async function downloadImage(clients: KhorosClients, id: string, image: { url: string; content_type?: string } | undefined, out: string): Promise<{ file: string } | { reason: string }> {
  if (!image) return { reason: `image ${id} is not in the Community's image list` };
  try {
    const answer = await clients.community.download(image.url);
    if (answer.status !== 200) {
      answer.body.resume();
      return { reason: `HTTP ${answer.status}` };
    }
    const type = (answer.contentType ?? image.content_type ?? '').split(';')[0].trim().toLowerCase();
    const file = `images/${id.replace(/[^A-Za-z0-9._-]/g, '_')}.${EXTENSIONS[type] ?? 'bin'}`;
    await pipeline(answer.body, createWriteStream(join(out, file)));
    return { file };
  } catch (error) {
    return { reason: (error as Error).message };
  }
}

/**
 * The command line: parses `argv`, runs, prints the summary; answers the exit code (2: fix
 * the command or config; 3: rerun later; 1: anything else).
 *
 * @example
 * process.exitCode = await main(['--config', 'sim.config.json', '--out', 'kb-markdown']);
 */
export async function main(argv: string[]): Promise<number> {
  try {
    const { values } = parseArgs({
      args: argv, strict: true,
      options: { config: { type: 'string' }, out: { type: 'string' }, visibility: { type: 'string' }, 'quota-scale': { type: 'string' } },
    });
    if (!values.config) throw new ConfigError('--config FILE is required (npx khoros2intercom sim writes one)');
    if (!values.out) throw new ConfigError('--out DIR is required: the folder the Markdown files go to');
    const visibility = values.visibility?.split(',').map((v) => v.trim());
    if (visibility?.some((v) => v === '')) throw new ConfigError(`--visibility ${JSON.stringify(values.visibility)}: expected a comma-separated list such as public,registered`);
    const quotaScale = values['quota-scale'] === undefined ? undefined : Number(values['quota-scale']);
    if (quotaScale !== undefined && !(quotaScale > 0)) throw new ConfigError(`--quota-scale ${JSON.stringify(values['quota-scale'])}: expected a positive number`);
    const config = await loadConfig(values.config, process.env);
    const summary = await kbToMarkdown({ config, out: values.out, visibility, clients: quotaScale === undefined ? undefined : { quotaScale } });
    process.stderr.write(`${summary.written.length} articles and ${summary.images.length} images written to ${values.out}; ` +
      `${summary.filteredOut.length} filtered out, ${summary.quarantined.length} quarantined, ${summary.unresolvedImages.length} images not downloaded\n`);
    process.stdout.write(`${JSON.stringify(summary)}\n`);
    return 0;
  } catch (error) {
    process.stderr.write(`kb-to-markdown: ${(error as Error).message}\n`);
    return error instanceof ConfigError || (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS') ? 2 : error instanceof RetriableError ? 3 : 1;
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) process.exitCode = await main(process.argv.slice(2));

/**
 * The knowledge base (Community TKB, reference §5) through LiQL, `GET /api/2.0/search?q=`,
 * `LIMIT 1000` (the largest page) with keyset `CURSOR '…'` pages, `ORDER BY id ASC`:
 * - `kb_categories`: `SELECT * FROM categories`;
 * - `kb_boards`: `SELECT * FROM boards WHERE conversation_style = 'tkb'`;
 * - `kb_articles`: `SELECT * FROM messages WHERE conversation.style = 'tkb' AND depth = 0`
 *   (topic messages: the articles, not their comments);
 * - `kb_images`: `SELECT * FROM images` (each with its `url`, content type and size).
 * Requests: `ceil(n / 1000)` per collection, i.e. 1 per 1,000 records, the minimum; plus the
 * client's one Community login per run. Article images come from `kb_images` in bulk
 * rather than through each article's `images` sub-query (1 request per article).
 * Each collection is one stream named after its family; checkpoint `{cursor, done}`.
 */
import type { Source } from '../source-page.ts';
import { paginate } from './paginate.ts';
import { UnexpectedAnswerError } from './pagination-error.ts';
import { DEFAULT_PAGE_SIZES, type SourceOptions } from './source-options.ts';

/** A source over one LiQL query (without ORDER BY, LIMIT and CURSOR, which are added here). */
function liqlSource(family: string, query: string, options: SourceOptions): Source {
  const limit = options.pageSizes?.liql ?? DEFAULT_PAGE_SIZES.liql;
  const base = `${query} ORDER BY id ASC LIMIT ${limit}`;
  const endpoint = `GET /community/api/2.0/search?q=${base}`;
  return (clients, resumeFrom) => paginate<{ cursor: string | null }>({
    family, stream: family, maxPages: options.maxPages,
    initial: { cursor: null },
    async fetch({ cursor }) {
      // The cursor must be single-quoted (unquoted is "Invalid query syntax").
      const q = cursor === null ? base : `${base} CURSOR '${cursor.replaceAll("'", "''")}'`;
      const body = await clients.community.json<{ status?: string; message?: string; data?: { items?: unknown; next_cursor?: unknown } }>('/api/2.0/search', { searchParams: { q } });
      if (body?.status !== undefined && body.status !== 'success') throw new UnexpectedAnswerError(family, endpoint, `status ${body.status}: ${body.message ?? ''}`);
      const items = body?.data?.items;
      if (!Array.isArray(items)) throw new UnexpectedAnswerError(family, endpoint, 'no "data.items" array');
      const next = typeof body.data?.next_cursor === 'string' && body.data.next_cursor !== '' ? body.data.next_cursor : null;
      return { endpoint, records: items, next: { cursor: next }, done: next === null || items.length === 0 };
    },
  }, resumeFrom);
}

/** KB categories. @example kbCategoriesSource()(clients, new Map()); */
export const kbCategoriesSource = (options: SourceOptions = {}): Source => liqlSource('kb_categories', 'SELECT * FROM categories', options);
/** TKB boards. @example kbBoardsSource()(clients, new Map()); */
export const kbBoardsSource = (options: SourceOptions = {}): Source => liqlSource('kb_boards', "SELECT * FROM boards WHERE conversation_style = 'tkb'", options);
/** TKB articles. @example kbArticlesSource()(clients, new Map()); */
export const kbArticlesSource = (options: SourceOptions = {}): Source => liqlSource('kb_articles', "SELECT * FROM messages WHERE conversation.style = 'tkb' AND depth = 0", options);
/** Community images. @example kbImagesSource()(clients, new Map()); */
export const kbImagesSource = (options: SourceOptions = {}): Source => liqlSource('kb_images', 'SELECT * FROM images', options);

/**
 * The raw-table key of a category, board, article or image: its Community `id`.
 *
 * @example
 * kbKey({ type: 'message', id: '1001' }); // '1001'
 */
export function kbKey(record: Record<string, unknown>): string | null {
  return (typeof record.id === 'string' && record.id !== '') || typeof record.id === 'number' ? String(record.id) : null;
}

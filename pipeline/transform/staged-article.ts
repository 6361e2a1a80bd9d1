/**
 * A staged Community TKB article: the LiQL `messages` item as the export stages it
 * (`schemas/khoros/kb-article.json`; served by `simulators/khoros/families/community/items.ts`).
 * Only the fields the transform reads are typed; `boardId` is the dataset document's
 * spelling of `board.id`, read when `board` is absent.
 */
export interface StagedKbArticle {
  id: string;
  subject: string;
  /** HTML, with `<img src="/t5/image/serverpage/image-id/{id}/…">` and `…/ta-p/{id}` links. */
  body: string;
  teaser?: string | null;
  board?: { id: string; view_href?: string };
  boardId?: string;
  /** `public`, `registered`, `agent-only`; anything else is treated as the most restrictive. */
  visibility?: string;
  /** Community language code (`en`, `de`, `pt-br`). */
  language?: string;
  post_time?: string;
  view_href?: string;
  author?: { id: string; login?: string };
  [key: string]: unknown;
}

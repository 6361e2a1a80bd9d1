/**
 * Page-number pagination of the help-center lists (`GET /articles`, `GET /help_center/collections`,
 * `GET /internal_articles`): `?page=&per_page=`, answered with `pages {type, page, per_page,
 * total_pages}`. Past the last page the answer is `200` with `data: []` (the official SDK keeps
 * asking for `page + 1` until `data` is empty). Simulator choices: `per_page` defaults to 25 (the
 * documented list example shows 25) and is clamped to 250; a non-positive or non-numeric
 * `page`/`per_page` answers 400 `parameter_invalid`.
 */
import { IntercomError } from './context.ts';

/** One page of a page-number list. */
export interface NumberedPage<T> {
  data: T[];
  total_count: number;
  pages: { type: 'pages'; page: number; per_page: number; total_pages: number };
}

function positive(query: URLSearchParams, name: string, fallback: number): number {
  const raw = query.get(name);
  if (raw === null || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1) throw new IntercomError(400, 'parameter_invalid', `${name} must be a positive integer`, name);
  return n;
}

/**
 * Cuts page `page` out of the full, ordered list.
 *
 * @example
 * const { data, pages } = numberedPage(articles, new URLSearchParams('page=2&per_page=10'));
 */
export function numberedPage<T>(items: T[], query: URLSearchParams, defaultPerPage = 25, maxPerPage = 250): NumberedPage<T> {
  const perPage = Math.min(positive(query, 'per_page', defaultPerPage), maxPerPage);
  const page = positive(query, 'page', 1);
  return {
    data: items.slice((page - 1) * perPage, page * perPage),
    total_count: items.length,
    pages: { type: 'pages', page, per_page: perPage, total_pages: Math.ceil(items.length / perPage) },
  };
}

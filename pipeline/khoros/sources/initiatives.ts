/**
 * Initiatives: Marketing `GET /{environment}/v1/company/{companyId}/initiative?pageNumber&pageSize=1000`.
 * Requests: `ceil(n / 1000)`, i.e. 1 per 1,000 initiatives, the minimum. Checkpoint:
 * `{pageNumber, done}` (the next page).
 */
import { defer } from 'rxjs';
import type { Source } from '../source-page.ts';
import { companyPath, marketingPage } from './marketing-page.ts';
import { paginate } from './paginate.ts';
import { DEFAULT_PAGE_SIZES, type SourceOptions } from './source-options.ts';

/**
 * The raw-table key of an initiative: its id.
 *
 * @example
 * initiativeKey({ id: '3100', name: 'Customer Care' }); // '3100'
 */
export function initiativeKey(record: Record<string, unknown>): string | null {
  return (typeof record.id === 'string' && record.id !== '') || typeof record.id === 'number' ? String(record.id) : null;
}

/**
 * The initiatives source (family and stream `initiatives`); needs `environment` and
 * `companyId` (a ConfigError down the stream otherwise).
 *
 * @example
 * initiativesSource({ environment: 'app', companyId: '1001' })(clients, new Map());
 */
export function initiativesSource(options: SourceOptions = {}): Source {
  const pageSize = options.pageSizes?.marketing ?? DEFAULT_PAGE_SIZES.marketing;
  return (clients, resumeFrom) => defer(() => {
    const path = `${companyPath(options)}/initiative`;
    const endpoint = `GET /marketing${path}?pageSize=${pageSize}`;
    return paginate<{ pageNumber: number }>({
      family: 'initiatives', stream: 'initiatives', maxPages: options.maxPages,
      initial: { pageNumber: 0 },
      async fetch({ pageNumber }) {
        const { items, hasNext } = await marketingPage(clients, path, pageNumber, pageSize, 'initiatives');
        return { endpoint, records: items, next: { pageNumber: pageNumber + 1 }, done: !hasNext };
      },
    }, resumeFrom);
  });
}

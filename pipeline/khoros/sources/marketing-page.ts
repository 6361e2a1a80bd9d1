/**
 * One page of a Khoros Marketing v1 list (`pageNumber` from 0, `pageSize` up to 1000):
 * `{data, status: {succeeded}, pagination: {next, previous, totalItems}}`, shared by the
 * initiatives and campaigns sources.
 */
import { ConfigError } from '../../errors.ts';
import type { KhorosClients } from '../khoros-api.ts';
import { UnexpectedAnswerError } from './pagination-error.ts';
import type { SourceOptions } from './source-options.ts';

/** A page's items and whether another follows. */
export interface MarketingPage {
  items: Record<string, unknown>[];
  hasNext: boolean;
}

/**
 * `/{environment}/v1/company/{companyId}` from the options, or a ConfigError naming what is missing.
 *
 * @example
 * companyPath({ environment: 'app', companyId: '1001' }); // '/app/v1/company/1001'
 */
export function companyPath(options: Pick<SourceOptions, 'environment' | 'companyId'>): string {
  const { environment, companyId } = options;
  if (!environment || !companyId) throw new ConfigError('khoros.environment and khoros.companyId are required to read Marketing initiatives and campaigns (GET https://api.spredfast.com/v2/me lists them)');
  return `/${encodeURIComponent(environment)}/v1/company/${encodeURIComponent(companyId)}`;
}

/**
 * Fetches one page; `pagination.next` (null on the last page) says whether more follow.
 *
 * @example
 * const { items, hasNext } = await marketingPage(clients, '/app/v1/company/1001/initiative', 0, 1000, 'initiatives');
 */
export async function marketingPage(clients: KhorosClients, path: string, pageNumber: number, pageSize: number, stream: string): Promise<MarketingPage> {
  const body = await clients.marketing.json<{ data?: unknown; status?: { succeeded?: boolean; error?: { code?: string; message?: string } }; pagination?: { next?: unknown } }>(path, { searchParams: { pageNumber, pageSize } });
  const endpoint = `GET /marketing${path}?pageSize=${pageSize}`;
  if (body?.status?.succeeded === false) throw new UnexpectedAnswerError(stream, endpoint, `succeeded: false, ${body.status.error?.code ?? 'no code'}: ${body.status.error?.message ?? 'no message'}`);
  if (!Array.isArray(body?.data)) throw new UnexpectedAnswerError(stream, endpoint, 'no "data" array');
  const items = body.data as Record<string, unknown>[];
  return { items, hasNext: items.length > 0 && typeof body.pagination?.next === 'string' && body.pagination.next !== '' };
}

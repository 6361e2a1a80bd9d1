/**
 * Customers: CRM `GET /customers?limit=1000&cursor=` (seed-defined bulk list of the
 * CRM-spec store). Requests: `ceil(n / 1000)`, i.e. 1 per 1,000 customers, the minimum.
 * Checkpoint: `{cursor, done}`.
 */
import type { Source } from '../source-page.ts';
import { crmCursorPages } from './crm-cursor-source.ts';
import { DEFAULT_PAGE_SIZES, type SourceOptions } from './source-options.ts';

/**
 * The raw-table key of a customer: its CRM id.
 *
 * @example
 * customerKey({ id: 'C0000001' }); // 'C0000001'
 */
export function customerKey(record: Record<string, unknown>): string | null {
  return typeof record.id === 'string' && record.id !== '' ? record.id : null;
}

/**
 * The customers source (family and stream `customers`).
 *
 * @example
 * customersSource()(clients, new Map()).subscribe((page) => console.log(page.records.length));
 */
export function customersSource(options: SourceOptions = {}): Source {
  const limit = options.pageSizes?.customers ?? DEFAULT_PAGE_SIZES.customers;
  return (clients, resumeFrom) => crmCursorPages(clients, {
    family: 'customers', stream: 'customers', path: '/customers', field: 'customers', limit, maxPages: options.maxPages,
  }, resumeFrom);
}

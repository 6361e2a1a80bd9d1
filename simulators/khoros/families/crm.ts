/**
 * The CRM family, mounted at `/crm`: "CRM-spec shaped, seed-defined Khoros-hosted store"
 * of customers and cases. The real `/meta/object`, `/customer…` and `/case…` endpoints
 * are the Custom CRM API Spec that a customer's CRM implements and Khoros calls
 * (reference §0.3, §2.4); the seed treats them as an exportable Khoros store. Documented
 * shapes: `GET /meta/object/{customer|case}`, `GET /customer/{id}`,
 * `GET /customer/{id}/cases`, `POST /customers` (search, 204 when nothing matches),
 * `POST /customer/bestmatch`, `GET /case/{id}`, and the `{error, message}` error body.
 * Seed-defined: HTTP Basic with the Care API user (the spec leaves the key header
 * unnamed), the `crm` bucket, and the bulk export routes `GET /customers` and
 * `GET /cases` (see `crm/paging.ts`).
 */
import type { Case } from '../../dataset/types.ts';
import { KhorosHttpError, type ApiFamily, type FamilyContext } from '../route.ts';
import { caseRecord, customerRecord } from './crm/records.ts';
import { cursorPage, pageLimit } from './crm/paging.ts';
import { bestMatch, searchCustomers } from './crm/search.ts';

const ERRORS: Record<number, string> = { 400: 'bad_request', 401: 'unauthorized', 404: 'not_found', 422: 'unprocessable_entity', 429: 'rate_limited' };

/**
 * Builds the CRM family.
 *
 * @example
 * // GET `${sim.urls.crm}/cases?limit=100&updatedSince=2025-01-01T00:00:00Z` with Basic api-user:sim-password
 * // → { cases: [{ id, customerId, lastUpdated, interactions: [...] }], nextCursor: 'Y2FzZS0x' }
 * const family = crmFamily({ store, settings, requests });
 */
export function crmFamily({ store, settings }: FamilyContext): ApiFamily {
  const metaFields = (type: 'customer' | 'case') => store.instance.customFields?.[type] ?? [];
  const notFound = (message: string) => new KhorosHttpError(404, message, { error: 'not_found', message });

  function customerOr404(id: string) {
    const customer = store.customers.get(id);
    if (!customer) throw notFound(`Customer ${id} not found`);
    return customer;
  }

  return {
    name: 'crm',
    auth: 'basic',
    bucket: 'crm',
    errorBody: (status, message) => ({
      error: ERRORS[status] ?? 'server_error',
      // The CRM spec's own wording for 401.
      message: status === 401 ? 'API key is invalid or has become de-authenticated' : message,
    }),
    routes: [
      {
        method: 'GET',
        path: '/meta/object/:type',
        handler(req) {
          const type = req.params.type;
          if (type !== 'customer' && type !== 'case') throw notFound('meta type not supported');
          const fields = metaFields(type).map(({ name, label, type: fieldType, searchable, listValues }) => ({
            name, label, type: fieldType, searchable: searchable ?? false, listValues: listValues ?? [],
          }));
          return { status: 200, body: { name: type, fields } };
        },
      },
      {
        method: 'GET',
        path: '/customer/:id',
        handler: (req) => ({ status: 200, body: customerRecord(customerOr404(req.params.id), req) }),
      },
      {
        method: 'GET',
        path: '/customer/:id/cases',
        handler(req) {
          customerOr404(req.params.id);
          const cases = (store.casesByCustomer.get(req.params.id) ?? []).map((id) => store.cases.get(id)).filter((c): c is Case => !!c);
          return { status: 200, body: cases.map((c) => caseRecord(c, req)) };
        },
      },
      {
        method: 'POST',
        path: '/customers',
        handler(req) {
          const found = searchCustomers(store.customers.values(), req.body, metaFields('customer'));
          return found.length ? { status: 200, body: found.map((c) => customerRecord(c, req)) } : { status: 204 };
        },
      },
      {
        method: 'POST',
        path: '/customer/bestmatch',
        handler(req) {
          const found = bestMatch(store.customers.values(), req.body);
          return found ? { status: 200, body: customerRecord(found, req) } : { status: 204 };
        },
      },
      {
        method: 'GET',
        path: '/case/:id',
        handler(req) {
          const kase = store.cases.get(req.params.id);
          if (!kase) throw notFound(`Case ${req.params.id} not found`);
          return { status: 200, body: caseRecord(kase, req) };
        },
      },
      {
        method: 'GET',
        path: '/customers',
        handler(req) {
          const page = cursorPage(req, store.customers, pageLimit(req, settings.pageSizes.customers), () => true, (c) => c.id);
          return { status: 200, body: { customers: page.items.map((c) => customerRecord(c, req)), nextCursor: page.nextCursor } };
        },
      },
      {
        method: 'GET',
        path: '/cases',
        handler(req) {
          const since = updatedSince(req.query.get('updatedSince'));
          const keep = since === undefined ? () => true : (c: Case) => changedAt(c) >= since;
          const page = cursorPage(req, store.cases, pageLimit(req, settings.pageSizes.cases), keep, (c) => c.id);
          return { status: 200, body: { cases: page.items.map((c) => caseRecord(c, req)), nextCursor: page.nextCursor } };
        },
      },
    ],
  };
}

function updatedSince(raw: string | null): number | undefined {
  if (raw === null || raw === '') return undefined;
  const ms = Date.parse(raw);
  if (Number.isNaN(ms)) throw new KhorosHttpError(400, `updatedSince must be an ISO-8601 time, got ${raw}`, { error: 'bad_request', message: `updatedSince must be an ISO-8601 time, got ${raw}` });
  return ms;
}

/** When a case last changed: `lastUpdated`, else `created`; a case with neither never matches a filter. */
function changedAt(kase: Case): number {
  const ms = Date.parse(kase.lastUpdated ?? kase.created ?? '');
  return Number.isNaN(ms) ? -Infinity : ms;
}

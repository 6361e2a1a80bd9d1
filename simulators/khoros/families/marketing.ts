/**
 * Khoros Marketing (Spredfast lineage) Conversations API v1, mounted at `/marketing`:
 * initiatives and their plans (what Care calls campaigns live on a plan's `campaignId`).
 * Paths, query parameters, the `{data, status, pagination}` envelope and the error codes
 * follow the published definitions (reference §1.2, §2.5, §3, §4); auth is the OAuth 2.0
 * bearer token. Seed-defined: `nameFilter` is a case-insensitive substring match,
 * `pageSize` must be 1..1000, `pagination.next`/`previous` are absolute URLs (null at
 * the ends) and the list order is the dataset's.
 */
import type { Initiative, Plan } from '../../dataset/types.ts';
import { KhorosHttpError, type ApiFamily, type FamilyContext, type KhorosRequest, type KhorosResponse } from '../route.ts';

const COMPANY = '/:environment/v1/company/:companyId';
const MAX_PAGE_SIZE = 1000;

/** Error codes of the Marketing `ApiError` enum, by HTTP status. */
const CODES: Record<number, string> = {
  400: 'VALIDATION_ERROR',
  401: 'UNAUTHENTICATED',
  403: 'UNAUTHORIZED',
  404: 'NOT_FOUND',
};

/**
 * Builds the Marketing family.
 *
 * @example
 * // GET `${sim.urls.marketing}/app/v1/company/1001/initiative?pageNumber=0&pageSize=20`
 * // with `Authorization: Bearer sim-marketing-token`
 * // → { data: [{ id, name, description }], status: { succeeded: true }, pagination: { next, previous, totalItems } }
 * const family = marketingFamily({ store, settings, requests });
 */
export function marketingFamily({ store, settings }: FamilyContext): ApiFamily {
  const initiatives = (): Initiative[] => store.instance.initiatives ?? [];

  function checkCompany(req: KhorosRequest): void {
    if (req.params.environment !== settings.environment || req.params.companyId !== settings.companyId) {
      throw new KhorosHttpError(404, `Company ${req.params.companyId} not found in environment ${req.params.environment}`);
    }
  }

  function findInitiative(req: KhorosRequest): Initiative {
    checkCompany(req);
    const initiative = initiatives().find((i) => i.id === req.params.initiativeId);
    if (!initiative) throw new KhorosHttpError(404, `Initiative ${req.params.initiativeId} not found`);
    return initiative;
  }

  return {
    name: 'marketing',
    auth: 'bearer',
    bucket: 'marketing',
    errorBody: (status, message) => ({ status: { succeeded: false, error: { code: CODES[status] ?? 'UNKNOWN_ERROR', message } } }),
    routes: [
      {
        method: 'GET',
        path: `${COMPANY}/initiative`,
        handler(req) {
          checkCompany(req);
          return pageOf(req, initiatives().map(initiativeItem));
        },
      },
      {
        method: 'GET',
        path: `${COMPANY}/initiative/:initiativeId`,
        handler: (req) => ({ status: 200, body: { data: initiativeItem(findInitiative(req)), status: { succeeded: true } } }),
      },
      {
        method: 'GET',
        path: `${COMPANY}/initiative/:initiativeId/plan`,
        handler(req) {
          const initiative = findInitiative(req);
          const plans = (store.instance.campaigns ?? []).filter((p) => p.initiativeId === initiative.id);
          return pageOf(req, plans.map(planItem));
        },
      },
    ],
  };
}

/** The documented Initiative fields. */
function initiativeItem({ id, name, description }: Initiative): Initiative {
  return description === undefined ? { id, name } : { id, name, description };
}

/** The documented Plan fields: the path carries the initiative, so `initiativeId` is left out. */
function planItem(plan: Plan): Omit<Plan, 'initiativeId'> {
  const { initiativeId: _initiative, ...rest } = plan;
  return rest;
}

/** One page of `items` filtered by `nameFilter`, in the documented envelope. */
function pageOf(req: KhorosRequest, items: { name: string }[]): KhorosResponse {
  const pageNumber = intParam(req, 'pageNumber', 0, 0, Number.MAX_SAFE_INTEGER);
  const pageSize = intParam(req, 'pageSize', 20, 1, MAX_PAGE_SIZE);
  const filter = req.query.get('nameFilter')?.toLowerCase();
  const matching = filter ? items.filter((i) => i.name.toLowerCase().includes(filter)) : items;
  const start = pageNumber * pageSize;
  const link = (n: number) => {
    const url = new URL(`${req.baseUrl}${req.path}`);
    for (const [key, value] of req.query) url.searchParams.set(key, value);
    url.searchParams.set('pageNumber', String(n));
    url.searchParams.set('pageSize', String(pageSize));
    return url.toString();
  };
  return {
    status: 200,
    body: {
      data: matching.slice(start, start + pageSize),
      status: { succeeded: true },
      pagination: {
        next: start + pageSize < matching.length ? link(pageNumber + 1) : null,
        previous: pageNumber > 0 ? link(Math.min(pageNumber - 1, Math.max(0, Math.ceil(matching.length / pageSize) - 1))) : null,
        totalItems: matching.length,
      },
    },
  };
}

function intParam(req: KhorosRequest, name: string, fallback: number, min: number, max: number): number {
  const raw = req.query.get(name);
  if (raw === null || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new KhorosHttpError(400, `${name} must be an integer from ${min} to ${max}, got ${raw}`);
  }
  return value;
}

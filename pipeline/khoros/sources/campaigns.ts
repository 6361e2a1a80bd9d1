/**
 * Campaigns (Marketing plans; Care's campaign id is a plan's `campaignId`): per initiative
 * `GET /{environment}/v1/company/{companyId}/initiative/{id}/plan?pageNumber&pageSize=1000`.
 * The API lists plans only per initiative, so the floor is one request per initiative
 * (plus one per further 1,000 plans of an initiative). The initiative ids come from
 * `options.initiativeIds` (e.g. the staged `raw_initiatives`: no extra request) or else
 * from listing the initiatives here as the pages stream (1 request per 1,000 initiatives:
 * cheaper than keeping them all, and nothing waits for the initiatives stream).
 * Requests: `I + ceil(I / 1000)` for `I` initiatives with ≤ 1,000 plans each (`I` with
 * `initiativeIds`). Records are the plans as served, plus the `initiativeId` their path
 * carried (the schema allows it; the link would be lost otherwise).
 * Checkpoint: `{listPage, pending, planPage, done}`: the next initiative page to list (null
 * when listed or given), the initiative ids still to read (the first is being read) and
 * its next plan page.
 */
import { defer } from 'rxjs';
import type { Source } from '../source-page.ts';
import { companyPath, marketingPage } from './marketing-page.ts';
import { paginate, type PageStep } from './paginate.ts';
import { DEFAULT_PAGE_SIZES, type SourceOptions } from './source-options.ts';

/** Checkpoint state of the campaigns stream. */
export interface CampaignsState {
  listPage: number | null;
  pending: string[];
  planPage: number;
}

/**
 * The raw-table key of a campaign (plan): its id.
 *
 * @example
 * campaignKey({ id: '52000', campaignId: '880000' }); // '52000'
 */
export function campaignKey(record: Record<string, unknown>): string | null {
  return (typeof record.id === 'string' && record.id !== '') || typeof record.id === 'number' ? String(record.id) : null;
}

/**
 * The campaigns source (family and stream `campaigns`); needs `environment` and `companyId`.
 *
 * @example
 * campaignsSource({ environment: 'app', companyId: '1001' })(clients, new Map());
 */
export function campaignsSource(options: SourceOptions = {}): Source {
  const pageSize = options.pageSizes?.marketing ?? DEFAULT_PAGE_SIZES.marketing;
  return (clients, resumeFrom) => defer(() => {
    const company = companyPath(options);
    const listEndpoint = `GET /marketing${company}/initiative?pageSize=${pageSize}`;
    const initial: CampaignsState = options.initiativeIds
      ? { listPage: null, pending: [...options.initiativeIds], planPage: 0 }
      : { listPage: 0, pending: [], planPage: 0 };
    const finished = (s: CampaignsState) => s.listPage === null && s.pending.length === 0;

    return paginate<CampaignsState>({
      family: 'campaigns', stream: 'campaigns', maxPages: options.maxPages, initial,
      async fetch(state): Promise<PageStep<CampaignsState>> {
        const [initiativeId, ...rest] = state.pending;
        if (initiativeId !== undefined) {
          const path = `${company}/initiative/${encodeURIComponent(initiativeId)}/plan`;
          const { items, hasNext } = await marketingPage(clients, path, state.planPage, pageSize, 'campaigns');
          const next = hasNext ? { ...state, planPage: state.planPage + 1 } : { ...state, pending: rest, planPage: 0 };
          const records = items.map((plan) => ({ ...plan, initiativeId: plan.initiativeId ?? initiativeId }));
          return { endpoint: `GET /marketing${company}/initiative/{id}/plan?pageSize=${pageSize}`, records, next, done: finished(next) };
        }
        if (state.listPage === null) return { endpoint: listEndpoint, records: [], next: state, done: true };
        // Listing a page of initiatives yields no campaign yet: an empty page whose
        // checkpoint keeps the ids, so a resumed run does not list them again.
        const { items, hasNext } = await marketingPage(clients, `${company}/initiative`, state.listPage, pageSize, 'campaigns');
        const ids = items.map((i) => i.id).filter((id) => id !== undefined && id !== null && id !== '').map(String);
        const next = { listPage: hasNext ? state.listPage + 1 : null, pending: ids, planPage: 0 };
        return { endpoint: listEndpoint, records: [], next, done: finished(next) };
      },
    }, resumeFrom);
  });
}

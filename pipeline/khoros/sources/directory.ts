/**
 * Small directories, one request each (the minimum): Care `GET /api/v2/brands`,
 * `/api/v2/tags`, `/api/v2/automation/rules`, `/api/v2/slas`, `GET /api/v1/workqueues`
 * (all `{status: 'success', data: [...]}`, on the `careOther` quota) and Analytics
 * `GET /api/public/teams` (`{status: 'PASS', result: [...]}`). Each is one stream named
 * after its family, with one page and the checkpoint `{done: true}`.
 */
import type { KhorosApi, KhorosClients } from '../khoros-api.ts';
import type { Source } from '../source-page.ts';
import { paginate } from './paginate.ts';
import { UnexpectedAnswerError } from './pagination-error.ts';
import type { SourceOptions } from './source-options.ts';

/** One directory: where it is and which field of the answer holds the list. */
interface Directory {
  family: string;
  api: (clients: KhorosClients) => KhorosApi;
  apiName: string;
  path: string;
  field: 'data' | 'result';
}

/** A source that reads one directory in one request. */
function directorySource({ family, api, apiName, path, field }: Directory): Source {
  const endpoint = `GET /${apiName}${path}`;
  return (clients, resumeFrom) => paginate<Record<string, never>>({
    family, stream: family, initial: {},
    async fetch() {
      const body = await api(clients).json<Record<string, unknown>>(path);
      const records = body?.[field];
      if (!Array.isArray(records)) throw new UnexpectedAnswerError(family, endpoint, `no "${field}" array`);
      return { endpoint, records, next: {}, done: true };
    },
  }, resumeFrom);
}

const care = (clients: KhorosClients) => clients.careOther;

/** Brands (`GET /api/v2/brands`, seed-defined). @example brandsSource()(clients, new Map()); */
export const brandsSource = (_options: SourceOptions = {}): Source => directorySource({ family: 'brands', api: care, apiName: 'care', path: '/api/v2/brands', field: 'data' });
/** Care tag definitions (`GET /api/v2/tags`). @example tagsSource()(clients, new Map()); */
export const tagsSource = (_options: SourceOptions = {}): Source => directorySource({ family: 'tags', api: care, apiName: 'care', path: '/api/v2/tags', field: 'data' });
/** Automation rules (`GET /api/v2/automation/rules`, seed-defined, inventory only). @example automationRulesSource()(clients, new Map()); */
export const automationRulesSource = (_options: SourceOptions = {}): Source => directorySource({ family: 'automation_rules', api: care, apiName: 'care', path: '/api/v2/automation/rules', field: 'data' });
/** SLAs (`GET /api/v2/slas`, seed-defined, inventory only). @example slasSource()(clients, new Map()); */
export const slasSource = (_options: SourceOptions = {}): Source => directorySource({ family: 'slas', api: care, apiName: 'care', path: '/api/v2/slas', field: 'data' });
/** Work queues (`GET /api/v1/workqueues`). @example workQueuesSource()(clients, new Map()); */
export const workQueuesSource = (_options: SourceOptions = {}): Source => directorySource({ family: 'work_queues', api: care, apiName: 'care', path: '/api/v1/workqueues', field: 'data' });
/** Teams (Analytics `GET /api/public/teams`). @example teamsSource()(clients, new Map()); */
export const teamsSource = (_options: SourceOptions = {}): Source => directorySource({ family: 'teams', api: (c) => c.analytics, apiName: 'analytics', path: '/api/public/teams', field: 'result' });

/**
 * The raw-table key of a brand, automation rule, SLA or work queue: its `id`.
 *
 * @example
 * idKey({ id: 'brand-proseware-kitchen' }); // 'brand-proseware-kitchen'
 */
export function idKey(record: Record<string, unknown>): string | null {
  const id = record.id;
  return (typeof id === 'string' && id !== '') || typeof id === 'number' ? String(id) : null;
}

/**
 * The raw-table key of a Care tag: its `tagId`, as conversations and persons reference it.
 *
 * @example
 * tagKey({ tagId: 14800, lswUuid: '3b75…', name: 'billing' }); // '14800'
 */
export function tagKey(record: Record<string, unknown>): string | null {
  return typeof record.tagId === 'number' || (typeof record.tagId === 'string' && record.tagId !== '') ? String(record.tagId) : null;
}

/**
 * The raw-table key of a team: its `uuid`.
 *
 * @example
 * teamKey({ uuid: '018dbeae-…', teamId: 300 }); // '018dbeae-…'
 */
export function teamKey(record: Record<string, unknown>): string | null {
  return typeof record.uuid === 'string' && record.uuid !== '' ? record.uuid : null;
}

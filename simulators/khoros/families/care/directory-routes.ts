/**
 * Care's directory reads: work queues and tags, and the seed-defined endpoints for what
 * Care has no public read API for (agents, brands, automation rules, SLAs). All of them
 * count against the seed-defined `care-other` bucket, not the Author/Conversation one.
 */
import type { Agent } from '../../../dataset/types.ts';
import { KhorosHttpError, type FamilyContext, type KhorosResponse, type KhorosRoute } from '../../route.ts';

const success = (data: unknown): KhorosResponse => ({ status: 200, body: { status: 'success', data } });

/**
 * Routes:
 * - `GET /api/v1/workqueues` → `data: [{id, name, description, archived}]` (documented shape;
 *   the seed-defined extra `numericId` is the `workQueue.id` that conversations carry);
 * - `GET /api/v2/tags` → `data: [{tagId, lswUuid, name, color}]` (seed-defined: Care has a
 *   Tag API but its read shape is not public);
 * - `GET /api/v2/agents?offset&limit` → `data: {agents, total, nextOffset}` (seed-defined;
 *   `limit` at most `settings.pageSizes.agents`, its default);
 * - `GET /api/v2/brands`, `GET /api/v2/automation/rules`, `GET /api/v2/slas` → `data: [...]`
 *   (seed-defined, the dataset records as they are).
 *
 * @example
 * const routes = directoryRoutes(ctx); // mounted by `careFamily`
 */
export function directoryRoutes({ store, settings }: FamilyContext): KhorosRoute[] {
  const instance = store.instance;
  const list = (path: string, data: () => unknown[]): KhorosRoute => ({ method: 'GET', path, bucket: 'care-other', handler: () => success(data()) });
  return [
    list('/api/v1/workqueues', () => (instance.workQueues ?? []).map((q) => ({
      id: q.id, name: q.name, description: q.description ?? '', archived: q.archived ?? false, numericId: q.numericId,
    }))),
    list('/api/v2/tags', () => instance.tags ?? []),
    list('/api/v2/brands', () => instance.brands ?? []),
    list('/api/v2/automation/rules', () => instance.automationRules ?? []),
    list('/api/v2/slas', () => instance.slas ?? []),
    {
      method: 'GET',
      path: '/api/v2/agents',
      bucket: 'care-other',
      handler(req) {
        const max = settings.pageSizes.agents;
        const offset = integer(req.query.get('offset'), 0, 'offset');
        const limit = integer(req.query.get('limit'), max, 'limit');
        if (limit < 1 || limit > max) throw new KhorosHttpError(400, `limit must be between 1 and ${max}`);
        const all: Agent[] = [...store.agents.values()];
        const agents = all.slice(offset, offset + limit);
        const nextOffset = offset + limit < all.length ? offset + limit : null;
        return success({ agents, total: all.length, nextOffset });
      },
    },
  ];
}

function integer(text: string | null, fallback: number, name: string): number {
  if (text === null) return fallback;
  if (!/^\d{1,9}$/.test(text)) throw new KhorosHttpError(400, `${name} must be a non-negative integer`);
  return Number(text);
}

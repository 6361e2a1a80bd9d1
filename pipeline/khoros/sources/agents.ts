/**
 * Agents: Care `GET /api/v2/agents?offset&limit=500` (seed-defined: Care has no public
 * agent directory), `data: {agents, total, nextOffset}` with `nextOffset: null` on the
 * last page. Requests: `ceil(n / 500)`, i.e. 2 per 1,000 agents, the minimum; they spend
 * the `careOther` quota, not the Author/Conversation one. Checkpoint: `{offset, done}`.
 */
import type { Source } from '../source-page.ts';
import { paginate } from './paginate.ts';
import { UnexpectedAnswerError } from './pagination-error.ts';
import { DEFAULT_PAGE_SIZES, type SourceOptions } from './source-options.ts';

/**
 * The raw-table key of an agent: its `lswUuid`, as conversations and cases reference it.
 *
 * @example
 * agentKey({ id: 5001, lswUuid: '1723b164-…' }); // '1723b164-…'
 */
export function agentKey(record: Record<string, unknown>): string | null {
  return typeof record.lswUuid === 'string' && record.lswUuid !== '' ? record.lswUuid : null;
}

/**
 * The agents source (family and stream `agents`).
 *
 * @example
 * agentsSource()(clients, new Map());
 */
export function agentsSource(options: SourceOptions = {}): Source {
  const limit = options.pageSizes?.agents ?? DEFAULT_PAGE_SIZES.agents;
  const endpoint = `GET /care/api/v2/agents?limit=${limit}`;
  return (clients, resumeFrom) => paginate<{ offset: number }>({
    family: 'agents', stream: 'agents', maxPages: options.maxPages,
    initial: { offset: 0 },
    async fetch({ offset }) {
      const body = await clients.careOther.json<{ data?: { agents?: unknown; nextOffset?: unknown } }>('/api/v2/agents', { searchParams: { offset, limit } });
      const agents = body?.data?.agents;
      if (!Array.isArray(agents)) throw new UnexpectedAnswerError('agents', endpoint, 'no "data.agents" array');
      const nextOffset = typeof body.data?.nextOffset === 'number' ? body.data.nextOffset : null;
      return { endpoint, records: agents, next: { offset: nextOffset ?? offset + agents.length }, done: nextOffset === null || agents.length === 0 };
    },
  }, resumeFrom);
}

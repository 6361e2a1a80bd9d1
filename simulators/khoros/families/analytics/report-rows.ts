/**
 * The rows of the Analytics exports the simulator supports. Khoros does not publish the
 * column lists (reference §3), so every column below is seed-defined; times are epoch ms
 * as everywhere in Care, lists are `;`-joined so that every row stays flat (CSV-friendly).
 */
import type { Conversation } from '../../../dataset/types.ts';
import type { KhorosStore } from '../../store.ts';

/** A flat row: the JSON download is an array of these, the CSV one row per line. */
export type ReportRow = Record<string, string | number | boolean | null>;

/** An export's fixed columns (the CSV header even when there are no rows) and rows. */
export interface ReportTable {
  columns: string[];
  rows: ReportRow[];
}

/** Which Raw Conversation rows a report holds (documented values; OPEN_AT_END is the default). */
export type ConversationReportType = 'OPEN_AT_END' | 'CLOSED' | 'CREATED';

/** The report window `[start, end)` and options. */
export interface ReportQuery {
  start: number;
  end: number;
  conversationReportType: ConversationReportType;
}

/**
 * Columns per supported export id:
 * - `conversation` (Raw Conversation): one row per Care conversation created in the window
 *   (CREATED), closed in it (CLOSED) or still open at its end (OPEN_AT_END);
 * - `author` (Raw Author): one row per person whose `lastModified` is in the window;
 * - `raw_agent_states`: one row per agent, whatever the window.
 */
export const REPORT_COLUMNS = {
  conversation: [
    'conversationId', 'conversationDisplayId', 'status', 'priority', 'createdTime', 'closedTime', 'lastModifiedTime',
    'workQueueId', 'workQueueName', 'assignedAgentId', 'assignedAgentName', 'assignedAgentEmail',
    'authorId', 'network', 'networkInstance', 'messageCount', 'responseCount', 'tagIds',
  ],
  author: ['authorId', 'authorDisplayId', 'name', 'screenName', 'networks', 'crmId', 'brandOwned', 'deleted', 'mergedIntoId', 'lastModifiedTime'],
  raw_agent_states: ['agentId', 'agentNumericId', 'agentName', 'agentEmail', 'role', 'teamIds', 'initiativeIds', 'active'],
} as const;

/** Export ids with rows in the simulator. */
export type SupportedExport = keyof typeof REPORT_COLUMNS;

/**
 * The snapshot of one export, or undefined for an export id the simulator does not serve.
 *
 * @example
 * reportTable('conversation', store, { start, end, conversationReportType: 'CREATED' })?.rows;
 */
export function reportTable(exportId: string, store: KhorosStore, query: ReportQuery): ReportTable | undefined {
  if (!(exportId in REPORT_COLUMNS)) return undefined;
  const id = exportId as SupportedExport;
  return { columns: [...REPORT_COLUMNS[id]], rows: ROWS[id](store, query) };
}

const ROWS: Record<SupportedExport, (store: KhorosStore, query: ReportQuery) => ReportRow[]> = {
  conversation(store, query) {
    const queues = new Map((store.instance.workQueues ?? []).map((q) => [q.id, q.name]));
    return [...store.conversations.values()].filter((c) => selects(c, query)).map((c) => {
      const agent = c.assignedToAgent && 'lswUuid' in c.assignedToAgent ? c.assignedToAgent : undefined;
      const customer = c.messages.find((m) => !m.author.brandOwned && m.author.personId);
      return {
        conversationId: c.lswUuid,
        conversationDisplayId: c.displayNumber,
        status: c.status,
        priority: c.priority ?? 0,
        createdTime: c.createDate,
        closedTime: c.closeDate ?? null,
        lastModifiedTime: c.lastModified,
        workQueueId: c.workQueue?.id ?? null,
        workQueueName: (c.workQueue && queues.get(c.workQueue.lswUuid)) ?? null,
        assignedAgentId: agent?.lswUuid ?? null,
        assignedAgentName: agent?.name ?? null,
        assignedAgentEmail: agent?.email ?? null,
        authorId: customer?.author.personId ?? c.participants?.[0] ?? null,
        network: c.channel?.network ?? c.messages[0]?.network ?? null,
        networkInstance: c.channel?.networkinstance ?? c.messages[0]?.networkinstance ?? null,
        messageCount: c.messages.length,
        responseCount: c.messages.filter((m) => m.author.brandOwned).length,
        tagIds: (c.tags ?? []).map((t) => t.tagId).join(';'),
      };
    });
  },
  author(store, { start, end }) {
    return [...store.authors.values()].filter((a) => a.lastModified >= start && a.lastModified < end).map((a) => {
      // Twitter handles are scrubbed in Care, so names come from the other networks.
      const named = Object.entries(a.handles).filter(([network]) => network !== 'twitter').flatMap(([, list]) => list).find((h) => h.name);
      return {
        authorId: a.id,
        authorDisplayId: a.displayNumber,
        name: named?.name ?? null,
        screenName: named?.screenName ?? null,
        networks: Object.keys(a.handles).join(';'),
        crmId: a.handles.crm?.[0]?.id ?? null,
        brandOwned: a.brandOwned ?? false,
        deleted: a.deleted ?? false,
        mergedIntoId: a.mergedIntoId ?? null,
        lastModifiedTime: a.lastModified,
      };
    });
  },
  raw_agent_states(store) {
    return [...store.agents.values()].map((a) => ({
      agentId: a.lswUuid,
      agentNumericId: a.id,
      agentName: a.name,
      agentEmail: a.email,
      role: a.role,
      teamIds: (a.teamIds ?? []).join(';'),
      initiativeIds: (a.initiativeIds ?? []).join(';'),
      active: a.active ?? true,
    }));
  },
};

/** Whether a conversation belongs in a Raw Conversation report of this type. */
function selects(c: Conversation, { start, end, conversationReportType }: ReportQuery): boolean {
  const inside = (t: number | undefined) => t !== undefined && t >= start && t < end;
  if (conversationReportType === 'CREATED') return inside(c.createDate);
  if (conversationReportType === 'CLOSED') return inside(c.closeDate);
  // A CLOSED conversation without a closeDate is treated as closed before the window ends.
  const closedByEnd = c.closeDate !== undefined ? c.closeDate < end : c.status === 'CLOSED';
  return c.createDate < end && !closedByEnd;
}

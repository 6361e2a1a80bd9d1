/**
 * Benchmark (not part of `npm test`): requests the export spends per 1,000 records of each
 * object family, against the fewest the API allows for those records. Reads the
 * simulator's request log of one export (every request sent, 429s and retries included)
 * and the records staged or quarantined per family.
 *
 * Minimums (`n` records of the family; a list costs at least one request, even empty):
 * - CRM customers `ceil(n / 1000)`, CRM cases `ceil(n / 100)`, Care agents `ceil(n / 500)`,
 *   Care authors `ceil(n / 10)` (the server's page), LiQL collections `ceil(n / 1000)`,
 *   Marketing initiatives `ceil(n / 1000)`;
 * - conversation details `ceil(n / 20)` (the displayIds lookup's maximum);
 * - campaigns: one plan page per initiative (`I`, when no initiative has more than 1,000
 *   plans); the initiative ids are already staged by the initiatives stream, so listing
 *   them again is over the minimum;
 * - custom fields 2 (customer, case); each directory (brands, tags, automation rules,
 *   SLAs, work queues, teams) 1; the Community login 1 per run;
 * - the conversations' Analytics enumeration is a fixed cost per window, not per record,
 *   so it is reported apart: per window a create and a poll, plus a download when the
 *   window has rows: `2 W + downloads`; polls beyond the first per job are over it.
 *
 * @example
 * npx tsx scripts/bench/requests-per-record.ts [SCALE] [QUOTA_SCALE] [SEED]   # medium 5 1
 */
import { pathToFileURL } from 'node:url';
import type { LoggedRequest } from '../../simulators/khoros/request-log.ts';
import { benchExport, printTable, SINCE, type BenchExport } from './bench-export.ts';

const WINDOW_MS = 31 * 86_400_000;
const LIQL_FAMILY: Record<string, string> = { categories: 'kb_categories', boards: 'kb_boards', messages: 'kb_articles', images: 'kb_images' };
const DIRECTORY_PATHS: Record<string, string> = {
  '/api/v2/brands': 'brands', '/api/v2/tags': 'tags', '/api/v2/automation/rules': 'automation_rules', '/api/v2/slas': 'slas', '/api/v1/workqueues': 'work_queues',
};

/** What a logged request was spent on: an object family, or `conversations:enumeration`, `community:login`, `initiatives:list`. */
export function spentOn(entry: Pick<LoggedRequest, 'family' | 'path' | 'query' | 'method'>): string {
  const { family, path } = entry;
  if (family === 'crm') return path === '/customers' ? 'customers' : path === '/cases' ? 'cases' : path.startsWith('/meta/object/') ? 'custom_fields' : `crm:${path}`;
  if (family === 'care') {
    if (path === '/api/v2/authors') return 'authors';
    if (path.startsWith('/api/v2/conversations/displayIds/')) return 'conversations';
    if (path === '/api/v2/agents') return 'agents';
    return DIRECTORY_PATHS[path] ?? `care:${path}`;
  }
  if (family === 'analytics') return path === '/api/public/teams' ? 'teams' : path.startsWith('/api/public/reports/') ? 'conversations:enumeration' : `analytics:${path}`;
  if (family === 'community') {
    if (path.includes('/authentication/sessions/login')) return 'community:login';
    const from = /\bFROM\s+(\w+)/i.exec(new URLSearchParams(entry.query).get('q') ?? '')?.[1] ?? '';
    return LIQL_FAMILY[from] ?? `community:${from || path}`;
  }
  if (family === 'marketing') return /\/initiative\/[^/]+\/plan$/.test(path) ? 'campaigns' : /\/initiative$/.test(path) ? 'initiatives:list' : `marketing:${path}`;
  return `${family}:${path}`;
}

/** One family's figures. */
export interface FamilyRequests {
  family: string;
  records: number;
  requests: number;
  minimum: number;
  perThousand: number | null;
  minimumPerThousand: number | null;
  overMinimum: number;
  atMinimum: boolean;
}

/**
 * The per-family figures of one export.
 *
 * @example
 * const report = requestsPerRecord(await benchExport({ quotaScale: 10 }));
 */
export function requestsPerRecord(run: BenchExport) {
  const spent = new Map<string, LoggedRequest[]>();
  for (const entry of run.log) {
    if (entry.family === '_admin') continue;
    const what = spentOn(entry);
    const list = spent.get(what) ?? [];
    list.push(entry);
    spent.set(what, list);
  }
  const count = (what: string) => spent.get(what)?.length ?? 0;
  const records = (family: string) => (run.staged[family] ?? 0) + (run.quarantined[family] ?? 0);
  const pages = (n: number, size: number) => Math.max(1, Math.ceil(n / size));
  const initiatives = records('initiatives');
  // Both the initiatives stream and the campaigns source list initiatives (same request):
  // the first `pages(I, 1000)` are the initiatives stream's, the rest the campaigns source's.
  const initiativeLists = count('initiatives:list');
  const initiativePages = pages(initiatives, 1000);
  const minimum: Record<string, [requests: number, minimum: number]> = {
    customers: [count('customers'), pages(records('customers'), 1000)],
    custom_fields: [count('custom_fields'), 2],
    agents: [count('agents'), pages(records('agents'), 500)],
    cases: [count('cases'), pages(records('cases'), 100)],
    authors: [count('authors'), pages(records('authors'), 10)],
    conversations: [count('conversations'), Math.ceil(records('conversations') / 20)],
    kb_categories: [count('kb_categories'), pages(records('kb_categories'), 1000)],
    kb_boards: [count('kb_boards'), pages(records('kb_boards'), 1000)],
    kb_articles: [count('kb_articles'), pages(records('kb_articles'), 1000)],
    kb_images: [count('kb_images'), pages(records('kb_images'), 1000)],
    initiatives: [Math.min(initiativeLists, initiativePages), initiativePages],
    campaigns: [count('campaigns') + Math.max(0, initiativeLists - initiativePages), initiatives],
    brands: [count('brands'), 1], tags: [count('tags'), 1], automation_rules: [count('automation_rules'), 1],
    slas: [count('slas'), 1], work_queues: [count('work_queues'), 1], teams: [count('teams'), 1],
  };
  const families: FamilyRequests[] = Object.entries(minimum).map(([family, [requests, min]]) => {
    const n = records(family);
    return {
      family, records: n, requests, minimum: min,
      perThousand: n > 0 ? round((requests * 1000) / n) : null,
      minimumPerThousand: n > 0 ? round((min * 1000) / n) : null,
      overMinimum: requests - min,
      atMinimum: requests <= min,
    };
  });
  const enumeration = spent.get('conversations:enumeration') ?? [];
  const creates = enumeration.filter((e) => e.method === 'POST').length;
  const downloads = enumeration.filter((e) => e.path.endsWith('/download')).length;
  const polls = enumeration.filter((e) => e.path.endsWith('/status')).length;
  const windows = Math.ceil((run.until - Date.parse(SINCE)) / WINDOW_MS);
  const enumerationMinimum = 2 * windows + downloads;
  const known = new Set([...Object.keys(minimum), 'conversations:enumeration', 'community:login', 'initiatives:list']);
  const other = [...spent.entries()].filter(([what]) => !known.has(what)).map(([what, list]) => ({ what, requests: list.length }));
  return {
    target: 'requests = the API minimum in every family',
    pass: families.every((f) => f.atMinimum),
    families,
    conversationEnumeration: {
      since: SINCE, windows, creates, polls, downloads, requests: enumeration.length, minimum: enumerationMinimum,
      extraPolls: polls - creates, atMinimum: enumeration.length <= enumerationMinimum,
      note: 'fixed cost per 31-day Analytics window (Analytics quota), independent of the number of conversations',
    },
    communityLogins: count('community:login'),
    other,
  };
}

/** Prints the per-family table. */
export function printRequestsPerRecord(report: ReturnType<typeof requestsPerRecord>): void {
  printTable('Requests per 1,000 records (every request sent, against the API minimum)', report.families.map((f) => ({
    family: f.family, records: f.records, requests: f.requests, minimum: f.minimum, 'per_1000': f.perThousand, 'min_per_1000': f.minimumPerThousand, over: f.overMinimum,
  })));
  const e = report.conversationEnumeration;
  process.stderr.write(`conversations enumeration (Analytics, since ${e.since}): ${e.windows} windows, ${e.creates} creates, ${e.polls} polls, ${e.downloads} downloads = ${e.requests} requests; minimum ${e.minimum}; community logins ${report.communityLogins}\n`);
}

function round(n: number): number {
  return Number(n.toFixed(3));
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const scale = process.argv[2] ?? 'medium';
  const quotaScale = Number(process.argv[3] ?? 5);
  const seed = Number(process.argv[4] ?? 1);
  const report = requestsPerRecord(await benchExport({ scale, seed, quotaScale }));
  printRequestsPerRecord(report);
  process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
}

/**
 * The `delta` stage: what changed in Khoros since the last watermark, exported into the raw
 * tables (the latest version of a record replaces the staged one) and applied through the
 * import under the confirmed map, limited to the changed records (`onlyKeys`). Through the
 * ledger's source-keyed parts a new interaction becomes a new part at its original time, a
 * changed status a new state part, changed fields an update; what was written stays and is
 * skipped, so any number of overlapping deltas write each change once, and a delta right
 * after a delta writes nothing.
 *
 * What it reads, per family group (each its own watermark, `pipeline/delta/watermarks.ts`),
 * from `watermark - overlap` to the time it started:
 * - Care: `authors/changed` in ≤ 24 h windows, then each changed person and its conversation
 *   windows, then each touched conversation's details (`delta/care-changes.ts`);
 * - cases: `GET /crm/cases?updatedSince=`; with `sweepCases`, also every case id (the full
 *   list, 1 request per 100 cases), the only way the API shows a deleted case;
 * - customers: the CRM store has no change filter for customers: the bulk list (1 request
 *   per 1,000) compared with the staged copies, which also shows deleted customers;
 * - KB articles: LiQL could filter on `last_edit_time`, but a deleted article only shows as
 *   absent from the list, so the list is read again (1 request per 1,000) and compared.
 *
 * Deleted or merged source records are reported in `source_removals` and the summary; the
 * Intercom objects the migration wrote for them stay (a person decides). The watermarks move
 * only once the import has completed.
 */
import { createHash } from 'node:crypto';
import { defaultIfEmpty, ignoreElements, lastValueFrom, map, of, type Observable } from 'rxjs';
import { loadKhorosSchemas } from '../schemas/khoros/load-khoros-schemas.ts';
import type { Config } from './config.ts';
import { readCareChanges } from './delta/care-changes.ts';
import { recordRemovals, writtenId, type SourceRemoval } from './delta/source-removals.ts';
import { staleParts } from './delta/stale-parts.ts';
import { DELTA_GROUPS, readWatermarks, writeWatermarks, type DeltaGroup } from './delta/watermarks.ts';
import { seedSeenCaseIds } from './export/seed-seen-case-ids.ts';
import { createPageGate, gateClients } from './export/page-gate.ts';
import { stageFamily, type StageContext } from './export/stage-family.ts';
import { runImport, type ImportSummary, type ImportTransforms } from './import.ts';
import { createIntercomClient } from './intercom/create-intercom-client.ts';
import type { IntercomClient } from './intercom/intercom-api.ts';
import { createKhorosClients, type KhorosClientOptions } from './khoros/create-khoros-clients.ts';
import type { KhorosClients } from './khoros/khoros-api.ts';
import type { Source, SourcePage } from './khoros/source-page.ts';
import { crmCursorPages } from './khoros/sources/crm-cursor-source.ts';
import { keyOf } from './khoros/sources/index.ts';
import { kbArticlesSource } from './khoros/sources/kb.ts';
import type { Workspace, WorkspacePage } from './workspace/workspace.ts';

/** How far before the watermark a delta reads again, unless configured: clock skew and late writes on Khoros's side. */
export const DEFAULT_OVERLAP_MINUTES = 10;

type Obj = Record<string, any>;

/** Options of `runDelta`. */
export interface DeltaOptions {
  config: Config;
  workspace: Workspace;
  /** The confirmed map file. */
  mappingPath: string;
  /** @default createIntercomClient(config.intercom) */
  intercom?: IntercomClient;
  /** Khoros client options (quotaScale, retries). */
  clients?: KhorosClientOptions;
  /** Minutes read again before each watermark. @default DEFAULT_OVERLAP_MINUTES */
  overlapMinutes?: number;
  /** Also list every case id, to find deleted cases (1 request per 100 cases). @default false */
  sweepCases?: boolean;
  /** @default () => new Date() */
  now?: () => Date;
  onProgress?: (message: string) => void;
  /** The pipeline author's import transforms (`RunImportOptions.transforms`): pass the ones the workspace's imports used. @default none */
  transforms?: ImportTransforms;
}

/** What a delta did. */
export interface DeltaSummary {
  runId: string;
  /** Per group: the window read (ISO) and where its start came from. */
  windows: Record<DeltaGroup, { from: string; to: string; watermark: 'delta' | 'export' }>;
  /** Changed records staged, per family. */
  staged: Record<string, number>;
  /** Removals found by this run (`source_removals`); `newRemovals` of them not reported before. */
  removals: SourceRemoval[];
  newRemovals: number;
  import: ImportSummary;
  /** Intercom writes the import sent (creates, updates, parts, tags). */
  writes: number;
  khorosRequests: number;
}

/**
 * Runs a delta.
 *
 * @example
 * const summary = await runDelta({ config, workspace, mappingPath: 'mapping.yaml' });
 * summary.writes; // 0 right after another delta
 */
export async function runDelta(options: DeltaOptions): Promise<DeltaSummary> {
  const { config, workspace } = options;
  const progress = options.onProgress ?? (() => undefined);
  const startedAt = (options.now ?? (() => new Date()))().getTime();
  const overlapMs = Math.max(0, options.overlapMinutes ?? DEFAULT_OVERLAP_MINUTES) * 60_000;
  const marks = await readWatermarks(workspace);
  const from = (group: DeltaGroup) => Math.min(marks[group].at - overlapMs, startedAt);
  const windows = Object.fromEntries((Object.keys(DELTA_GROUPS) as DeltaGroup[]).map((g) => [g, { from: new Date(from(g)).toISOString(), to: new Date(startedAt).toISOString(), watermark: marks[g].from }])) as DeltaSummary['windows'];

  const clients = createKhorosClients(config.khoros, options.clients);
  const gate = createPageGate();
  const context: StageContext = {
    clients: gateClients(clients, gate), gate, workspace, validatorFor: loadKhorosSchemas(), sourceOptions: { environment: config.khoros.environment, companyId: config.khoros.companyId },
    checkpoints: new Map(), seenCaseIds: await seedSeenCaseIds(workspace),
  };
  const staged: Record<string, string[]> = {};
  const stage = async (family: string, source: Source) => {
    const keys = (staged[family] ??= []);
    await lastValueFrom(stageFamily({ family, create: () => source }, { ...context, onPage: (page: WorkspacePage) => keys.push(...page.rows.map((r) => r.key)) })
      .pipe(ignoreElements(), defaultIfEmpty(undefined)));
  };
  const removals: SourceRemoval[] = [];

  // Care: changed persons and the conversations they touched.
  progress(`care: authors/changed from ${windows.care.from}`);
  const care = await readCareChanges(clients, from('care'), startedAt);
  await stage('authors', listed('authors', 'GET /care/api/v2/authors/{id}', care.authors));
  await stage('conversations', listed('conversations', 'GET /care/api/v2/conversations/{lswUuid}', care.conversations));
  for (const author of care.authors) {
    if (typeof author.mergedIntoId === 'string' && author.mergedIntoId !== '') {
      removals.push({ family: 'authors', key: String(author.id), kind: 'merged', intoKey: author.mergedIntoId, detail: `Care person merged into ${author.mergedIntoId}` });
    } else if (author.deleted === true) {
      removals.push({ family: 'authors', key: String(author.id), kind: 'deleted', detail: 'Care person flagged deleted' });
    }
  }
  for (const id of care.goneAuthors) removals.push({ family: 'authors', key: id, kind: 'deleted', detail: 'GET /care/api/v2/authors/{id} answered 404' });
  for (const id of care.goneConversations) {
    removals.push({ family: 'conversations', key: id, kind: 'deleted', detail: 'GET /care/api/v2/conversations/{id} answered 404', intercomId: await writtenId(workspace, 'conversation', id) });
  }

  // Cases changed since the watermark (their interactions inline).
  progress(`cases: updatedSince ${windows.cases.from}`);
  const updatedSince = new Date(from('cases')).toISOString();
  await stage('cases', (c, resume) => crmCursorPages(c, { family: 'cases', stream: 'delta:cases', path: '/cases', field: 'cases', limit: 100, params: { updatedSince } }, resume));
  if (options.sweepCases) removals.push(...(await sweepCases(clients, workspace)));

  // Customers and KB articles: listed again, compared with the staged copies.
  progress('customers: the bulk list, compared with the staged copies');
  const customers = await changedOnly(workspace, 'customers', (c, resume) => crmCursorPages(c, { family: 'customers', stream: 'delta:customers', path: '/customers', field: 'customers', limit: 1000 }, resume));
  await stage('customers', customers.source);
  for (const key of await customers.gone()) {
    removals.push({ family: 'customers', key, kind: 'deleted', detail: 'no longer listed by GET /crm/customers', intercomId: await writtenId(workspace, 'contact', key) });
  }
  progress('kb: the article list, compared with the staged copies');
  const articles = await changedOnly(workspace, 'kb_articles', renamed(kbArticlesSource(context.sourceOptions)));
  await stage('kb_articles', articles.source);
  for (const key of await articles.gone()) removals.push({ family: 'kb_articles', key, kind: 'deleted', detail: 'no longer listed by LiQL', intercomId: await writtenId(workspace, 'article', key) });

  // Apply: the changed records only, under the confirmed map.
  const onlyKeys = new Set<string>([...(staged.customers ?? []), ...(staged.cases ?? []), ...(staged.conversations ?? [])]);
  for (const author of care.authors as Obj[]) for (const handle of author.handles?.crm ?? []) if (typeof handle?.id === 'string') onlyKeys.add(handle.id);
  progress(`import: ${onlyKeys.size} changed records`);
  const intercom = options.intercom ?? createIntercomClient(config.intercom);
  const imported = await runImport({ workspace, mappingPath: options.mappingPath, config, intercom, onlyKeys, transforms: options.transforms });
  removals.push(...(await staleParts(workspace, 'cases', staged.cases ?? [])), ...(await staleParts(workspace, 'conversations', staged.conversations ?? [])));
  const newRemovals = await recordRemovals(workspace, removals);

  // Everything staged and applied: the watermarks move to where this delta started reading up to.
  await writeWatermarks(workspace, Object.fromEntries((Object.keys(DELTA_GROUPS) as DeltaGroup[]).map((g) => [g, startedAt])));
  const steps = [imported.contacts, imported.conversations, imported.articles];
  return {
    runId: workspace.runId, windows,
    staged: Object.fromEntries(Object.entries(staged).map(([family, keys]) => [family, new Set(keys).size])),
    removals, newRemovals, import: imported,
    writes: steps.reduce((n, c) => n + c.created + c.updated + c.writes, 0),
    khorosRequests: Object.values(clients.stats().requests).reduce((n, k) => n + k, 0),
  };
}

/** Records already fetched, as one page of a delta stream. */
function listed(family: string, endpoint: string, records: Obj[]): Source {
  return () => of<SourcePage>({ family, stream: `delta:${family}`, endpoint, records, checkpoint: { done: true } });
}

/** A source's pages under a `delta:` stream name, so the export's own checkpoint is left as it is. */
function renamed(source: Source): Source {
  return (clients, resume) => source(clients, resume).pipe(map((page) => ({ ...page, stream: `delta:${page.stream}` })));
}

/**
 * A listing source that lets through only the records new or different from the staged
 * copy, and afterwards answers the staged keys the listing no longer had.
 */
async function changedOnly(workspace: Workspace, family: string, source: Source): Promise<{ source: Source; gone(): Promise<string[]> }> {
  const hashes = new Map((await workspace.query<{ key: string; h: string }>(`SELECT key, md5(CAST(payload AS VARCHAR)) AS h FROM raw_${family}`).catch(() => []))
    .map((r) => [r.key, r.h]));
  const seen = new Set<string>();
  let completed = false;
  return {
    source: (clients, resume) => {
      const pages: Observable<SourcePage> = source(clients, resume).pipe(map((page) => ({
        ...page,
        records: page.records.filter((record) => {
          const key = keyOf(family, record as Obj);
          if (key === null) return true;
          seen.add(key);
          return hashes.get(key) !== createHash('md5').update(JSON.stringify(record)).digest('hex');
        }),
        ...(page.checkpoint.done ? { checkpoint: page.checkpoint } : {}),
      })));
      return pages.pipe(map((page) => {
        if (page.checkpoint.done) completed = true;
        return page;
      }));
    },
    gone: async () => (completed ? [...hashes.keys()].filter((key) => !seen.has(key)).sort() : []),
  };
}

/** Staged cases the full case list no longer has (the only way the CRM API shows a deleted case). */
async function sweepCases(clients: KhorosClients, workspace: Workspace): Promise<SourceRemoval[]> {
  const ids = new Set<string>();
  await lastValueFrom(crmCursorPages(clients, { family: 'cases', stream: 'delta:sweep', path: '/cases', field: 'cases', limit: 100 }, new Map()).pipe(
    map((page) => page.records.forEach((r) => ids.add(String((r as Obj).id)))), ignoreElements(), defaultIfEmpty(undefined)));
  const staged = await workspace.query<{ key: string; id: string }>(`SELECT key, payload->>'$.id' AS id FROM raw_cases`);
  const out: SourceRemoval[] = [];
  for (const { key, id } of staged) {
    if (!ids.has(id)) out.push({ family: 'cases', key, kind: 'deleted', detail: `case ${id} is no longer listed by GET /crm/cases`, intercomId: await writtenId(workspace, 'conversation', key) });
  }
  return out;
}

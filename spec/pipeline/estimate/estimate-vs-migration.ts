/**
 * Compares `estimateMigration` with what a real migration sent: Intercom requests per stage
 * (from the simulator's request log, cut where `runMigrate` announced each stage) and Khoros
 * requests per bucket (the export's own count). Shared by the tiny migration in
 * `spec/pipeline/migrate.spec.ts`, so no second migration runs for it.
 */
import type { MigrateEvent, MigrateResult } from '../../../pipeline/migrate.ts';
import { estimateMigration, type MigrationEstimate } from '../../../pipeline/estimate.ts';
import type { EstimateCounts } from '../../../pipeline/estimate/resolve-counts.ts';
import type { Dataset } from '../../../simulators/dataset/types.ts';

/** Records how many requests the Intercom simulator had logged when each stage began. */
export interface StageMarks {
  /** Pass as (part of) `runMigrate`'s `onProgress`. */
  onProgress(event: MigrateEvent): void;
  /** Closes the current stage (call after `runMigrate` returns). */
  end(): void;
  /** Requests per stage so far, summed over every run. */
  requests(): Record<string, number>;
}

/**
 * Marks stages against a request log whose length `logged()` answers.
 *
 * @example
 * const marks = stageMarks(() => sims.intercom.requests.entries.length);
 */
export function stageMarks(logged: () => number): StageMarks {
  const totals: Record<string, number> = {};
  let current: { stage: string; at: number } | null = null;
  const close = () => {
    if (current) totals[current.stage] = (totals[current.stage] ?? 0) + logged() - current.at;
    current = null;
  };
  return {
    onProgress(event) {
      if (event.type !== 'stage') return;
      close();
      current = { stage: event.stage, at: logged() };
    },
    end: close,
    requests: () => ({ ...totals }),
  };
}

/**
 * The counts of a tiny migration as the estimate takes them: the four counts and the
 * families from the dataset's `meta.counts`; with `measured`, also the counts the
 * dataset does not carry (what import and provision wrote), so the estimate can match
 * exactly; without, they are derived as for any company.
 */
export function tinyCounts(dataset: Dataset, measured?: { result: MigrateResult; parts: number; conversationTags: number }): EstimateCounts {
  const m = dataset.meta.counts as Record<string, number>;
  const counts: EstimateCounts = {
    customers: m.customers, cases: m.cases, interactions: m.interactions, articles: m.articles,
    conversations: m.conversations, messages: m.messages, authors: m.authors, agents: m.agents, initiatives: m.initiatives,
    kbCategories: m.categories, kbBoards: m.boards, kbImages: m.images, intercomContacts: m['intercom.contacts'],
  };
  if (!measured) return counts;
  const { result } = measured;
  const written = (type: string) => result.provision!.objects.filter((o) => o.objectType === type && (o.action === 'created' || o.action === 'updated')).length;
  return {
    ...counts,
    unwrittenCustomers: result.import!.contacts.quarantined, unwrittenConversations: result.import!.conversations.quarantined,
    contactAttributes: written('data_attribute'), conversationAttributes: written('conversation_attribute'),
    attributeOptions: written('conversation_attribute_option'), tags: written('tag'),
    parts: measured.parts, conversationTags: measured.conversationTags, linkedArticles: result.import!.articles.updated,
  };
}

/** The estimate's Intercom requests by `runMigrate` stage (import's steps summed). */
export function estimatedByStage(estimate: MigrationEstimate): Record<string, number> {
  const of = (prefix: string) => estimate.stages.filter((s) => s.api === 'intercom' && s.stage.startsWith(prefix)).reduce((n, s) => n + s.requests, 0);
  return { export: 0, 'map-propose': of('map propose'), 'map-confirm': of('map confirm'), provision: of('provision'), import: of('import:'), verify: of('verify --sample') };
}

/** The export estimate's requests per Khoros bucket (buckets with none left out), as `ExportSummary.stats.requests` counts them. */
export function estimatedByBucket(estimate: MigrationEstimate): Record<string, number> {
  return Object.fromEntries(estimate.buckets.filter((b) => b.bucket.startsWith('khoros ') && b.requests > 0).map((b) => [b.bucket.slice('khoros '.length), b.requests]));
}

export { estimateMigration };

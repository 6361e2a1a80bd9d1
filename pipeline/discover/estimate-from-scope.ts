/**
 * The export-time estimate from what the workspace has staged: a family counts once its
 * export is done; a family not exported (or half exported) is left unknown, and the
 * estimate says its totals are a lower bound rather than guessing.
 */
import { estimateExport, type ExportCounts } from '../khoros/estimate-export.ts';
import { DEFAULT_SINCE, epochMs } from '../khoros/sources/source-options.ts';
import type { EstimateReport, ObjectCount } from './report.ts';

/** Estimate count → the objects it adds up. */
const SOURCES: Record<keyof ExportCounts, string[]> = {
  customers: ['customers'], cases: ['cases'], agents: ['agents'], authors: ['authors'], conversations: ['conversations'],
  initiatives: ['initiatives'], kbCategories: ['kb_categories'], kbBoards: ['kb_boards'], kbArticles: ['kb_articles'],
  kbImages: ['kb_images'], attachments: ['attachments'],
};

/**
 * The estimate section for the analytics span `since`..`until`.
 *
 * @example
 * estimateFromScope(objects, { since: '2023-01-01T00:00:00Z', until: Date.now() }).estimate.unknown; // ['customers', 'cases', ...]
 */
export function estimateFromScope(objects: readonly ObjectCount[], span: { since?: number | string | Date; until?: number | string | Date }): EstimateReport {
  const byName = new Map(objects.map((o) => [o.object, o]));
  const counts: ExportCounts = {};
  const shown: Record<string, number | null> = {};
  for (const [key, names] of Object.entries(SOURCES) as [keyof ExportCounts, string[]][]) {
    const parts = names.map((n) => byName.get(n));
    const known = parts.every((p) => p?.status === 'exported' && p.count !== null);
    // Quarantined records were fetched too: they cost requests like the staged ones.
    const value = known ? parts.reduce((n, p) => n + p!.count! + p!.quarantined, 0) : null;
    shown[key] = value;
    if (value !== null) counts[key] = value;
  }
  const since = epochMs(span.since, DEFAULT_SINCE, 'since');
  const until = epochMs(span.until, Date.now(), 'until');
  return { counts: shown, since: new Date(since).toISOString(), until: new Date(until).toISOString(), estimate: estimateExport(counts, { since, until }) };
}

/**
 * Plans the KB articles: each staged TKB article transformed with the confirmed map (an
 * article or an internal article, as `kb_articles.visibility` says), one chunk at a time.
 * Skipped when the map skips its visibility or the ledger has it with the same payload;
 * updated when the ledger has it with another payload; queued when the transform cannot
 * write it (no numeric author); created otherwise. Intercom articles have no external key,
 * so only the ledger knows which were written.
 */
import { buildRecordHashes } from '../transform/build-payload-hash.ts';
import { ARTICLE_LEDGER_TYPES } from '../transform/build-import-lookups.ts';
import { readLedgerState, type LedgerRecord } from '../transform/read-ledger-state.ts';
import type { StagedKbArticle } from '../transform/staged-article.ts';
import { transformArticle, type TransformedArticle } from '../transform/transform-article.ts';
import { ledgerVerdict } from './ledger-verdict.ts';
import { compactFindings, type PlanContext, type PlannedEntry } from './plan-context.ts';
import type { PlanItem } from './plan-item.ts';
import { stagedChunks } from './staged-chunks.ts';

/**
 * Plans every staged article.
 *
 * @example
 * await planArticles(context);
 */
export async function planArticles(context: PlanContext): Promise<void> {
  const { workspace, mapping, lookups } = context;
  for await (const chunk of stagedChunks<StagedKbArticle>(workspace, 'kb_articles', context.chunkSize)) {
    const written = context.ledger ? await readLedgerState(workspace, ARTICLE_LEDGER_TYPES, chunk.map((r) => r.key)) : new Map<string, LedgerRecord>();
    const entries: PlannedEntry[] = chunk.map(({ key, payload }) => {
      const result = transformArticle(payload, { mapping, lookups, now: context.now });
      return { item: classifyArticle(key, result, written.get(key)), findings: result.findings };
    });
    await context.record(entries);
  }
}

/**
 * Classifies one transformed article. Pure.
 *
 * @example
 * classifyArticle('1001', result, undefined); // { action: 'create', objectType: 'article', ... }
 */
export function classifyArticle(key: string, result: TransformedArticle, written: LedgerRecord | undefined): PlanItem {
  const objectType = result.target === 'internal_article' ? 'internal_article' : 'article';
  const base = { objectType, family: 'kb_articles', khorosKey: key };
  const detail: Record<string, unknown> = {
    target: result.target, locale: result.locale,
    title: result.article?.title ?? result.internalArticle?.title ?? null,
    pendingLinks: result.pendingLinks.length, unresolvedImages: result.unresolvedImages.length,
    findings: compactFindings(result.findings),
    ...(result.queue ? { queue: result.queue } : {}),
  };
  if (!result.article && !result.internalArticle) {
    const skip = result.queue?.action === 'skip';
    return { ...base, action: skip ? 'skip' : 'queue', intercomId: null, reason: result.queue?.rule ?? 'not-written', detail: { note: result.queue?.reason ?? 'not written', ...detail } };
  }
  const hashes = buildRecordHashes(result);
  detail.payloadHash = hashes.result;
  const verdict = ledgerVerdict(written, hashes);
  if (verdict === 'same') {
    return { ...base, action: 'skip', intercomId: written!.intercomId, reason: 'already-migrated', detail: { note: `written by run ${written!.runId ?? '?'} with the same payload`, ...detail } };
  }
  if (verdict === 'changed') {
    return { ...base, action: 'update', intercomId: written!.intercomId, reason: 'payload-changed', detail: { note: `written by run ${written!.runId ?? '?'}; the payload changed since`, ...detail } };
  }
  return { ...base, action: 'create', intercomId: null, reason: 'new', detail: { note: `created as ${objectType === 'article' ? 'a help-center article' : 'an internal article'} (${result.locale})`, ...detail } };
}

/**
 * Every Khoros source, in the order the export runs them: what later families reference
 * comes first (customers, custom field declarations, agents, then cases, which reference
 * customers and agents), then the rest. Each entry builds its `Source` from one shared
 * options object.
 */
import type { Source } from '../source-page.ts';
import { agentsSource } from './agents.ts';
import { authorsSource } from './authors.ts';
import { campaignsSource } from './campaigns.ts';
import { casesSource } from './cases.ts';
import { conversationsSource } from './conversations.ts';
import { customFieldsSource } from './custom-fields.ts';
import { customersSource } from './customers.ts';
import { automationRulesSource, brandsSource, slasSource, tagsSource, teamsSource, workQueuesSource } from './directory.ts';
import { initiativesSource } from './initiatives.ts';
import { kbArticlesSource, kbBoardsSource, kbCategoriesSource, kbImagesSource } from './kb.ts';
import type { SourceOptions } from './source-options.ts';

/**
 * Families that later families reference: the export stages them one after the other,
 * before the rest run side by side (and the estimate adds up their times). Initiatives come
 * last so that campaigns can list the plans of the staged initiatives without listing the
 * initiatives a second time.
 */
export const FIRST_PHASE: readonly string[] = Object.freeze(['customers', 'custom_fields', 'agents', 'cases', 'initiatives']);

/** A family and the factory of its source. */
export interface SourceEntry {
  family: string;
  create(options: SourceOptions): Source;
}

/**
 * The export's dependency order, family → source factory.
 *
 * @example
 * for (const { family, create } of exportOrder) {
 *   await lastValueFrom(create(options)(clients, await workspace.checkpoints()).pipe(stage(family)), { defaultValue: undefined });
 * }
 */
export const exportOrder: readonly SourceEntry[] = Object.freeze([
  { family: 'customers', create: customersSource },
  { family: 'custom_fields', create: customFieldsSource },
  { family: 'agents', create: agentsSource },
  { family: 'cases', create: casesSource },
  { family: 'authors', create: authorsSource },
  { family: 'brands', create: brandsSource },
  { family: 'initiatives', create: initiativesSource },
  { family: 'campaigns', create: campaignsSource },
  { family: 'conversations', create: conversationsSource },
  { family: 'kb_categories', create: kbCategoriesSource },
  { family: 'kb_boards', create: kbBoardsSource },
  { family: 'kb_articles', create: kbArticlesSource },
  { family: 'kb_images', create: kbImagesSource },
  { family: 'work_queues', create: workQueuesSource },
  { family: 'tags', create: tagsSource },
  { family: 'automation_rules', create: automationRulesSource },
  { family: 'slas', create: slasSource },
  { family: 'teams', create: teamsSource },
]);

export { KEYS, keyOf } from './keys.ts';
export { downloadJobsOf, type DownloadJob } from './attachments.ts';
export type { SourceOptions } from './source-options.ts';
export type { MissingRecord, PageWithMissing } from './paginate.ts';

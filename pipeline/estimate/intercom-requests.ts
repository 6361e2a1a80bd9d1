/**
 * The Intercom requests of each stage after the export, from counts: the same arithmetic
 * the stages follow (their file comments state it), with their page sizes and sample sizes
 * imported, not restated. Checked against a real tiny migration's request log
 * (`spec/pipeline/migrate.spec.ts`).
 */
import { ARTICLES_PER_PAGE } from '../import/article-urls.ts';
import { PER_NOTE } from '../import/host-images.ts';
import { CONTACTS_PER_PAGE } from '../transform/read-intercom-contacts.ts';
import { SAMPLE_ARTICLES, SAMPLE_CONTACTS, SAMPLE_CONVERSATIONS } from '../verify/select-sample.ts';
import type { MigrationCounts } from './resolve-counts.ts';

/** One stage's (or step's) Intercom requests. */
export interface StageRequests {
  stage: string;
  requests: number;
  /** How `requests` is computed. */
  formula: string;
}

/** `GET /admins`, `/brands`, `/tags`, `/data_attributes`, `/conversations/attributes`, `/help_center/help_centers` (`readIntercomState`). */
const STATE_READS = 6;
/** Collections per page of `readIntercomState`. */
const STATE_COLLECTIONS_PER_PAGE = 150;
/** `readProposalCatalog`: contact and company data attributes, conversation attributes, admins, brands, help centers. */
const PROPOSE_READS = 6;
/** `readIntercomCatalog`: contact and company data attributes, conversation attributes, admins, brands. */
const CONFIRM_READS = 5;
/** `readIntercomSetup`: data attributes (2), conversation attributes, tags, one page of collections, admins, brands, help centers. */
const PROVISION_READS = 8;
/** The migration-assets lead (looked up, then created) and its conversation. */
const ASSETS_WRITES = 3;

/** Requests of a listing of `n` items, `size` a page: at least one. */
export function pages(n: number, size: number): number {
  return Math.max(1, Math.ceil(n / size));
}

/** Options of `intercomRequests`. */
export interface IntercomRequestOptions {
  /** Whether export downloads files (KB images are then hosted on Intercom by import). @default true */
  downloads?: boolean;
  /** Verify's sample sizes. @default the verify defaults (25 conversations, 50 contacts, 10 articles) */
  sample?: { conversations?: number; contacts?: number; articles?: number };
}

/**
 * The Intercom requests per stage, in the order `migrate` runs them (then `verify --full`,
 * which replaces `verify --sample` when a full read-back is wanted).
 *
 * @example
 * intercomRequests(resolveCounts({ customers: 20, cases: 30, interactions: 640, articles: 8 }).counts)
 *   .find((s) => s.stage === 'import: contacts')?.requests; // 20
 */
export function intercomRequests(c: MigrationCounts, options: IntercomRequestOptions = {}): StageRequests[] {
  const contacts = Math.max(0, c.customers - c.unwrittenCustomers);
  const conversations = Math.max(0, c.cases + c.conversations - c.unwrittenConversations);
  const collections = c.kbCategories + c.kbBoards;
  const state = STATE_READS + pages(collections, STATE_COLLECTIONS_PER_PAGE);
  const images = options.downloads === false || c.kbImages === 0 ? 0 : ASSETS_WRITES + Math.ceil(c.kbImages / PER_NOTE);
  const articleLists = pages(c.intercomArticles + c.articles, ARTICLES_PER_PAGE);
  const sample = {
    conversations: options.sample?.conversations ?? SAMPLE_CONVERSATIONS,
    contacts: options.sample?.contacts ?? SAMPLE_CONTACTS,
    articles: options.sample?.articles ?? SAMPLE_ARTICLES,
  };
  const verify = (n: { contacts: number; conversations: number; articles: number }) => state + 2 * articleLists + n.contacts + n.conversations + n.articles;
  return [
    { stage: 'map propose', requests: PROPOSE_READS, formula: `${PROPOSE_READS} catalog reads` },
    { stage: 'map confirm', requests: CONFIRM_READS, formula: `${CONFIRM_READS} catalog reads` },
    {
      stage: 'provision',
      requests: PROVISION_READS + c.contactAttributes + c.conversationAttributes + c.attributeOptions + c.tags + collections,
      formula: `${PROVISION_READS} reads + contact attributes + conversation attributes + options + tags + collections (categories + boards)`,
    },
    {
      stage: 'import: reads',
      requests: state + pages(c.intercomContacts, CONTACTS_PER_PAGE) + pages(c.intercomContacts + contacts, CONTACTS_PER_PAGE),
      formula: `${STATE_READS} + ⌈collections / ${STATE_COLLECTIONS_PER_PAGE}⌉ state reads + two walks of GET /contacts, ⌈contacts in Intercom / ${CONTACTS_PER_PAGE}⌉ each`,
    },
    { stage: 'import: contacts', requests: contacts, formula: 'one create (or update) per customer written' },
    {
      stage: 'import: conversations',
      requests: 2 * conversations + c.parts + c.conversationTags,
      formula: 'per conversation a create and an update, one request per part, one per tag',
    },
    {
      stage: 'import: articles',
      requests: images + c.articles + articleLists + c.linkedArticles,
      formula: `${images ? `${ASSETS_WRITES} + ⌈images / ${PER_NOTE}⌉ to host the images + ` : ''}one create per article + ⌈articles / ${ARTICLES_PER_PAGE}⌉ list + one update per article with links`,
    },
    {
      stage: 'verify --sample',
      requests: verify({ contacts: Math.min(sample.contacts, contacts), conversations: Math.min(sample.conversations, conversations), articles: Math.min(sample.articles, c.articles) }),
      formula: `state reads + 2 article lists + one read per sampled record (${sample.contacts} contacts, ${sample.conversations} conversations, ${sample.articles} articles at most)`,
    },
    {
      stage: 'verify --full',
      requests: verify({ contacts, conversations, articles: c.articles }),
      formula: 'state reads + 2 article lists + one read per contact, conversation and article written',
    },
  ];
}

/**
 * The counts a migration estimate works from: the four a person knows (customers, cases,
 * interactions, KB articles) and every other one, given or derived in proportion by a
 * stated rule, so the estimate always says what it assumed.
 */
import { ConfigError } from '../errors.ts';

/** The four counts every estimate needs. */
export interface RequiredCounts {
  customers: number;
  cases: number;
  /** Case interactions (Care conversation messages are `messages`). */
  interactions: number;
  /** KB (TKB) articles. */
  articles: number;
}

/** Counts an estimate derives when they are not given (see `DERIVED`). */
export interface OptionalCounts {
  /** Care conversations. */
  conversations: number;
  /** Messages of the Care conversations. */
  messages: number;
  /** Care authors (Care's people). */
  authors: number;
  agents: number;
  initiatives: number;
  /** Files on interactions and messages. */
  attachments: number;
  kbImages: number;
  kbCategories: number;
  kbBoards: number;
  /** Contacts already in Intercom (the import walks them twice). */
  intercomContacts: number;
  /** Articles already in Intercom (the import and verify list them). */
  intercomArticles: number;
  /** Customers import does not write (no usable email under `policies.noEmail: skip`, shared emails). */
  unwrittenCustomers: number;
  /** Cases and Care conversations import does not write (no linked customer, a customer not written). */
  unwrittenConversations: number;
  /** Contact data attributes provision creates (or unarchives). */
  contactAttributes: number;
  /** Conversation attributes provision creates. */
  conversationAttributes: number;
  /** Options provision adds to existing list attributes. */
  attributeOptions: number;
  /** Tags provision creates (brands without an Intercom brand, initiatives, campaigns, Care tags). */
  tags: number;
  /** Conversation parts import writes (replies, notes, files, assignment and state parts). */
  parts: number;
  /** Tags import applies to conversations. */
  conversationTags: number;
  /** Articles whose links to other articles import rewrites in its second pass. */
  linkedArticles: number;
}

/** Every count, given or derived. */
export type MigrationCounts = RequiredCounts & OptionalCounts;

/** What an estimate is asked: the four counts, and any other it should not derive. */
export type EstimateCounts = RequiredCounts & Partial<OptionalCounts>;

/** One count the estimate derived, and how. */
export interface Assumption {
  count: keyof OptionalCounts;
  value: number;
  rule: string;
}

/**
 * Shares behind the derived conversation shape: the first interaction of most conversations
 * is the customer's message (it becomes the `POST /conversations` body, not a part); every
 * migrated conversation gets an assignment part and a state part (history is closed).
 */
export const SHAPE = Object.freeze({ openedByContact: 0.9, assignmentParts: 1, stateParts: 1, tagsPerConversation: 3, linkedArticles: 0.5 });

type Rule = { rule: string; value: (c: RequiredCounts & Partial<OptionalCounts>) => number };
const n = (v: number | undefined) => v ?? 0;

/**
 * How each optional count is derived when not given, in dependency order. The proportions
 * of Care conversations, messages, authors, agents and the KB tree are the dataset
 * generator's (`simulators/dataset/plan.ts`); the conversation shape is `SHAPE`.
 */
export const DERIVED: Readonly<Record<keyof OptionalCounts, Rule>> = Object.freeze({
  conversations: { rule: 'cases / 5', value: (c) => Math.round(c.cases / 5) },
  messages: { rule: '3 per Care conversation', value: (c) => 3 * n(c.conversations) },
  authors: { rule: 'one Care author per customer', value: (c) => c.customers },
  agents: { rule: 'max(8, customers / 250)', value: (c) => Math.max(8, Math.round(c.customers / 250)) },
  initiatives: { rule: '10', value: () => 10 },
  attachments: { rule: 'one file per 10 interactions and messages', value: (c) => Math.round((c.interactions + n(c.messages)) / 10) },
  kbImages: { rule: '0.9 per article', value: (c) => Math.round(0.9 * c.articles) },
  kbCategories: { rule: '⌈articles / 20⌉', value: (c) => Math.max(1, Math.ceil(c.articles / 20)) },
  kbBoards: { rule: '⌈articles / 10⌉', value: (c) => Math.max(1, Math.ceil(c.articles / 10)) },
  intercomContacts: { rule: '0 (an empty Intercom workspace)', value: () => 0 },
  intercomArticles: { rule: '0', value: () => 0 },
  unwrittenCustomers: { rule: '0 (every customer has an email)', value: () => 0 },
  unwrittenConversations: { rule: '0 (every conversation has its customer)', value: () => 0 },
  contactAttributes: { rule: '10', value: () => 10 },
  conversationAttributes: { rule: '10', value: () => 10 },
  attributeOptions: { rule: '0', value: () => 0 },
  tags: { rule: '3 per initiative (itself, 2 campaigns) + 25 (brands, Care tags)', value: (c) => 3 * n(c.initiatives) + 25 },
  parts: {
    rule: 'interactions + messages − 0.9 per conversation (the opening message) + the openings\' file parts (one per opening in the share of items with files) + 1 assignment + 1 state per conversation',
    value: (c) => {
      const written = c.cases + n(c.conversations) - n(c.unwrittenConversations);
      const items = c.interactions + n(c.messages);
      const openings = SHAPE.openedByContact * written;
      const withFiles = items > 0 ? Math.min(1, n(c.attachments) / items) : 0;
      return Math.round(items * (written / Math.max(1, c.cases + n(c.conversations))) - openings + openings * withFiles + (SHAPE.assignmentParts + SHAPE.stateParts) * written);
    },
  },
  conversationTags: { rule: '3 per conversation (brand, initiative, a Care tag)', value: (c) => SHAPE.tagsPerConversation * (c.cases + n(c.conversations) - n(c.unwrittenConversations)) },
  linkedArticles: { rule: 'half the articles', value: (c) => Math.round(SHAPE.linkedArticles * c.articles) },
});

/**
 * Checks the counts and fills the missing ones; answers them with the assumptions made.
 *
 * @throws ConfigError naming the count and its value when one is not a whole number ≥ 0.
 * @example
 * const { counts, assumptions } = resolveCounts({ customers: 100_000, cases: 170_000, interactions: 1_000_000, articles: 2_000 });
 * counts.conversations; // 34000 (cases / 5)
 */
export function resolveCounts(given: EstimateCounts): { counts: MigrationCounts; assumptions: Assumption[] } {
  for (const [key, value] of Object.entries(given)) {
    if (value !== undefined && !(Number.isSafeInteger(value) && value >= 0)) throw new ConfigError(`${key} ${JSON.stringify(value)}: expected a whole number ≥ 0`);
  }
  for (const key of ['customers', 'cases', 'interactions', 'articles'] as const) {
    if (given[key] === undefined) throw new ConfigError(`${key}: required (a whole number ≥ 0)`);
  }
  const counts: EstimateCounts = { ...given };
  const assumptions: Assumption[] = [];
  for (const [key, { rule, value }] of Object.entries(DERIVED) as [keyof OptionalCounts, Rule][]) {
    if (counts[key] !== undefined) continue;
    counts[key] = Math.max(0, value(counts));
    assumptions.push({ count: key, value: counts[key]!, rule });
  }
  return { counts: counts as MigrationCounts, assumptions };
}

/**
 * The edge cases every generated dataset carries, at every scale. The generator records
 * the ids of the records that carry each one in `meta.edgeCases` (name → ids); the README's
 * edge-case table is generated from `EDGE_CASES`.
 */

/**
 * Where the ids of an edge case live. `agents` ids are `String(agent.id)`;
 * `intercom.data_attributes` are listed by `name`; every other family by its `id`.
 * `interactions` are inside `khoros.cases[].interactions`, `attachments` inside
 * `khoros.cases[].interactions[].attachments`, `articles` and `images` inside `khoros.kb`.
 */
export type EdgeCaseFamily =
  | 'customers'
  | 'authors'
  | 'agents'
  | 'cases'
  | 'interactions'
  | 'attachments'
  | 'articles'
  | 'images'
  | 'intercom.admins'
  | 'intercom.contacts'
  | 'intercom.brands'
  | 'intercom.data_attributes';

/** One documented edge case. */
export interface EdgeCase {
  /** Key in `meta.edgeCases`. */
  name: string;
  /** What the records carry and why a migration must care. */
  description: string;
  /** Where the ids listed in `meta.edgeCases[name]` are found. */
  family: EdgeCaseFamily;
}

/**
 * The naive case-id normalization that the colliding pair defeats: drop every non-digit,
 * then leading zeros. Legacy `00004711` and new-format `CASE-004711` both become `4711`.
 *
 * @example
 * naiveCaseKey('00004711') === naiveCaseKey('CASE-004711'); // true
 */
export function naiveCaseKey(id: string): string {
  return id.replace(/\D/g, '').replace(/^0+/, '');
}

/**
 * Every planted edge case.
 *
 * @example
 * for (const e of EDGE_CASES) console.log(`| ${e.name} | ${e.family} | ${e.description} |`);
 */
export const EDGE_CASES: readonly EdgeCase[] = [
  {
    name: 'customer-without-email',
    family: 'customers',
    description: 'Customers whose `email` is null (social-only people). Intercom contacts need an email, an external id or a role; matching by email is impossible. About 2% more customers lack an email without being listed.',
  },
  {
    name: 'customers-sharing-email-in-different-case',
    family: 'customers',
    description: 'Two customers whose emails differ only in letter case (`jane.doe7@example.com` and `Jane.Doe7@Example.COM`). Intercom compares emails case-insensitively, so they collide there.',
  },
  {
    name: 'non-latin-names',
    family: 'customers',
    description: 'Customers named in Chinese, Japanese, Cyrillic, Arabic and Hebrew (right-to-left) script, and with emoji including a skin-tone modifier and ZWJ sequence.',
  },
  {
    name: 'non-latin-bodies',
    family: 'interactions',
    description: 'Interaction bodies in Chinese, Japanese, Cyrillic, Arabic, Hebrew and with emoji (multi-code-unit characters that naive truncation splits).',
  },
  {
    name: 'script-in-interaction-body',
    family: 'interactions',
    description: 'Interaction bodies holding a `<script>` element and `onerror=` / `onclick=` event handlers, to be sanitized without losing the surrounding text.',
  },
  {
    name: 'script-in-article-body',
    family: 'articles',
    description: 'A KB article body with `<script>`, `onclick=`, `onerror=` and an `<svg onload=>`.',
  },
  {
    name: 'interactions-out-of-order',
    family: 'cases',
    description: 'Cases whose `interactions` array is not sorted by `created` (source order is not time order); an importer must sort before it replays.',
  },
  {
    name: 'interactions-with-identical-timestamps',
    family: 'cases',
    description: 'Cases with two interactions carrying exactly the same `created` instant; ordering must fall back to a stable key.',
  },
  {
    name: 'case-without-interactions',
    family: 'cases',
    description: 'Cases whose `interactions` array is empty: an Intercom conversation needs at least one message, so these need a synthetic first part or a skip with a reason.',
  },
  {
    name: 'case-with-over-500-interactions',
    family: 'cases',
    description: 'A case with 520 interactions: more than the 500 parts Intercom returns for a conversation, and many pages of replies to replay.',
  },
  {
    name: 'legacy-case-id',
    family: 'cases',
    description: 'Cases created before 2025-07-01 carry legacy ids: the case number zero-padded to 8 digits (`00012345`). Listed: a sample.',
  },
  {
    name: 'new-format-case-id',
    family: 'cases',
    description: 'Cases created on or after 2025-07-01 carry `CASE-` and the case number zero-padded to at least 6 digits (`CASE-012345`); numbering continues from the legacy ids. Listed: a sample.',
  },
  {
    name: 'case-ids-colliding-when-normalized',
    family: 'cases',
    description: 'Legacy `00004711` and new-format `CASE-004711`: distinct cases (both with `number` 4711) whose ids become the same `4711` under naive normalization (drop non-digits and leading zeros, see `naiveCaseKey`).',
  },
  {
    name: 'agent-without-intercom-admin',
    family: 'agents',
    description: 'Khoros agents with no Intercom admin of the same email (admins cannot be created through the API), so their assignments need a fallback admin.',
  },
  {
    name: 'custom-field-text-in-number-field',
    family: 'customers',
    description: 'A customer whose `loyaltyNumber` (declared `number`) holds the text `"N/A"`.',
  },
  {
    name: 'custom-field-option-not-in-list',
    family: 'cases',
    description: 'A case whose `productLine` (declared `single_sel_list`) holds a value that is not in its `listValues`.',
  },
  {
    name: 'custom-field-malformed-date',
    family: 'cases',
    description: 'A case whose `followUpDate` (declared `date`) holds `31/02/2025`, which is neither ISO-8601 nor a real day.',
  },
  {
    name: 'deleted-author',
    family: 'authors',
    description: 'Care persons marked `deleted: true`; their cases and conversations still reference them.',
  },
  {
    name: 'merged-author',
    family: 'authors',
    description: 'Care persons merged into another person (`mergedIntoId`); references to them should resolve to the survivor.',
  },
  {
    name: 'attachment-content-types',
    family: 'attachments',
    description: 'Interaction attachments of every common type (png, jpeg, gif, pdf, txt, csv, docx) and sizes from 0 bytes (an empty text file) to about 9.5 MB.',
  },
  {
    name: 'attachment-over-size-limit',
    family: 'attachments',
    description: 'An attachment declaring 120 MiB (125,829,120 bytes), over any sane upload limit; the simulator serves its bytes on demand.',
  },
  {
    name: 'kb-image-content-types',
    family: 'images',
    description: 'KB images of several types (png, jpeg, gif, webp) and sizes, referenced from article bodies by `/t5/image/serverpage/image-id/{id}/...` URLs.',
  },
  {
    name: 'kb-articles-linking-each-other',
    family: 'articles',
    description: 'Two articles that link to each other by `https://{communityHost}/t5/{board}/{slug}/ta-p/{id}` URLs (every article links to others; these two form a cycle), so links must be rewritten after both exist.',
  },
  {
    name: 'intercom-admin-email-in-different-case',
    family: 'intercom.admins',
    description: 'Intercom admins whose email matches a Khoros agent only case-insensitively.',
  },
  {
    name: 'intercom-contact-email-collides-with-customer',
    family: 'intercom.contacts',
    description: 'Existing Intercom contacts (users and leads) whose email equals a Khoros customer email in different letter case: update, do not duplicate.',
  },
  {
    name: 'intercom-brand-named-like-khoros-brand',
    family: 'intercom.brands',
    description: 'An Intercom brand whose name equals a Khoros brand name.',
  },
  {
    name: 'intercom-attribute-similar-to-custom-field',
    family: 'intercom.data_attributes',
    description: 'A custom Intercom contact attribute (`account_tier`) whose name resembles the Khoros customer field `accountTier` but is not identical.',
  },
];

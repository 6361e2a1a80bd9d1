/**
 * The chaos suite's duplicate detector: what a migration left twice in the Intercom
 * simulator's state. Contacts are keyed by external id and by email (Intercom compares
 * emails case-insensitively), conversations by the map's case-id attribute and Care
 * conversation attribute, articles by title. A key the seeded workspace already held more
 * than once, or a title that more than one KB article of the dataset carries, is allowed
 * as often as it was there before: only what the migration doubled is reported.
 */
type Obj = Record<string, any>;

/** The state of the Intercom simulator (`GET {inspect}/state`), or the part of it read here. */
export type IntercomState = Record<string, Obj[]>;

/** What may legitimately repeat: the seeded workspace, and titles repeated in the source. */
export interface DuplicateBaseline {
  /** The seeded Intercom workspace (`dataset.intercom`) before the migration. */
  before?: object;
  /** How many source articles carry each title (Khoros KB subjects). */
  sourceTitles?: Map<string, number>;
}

function counts(values: Iterable<string | undefined | null>): Map<string, number> {
  const seen = new Map<string, number>();
  for (const value of values) if (typeof value === 'string' && value !== '') seen.set(value, (seen.get(value) ?? 0) + 1);
  return seen;
}

const email = (c: Obj) => (typeof c.email === 'string' ? c.email.trim().toLowerCase() : undefined);
/** One list of a state (a missing one is empty). */
const list = (s: object, name: string): Obj[] => {
  const value = (s as Record<string, unknown>)[name];
  return Array.isArray(value) ? value : [];
};
const articles = (s: object) => [...list(s, 'articles'), ...list(s, 'internal_articles')];

/**
 * Lists every doubled record as a sentence; empty when nothing is doubled.
 *
 * @example
 * findDuplicates(state, ['khoros_case_id'], { before: dataset.intercom });
 * // ['conversation khoros_case_id=L-12345: 2 in Intercom', 'conversation 17 part ["comment","5",1700000000,"<p>Hi</p>",[]]: 2 in Intercom']
 */
export function findDuplicates(state: IntercomState, keyAttributes: readonly string[], baseline: DuplicateBaseline = {}): string[] {
  const before = baseline.before ?? {};
  const problems: string[] = [];
  const check = (what: string, after: Map<string, number>, allowed: Map<string, number>) => {
    for (const [key, n] of after) if (n > Math.max(1, allowed.get(key) ?? 0)) problems.push(`${what}${key}: ${n} in Intercom`);
  };
  check('contact external_id=', counts(list(state, 'contacts').map((c) => c.external_id)), counts(list(before, 'contacts').map((c) => c.external_id)));
  check('contact email=', counts(list(state, 'contacts').map(email)), counts(list(before, 'contacts').map(email)));
  for (const attribute of keyAttributes) {
    check(`conversation ${attribute}=`, counts(list(state, 'conversations').map((c) => c.custom_attributes?.[attribute])),
      counts(list(before, 'conversations').map((c) => c.custom_attributes?.[attribute])));
  }
  const allowedTitles = counts(articles(before).map((a) => a.title));
  for (const [title, n] of baseline.sourceTitles ?? []) allowedTitles.set(title, (allowedTitles.get(title) ?? 0) + n);
  check('article title=', counts(articles(state).map((a) => a.title)), allowedTitles);
  for (const conversation of list(state, 'conversations')) {
    const parts = (conversation.conversation_parts?.conversation_parts ?? []) as Obj[];
    const keys = parts.filter((p) => (p.part_type === 'comment' || p.part_type === 'note') && (p.body || (p.attachments ?? []).length > 0))
      .map((p) => JSON.stringify([p.part_type, p.author?.id, p.created_at, p.body ?? '', (p.attachments ?? []).map((a: Obj) => a.name)]));
    check(`conversation ${conversation.id} part `, counts(keys), new Map());
  }
  return problems;
}

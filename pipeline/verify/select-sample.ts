/**
 * Chooses the records `verify --sample` checks: among what the ledger says was written, the
 * hardest ones rather than the first: conversations with the most interactions, the most
 * attachments, the most non-Latin text, the oldest; contacts with the most non-Latin text,
 * no email, the most cases, the oldest. Scored in SQL (memory does not grow with the
 * dataset): each criterion's percent rank, summed. The top record of every criterion is
 * always taken (first, in the criteria's order); the rest is a weighted draw without replacement (Efraimidis–Spirakis: the
 * largest `ln(u) / weight`, `u` from md5 of the key and the seed, weight rising steeply with
 * the score), so the same seed gives the same sample and hard records are strongly preferred.
 */
import type { Workspace } from '../workspace/workspace.ts';

/** The default seed: a fixed one, so a sample verify is repeatable unless asked otherwise. */
export const DEFAULT_SEED = 1;
/** Conversations a sample checks unless configured (the issue asks for 20–30). */
export const SAMPLE_CONVERSATIONS = 25;
/** Contacts a sample checks unless configured. */
export const SAMPLE_CONTACTS = 50;
/** Articles a sample checks (a KB is small; the hardest ones by images and links). */
export const SAMPLE_ARTICLES = 10;

/** One chosen record and why. */
export interface SampledRecord {
  family: 'cases' | 'conversations' | 'customers' | 'kb_articles';
  key: string;
  /** Summed percent ranks of the criteria (0 to the number of criteria). */
  score: number;
  /** The criteria it tops (anchors), or `weighted draw`. */
  reason: string;
}

/** What `selectSample` chose. */
export interface Sample {
  records: SampledRecord[];
  /** Family → keys. */
  keys: Map<string, Set<string>>;
}

/**
 * Per family: the SQL of its records' features (`key` plus numeric criteria, larger = harder),
 * and `written`, the condition that keeps what the ledger says was written (verify's candidates).
 */
const FEATURES: Record<SampledRecord['family'], { sql: string; written: string; criteria: Record<string, string> }> = {
  cases: {
    sql: `SELECT key, len(k2i_array(payload->'interactions')) AS interactions,
      coalesce(len(json_extract(payload, '$.interactions[*].attachments[*]')), 0) AS attachments,
      length(regexp_replace(payload::VARCHAR, '[\\x00-\\x{024F}\\x{2000}-\\x{206F}]', '', 'g')) AS non_latin,
      1e10 - coalesce(epoch(k2i_ts(payload->>'created')), 1e10) AS oldest
      FROM raw_cases`,
    written: `WHERE key IN (SELECT khoros_key FROM ledger WHERE object_type = 'conversation' AND operation = 'create' AND status = 'done')`,
    criteria: { interactions: 'most interactions', attachments: 'most attachments', non_latin: 'most non-Latin text', oldest: 'oldest' },
  },
  conversations: {
    sql: `SELECT key, len(k2i_array(payload->'messages')) + len(k2i_array(payload->'notes')) AS interactions,
      coalesce(len(json_extract(payload, '$.messages[*].media[*]')), 0) AS attachments,
      length(regexp_replace(payload::VARCHAR, '[\\x00-\\x{024F}\\x{2000}-\\x{206F}]', '', 'g')) AS non_latin,
      1e10 - coalesce(TRY_CAST(payload->>'createDate' AS DOUBLE) / 1000, 1e10) AS oldest
      FROM raw_conversations`,
    written: `WHERE key IN (SELECT khoros_key FROM ledger WHERE object_type = 'conversation' AND operation = 'create' AND status = 'done')`,
    criteria: { interactions: 'most interactions', attachments: 'most attachments', non_latin: 'most non-Latin text', oldest: 'oldest' },
  },
  customers: {
    sql: `SELECT c.key, length(regexp_replace(c.payload::VARCHAR, '[\\x00-\\x{024F}\\x{2000}-\\x{206F}]', '', 'g')) AS non_latin,
      CASE WHEN contains(coalesce(c.payload->>'email', ''), '@') THEN 0 ELSE 1 END AS no_email,
      (SELECT count(*) FROM raw_cases AS k WHERE k.payload->>'customerId' = c.key) AS cases,
      1e10 - coalesce(epoch(k2i_ts(c.payload->>'created')), 1e10) AS oldest
      FROM raw_customers AS c`,
    written: `WHERE c.key IN (SELECT khoros_key FROM ledger WHERE object_type = 'contact' AND status = 'done')`,
    criteria: { non_latin: 'most non-Latin text', no_email: 'no email', cases: 'most cases', oldest: 'oldest' },
  },
  kb_articles: {
    sql: `SELECT key, len(k2i_array(payload->'imageIds')) AS images,
      length(payload->>'body') - length(replace(payload->>'body', '/ta-p/', '')) AS links,
      length(regexp_replace(payload::VARCHAR, '[\\x00-\\x{024F}\\x{2000}-\\x{206F}]', '', 'g')) AS non_latin
      FROM raw_kb_articles`,
    written: `WHERE key IN (SELECT khoros_key FROM ledger WHERE object_type IN ('article', 'internal_article') AND status = 'done')`,
    criteria: { images: 'most images', links: 'most links', non_latin: 'most non-Latin text' },
  },
};

/** Options of `selectSample`. */
export interface SampleOptions {
  seed: number;
  /** @default SAMPLE_CONVERSATIONS */
  conversations?: number;
  /** @default SAMPLE_CONTACTS */
  contacts?: number;
  /** @default SAMPLE_ARTICLES */
  articles?: number;
}

/**
 * @example
 * const sample = await selectSample(workspace, { seed: 1 });
 * sample.keys.get('cases'); // Set { '00010005', ... }
 */
export async function selectSample(workspace: Workspace, options: SampleOptions): Promise<Sample> {
  const records: SampledRecord[] = [
    ...await pickHardest(workspace, { families: ['cases', 'conversations'], n: options.conversations ?? SAMPLE_CONVERSATIONS, seed: options.seed, among: 'written' }),
    ...await pickHardest(workspace, { families: ['customers'], n: options.contacts ?? SAMPLE_CONTACTS, seed: options.seed, among: 'written' }),
    ...await pickHardest(workspace, { families: ['kb_articles'], n: options.articles ?? SAMPLE_ARTICLES, seed: options.seed, among: 'written' }),
  ];
  const keys = new Map<string, Set<string>>();
  for (const r of records) keys.set(r.family, (keys.get(r.family) ?? new Set()).add(r.key));
  return { records, keys };
}

/** Options of `pickHardest`. */
export interface PickOptions {
  /** Families scored together (they share their criteria: cases with Care conversations). */
  families: SampledRecord['family'][];
  /** How many; null: every candidate, in the order of the draw. */
  n: number | null;
  seed: number;
  /** `written`: what the ledger says was written (verify); `staged`: every staged record (`migrate --sample`). */
  among: 'written' | 'staged';
}

/**
 * The hardest records of the families, scored together: the anchors first (the top record of
 * each criterion, in the criteria's order: for conversations most interactions, most
 * attachments, most non-Latin text, oldest), then the seeded weighted draw. The order
 * depends on the seed and the staged data alone, so the first `n` are the same each time.
 *
 * @example
 * const order = await pickHardest(workspace, { families: ['cases', 'conversations'], n: null, seed: 1, among: 'staged' });
 * order[0]; // { family: 'cases', key: '00000007', score: 3.2, reason: 'most interactions' }
 */
export async function pickHardest(workspace: Workspace, options: PickOptions): Promise<SampledRecord[]> {
  const { families, n, seed } = options;
  if (n !== null && n <= 0) return [];
  const criteria = Object.keys(FEATURES[families[0]].criteria);
  const source = (f: SampledRecord['family']) => (options.among === 'written' ? `${FEATURES[f].sql} ${FEATURES[f].written}` : FEATURES[f].sql);
  const union = families.map((f) => `SELECT '${f}' AS family, key, ${criteria.join(', ')} FROM (${source(f)})`).join(' UNION ALL ');
  // The features are computed once into a temp table: a CTE the anchors and the ranking each
  // read was computed for each of them, side by side (over 1 GB on the medium dataset).
  await workspace.query(`CREATE OR REPLACE TEMP TABLE k2i_sample_features AS ${union}`);
  try {
    return await rank(workspace, families, criteria, n, seed);
  } finally {
    await workspace.query('DROP TABLE IF EXISTS k2i_sample_features');
  }
}

/** The anchors, then the seeded weighted draw, over `k2i_sample_features`. */
async function rank(workspace: Workspace, families: PickOptions['families'], criteria: string[], n: number | null, seed: number): Promise<SampledRecord[]> {
  const ranks = criteria.map((c) => `percent_rank() OVER (ORDER BY ${c})`).join(' + ');
  const anchors = criteria.map((c) => `(SELECT family || chr(0) || key FROM features WHERE ${c} > 0 ORDER BY ${c} DESC, family, key LIMIT 1) AS ${c}`).join(', ');
  const [top] = await workspace.query<Record<string, string | null>>(`WITH features AS (FROM k2i_sample_features) SELECT ${anchors}`);
  const reasons = new Map<string, string[]>();
  for (const c of criteria) {
    const id = top?.[c];
    if (id) reasons.set(id, [...(reasons.get(id) ?? []), FEATURES[families[0]].criteria[c]]);
  }
  const rows = await workspace.query<{ family: SampledRecord['family']; key: string; score: number }>(
    `WITH features AS (FROM k2i_sample_features), scored AS (SELECT family, key, ${ranks} AS score FROM features)
     SELECT family, key, score FROM scored
     ORDER BY coalesce(list_position(CAST(json($1) AS VARCHAR[]), family || chr(0) || key), 1000000),
       ln(((md5_number(key || ':' || $2::VARCHAR) % 1000000)::DOUBLE + 0.5) / 1000000) / (0.01 + pow(score, 3)) DESC, family, key
     ${n === null ? '' : `LIMIT ${Math.floor(n)}`}`,
    [JSON.stringify([...reasons.keys()]), String(seed)],
  );
  return rows.map((r) => ({ family: r.family, key: r.key, score: Math.round(Number(r.score) * 1000) / 1000, reason: reasons.get(`${r.family}\u0000${r.key}`)?.join(', ') ?? 'weighted draw' }));
}

/**
 * Counts per object from the workspace: what is staged, per family status. Objects staged
 * inside another family's records (interactions in cases, messages in conversations,
 * attachments in both) take that family's status.
 */
import type { Workspace } from '../workspace/workspace.ts';
import type { FamilyState } from './read-family-state.ts';
import type { ObjectCount } from './report.ts';

/** One object: the families it comes from, and how to count it once they are staged. */
interface ObjectSpec {
  object: string;
  families: string[];
  /** SQL giving `n` over the families' tables; absent: the staged rows of `raw_<object>`. */
  sql?: string;
}

/** Every object the report counts, big families first. */
const OBJECTS: readonly ObjectSpec[] = [
  { object: 'customers', families: ['customers'] },
  { object: 'cases', families: ['cases'] },
  { object: 'interactions', families: ['cases'], sql: 'SELECT count(*) AS n FROM interactions' },
  { object: 'authors', families: ['authors'] },
  { object: 'conversations', families: ['conversations'] },
  { object: 'messages', families: ['conversations'], sql: 'SELECT count(*) AS n FROM messages' },
  { object: 'kb_categories', families: ['kb_categories'] },
  { object: 'kb_boards', families: ['kb_boards'] },
  { object: 'kb_articles', families: ['kb_articles'] },
  { object: 'kb_images', families: ['kb_images'] },
  {
    object: 'attachments', families: ['cases', 'conversations'],
    sql: 'SELECT (SELECT coalesce(sum(attachment_count), 0) FROM interactions) + (SELECT coalesce(sum(media_count), 0) FROM messages) AS n',
  },
  { object: 'agents', families: ['agents'] },
  { object: 'teams', families: ['teams'] },
  { object: 'brands', families: ['brands'] },
  { object: 'initiatives', families: ['initiatives'] },
  { object: 'campaigns', families: ['campaigns'] },
  { object: 'work_queues', families: ['work_queues'] },
  { object: 'tags', families: ['tags'] },
  { object: 'automation_rules', families: ['automation_rules'] },
  { object: 'slas', families: ['slas'] },
  {
    object: 'custom_fields', families: ['custom_fields'],
    sql: 'SELECT coalesce(sum(len(k2i_array(payload->\'fields\'))), 0) AS n FROM raw_custom_fields',
  },
];

/**
 * The object counts.
 *
 * @example
 * (await readObjects(workspace, state)).find((o) => o.object === 'cases'); // { object: 'cases', status: 'exported', count: 30, ... }
 */
export async function readObjects(workspace: Workspace, state: FamilyState): Promise<ObjectCount[]> {
  const counts: ObjectCount[] = [];
  for (const spec of OBJECTS) {
    const status = state.combined(spec.families);
    let count: number | null = null;
    if (status !== 'not exported yet') {
      // The core tables and their views always exist; the others only once staged.
      if (!spec.sql) count = state.staged(spec.object);
      else count = spec.families.every((f) => state.hasTable(f)) ? Number((await workspace.query<{ n: number | bigint }>(spec.sql))[0]?.n ?? 0) : 0;
    }
    const own = spec.families.length === 1 && spec.families[0] === spec.object;
    counts.push({ object: spec.object, families: spec.families, status, count, quarantined: own ? state.quarantined(spec.object) : 0 });
  }
  return counts;
}

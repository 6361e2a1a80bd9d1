/**
 * Ledger keys of conversation parts: `<record key>#<part key>`, the part key taken from the
 * part's source (`PlannedPart.key`: `item:<interaction id>`, `state:close@<last item>`…),
 * never its index among the planned parts. A new interaction arriving in a delta is inserted
 * among the replies; with index keys it would take the place of the part that was there
 * (the assignment, done, so skipped) and everything after it would shift. With source keys a
 * new interaction is a new key, and what was written stays written.
 *
 * Management parts (assignment, state) carry a value: a part whose key is done but was
 * followed by another write of the same role (A → B → A) is written again, under
 * `<key>~r<n>`, so Intercom ends with the source's latest value.
 *
 * Workspaces written before source keys hold parts keyed by index (`<key>#0`); they cannot
 * be rekeyed without replaying the transform of the day, so import refuses them
 * (`refuseIndexKeyedParts`), naming what to do.
 */
import { FatalError } from '../errors.ts';
import type { PlannedPart } from '../transform/build-conversation.ts';
import type { LedgerEntry, RecordWrites } from '../workspace/ledger.ts';
import type { Workspace } from '../workspace/workspace.ts';

/** The sub-key prefix of a management role's parts; null for parts that carry source items. */
export function rolePrefix(role: PlannedPart['role']): string | null {
  return role === 'assignment' ? 'assignment:' : role === 'state' ? 'state:' : null;
}

/**
 * The ledger key a planned part is written under, and its latest write (null: none yet).
 *
 * @example
 * const { partKey, last } = resolvePartKey(writes, 'L-4711', part);
 * if (last?.status === 'done') skip();
 */
export function resolvePartKey(writes: RecordWrites, recordKey: string, part: Pick<PlannedPart, 'role' | 'key'>): { partKey: string; last: LedgerEntry | null } {
  const base = `${recordKey}#${part.key}`;
  const prefix = rolePrefix(part.role);
  if (prefix === null) return { partKey: base, last: writes.last('conversation_part', base) };
  const role = writes.under('conversation_part', `${recordKey}#${prefix}`);
  const mine = role.filter((e) => e.khorosKey === base || e.khorosKey.startsWith(`${base}~r`));
  const latestOfRole = role.at(-1);
  const latestMine = mine.at(-1);
  if (latestMine && latestMine === latestOfRole) return { partKey: latestMine.khorosKey, last: latestMine };
  if (!latestMine) return { partKey: base, last: null };
  return { partKey: `${base}~r${mine.length + 1}`, last: null };
}

/**
 * The written part (`<conversation id>/<part id>`) standing for a planned part, from the done
 * parts of the ledger (`<part key>` → ref): its own key, or for a management part its latest
 * rewrite (`~r<n>`) when that is the latest of its role.
 *
 * @example
 * writtenPart(written, 'L-4711', part); // '12/345'
 */
export function writtenPart(written: ReadonlyMap<string, string>, recordKey: string, part: Pick<PlannedPart, 'role' | 'key'>): { partKey: string; ref: string | undefined } {
  const base = `${recordKey}#${part.key}`;
  if (rolePrefix(part.role) === null) return { partKey: base, ref: written.get(base) };
  let best: { partKey: string; n: number } | null = null;
  for (const partKey of written.keys()) {
    if (partKey === base) best = best ?? { partKey, n: 1 };
    const match = partKey.startsWith(`${base}~r`) ? /^(\d+)$/.exec(partKey.slice(base.length + 2)) : null;
    if (match && (!best || Number(match[1]) > best.n)) best = { partKey, n: Number(match[1]) };
  }
  return best ? { partKey: best.partKey, ref: written.get(best.partKey) } : { partKey: base, ref: undefined };
}

/** Part keys of the index form import wrote before source keys (`<key>#<digits>`). */
const INDEX_KEY = `regexp_matches(khoros_key, '#[0-9]+$')`;

/** The workspace holds parts keyed by their index: written by an earlier version of import. */
export class IndexKeyedPartsError extends FatalError {
  constructor(readonly count: number, readonly examples: string[]) {
    super('ledger_index_part_keys',
      `the ledger holds ${count} conversation parts keyed by their index (${examples.join(', ')}), written by an earlier version of import. `
      + 'Their source cannot be told from the index once the source may have changed, so they would be written again as new parts. '
      + 'Finish this migration with the version that wrote it, or undo its conversations (`rollback --all --only conversations`) and import again.');
  }
}

/**
 * Refuses a workspace whose ledger holds index-keyed parts still standing (not rolled back).
 *
 * @example
 * await refuseIndexKeyedParts(workspace); // throws IndexKeyedPartsError on an old workspace
 */
export async function refuseIndexKeyedParts(workspace: Workspace): Promise<void> {
  const rows = await workspace.query<{ khoros_key: string; n: bigint | number }>(
    `WITH old AS (SELECT khoros_key, seq FROM ledger WHERE object_type = 'conversation_part' AND ${INDEX_KEY}
       AND NOT EXISTS (SELECT 1 FROM ledger AS undo WHERE undo.operation IN ('delete', 'restore', 'archive', 'untag') AND undo.seq > ledger.seq
         AND (undo.khoros_key = ledger.khoros_key OR starts_with(ledger.khoros_key, undo.khoros_key || '#'))))
     SELECT khoros_key, count(*) OVER () AS n FROM old ORDER BY seq LIMIT 3`,
  );
  if (rows.length) throw new IndexKeyedPartsError(Number(rows[0].n), rows.map((r) => r.khoros_key));
}

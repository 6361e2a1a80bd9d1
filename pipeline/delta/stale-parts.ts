/**
 * Parts an earlier run wrote whose interaction (case) or message (Care conversation) the
 * source no longer has. Import never sends them again (their key is not planned any more)
 * and Intercom cannot delete a part: delta reports them (`source_removals`,
 * `interaction_deleted`). Only parts keyed by an explicit source id are judged (`item:`,
 * `opening:`, both ends of a `transcript:`); items the transform names by position are not.
 */
import type { Workspace } from '../workspace/workspace.ts';
import { subKey } from '../transform/build-conversation.ts';
import type { SourceRemoval } from './source-removals.ts';

type Obj = Record<string, any>;

/**
 * The stale parts of the given records.
 *
 * @example
 * await staleParts(workspace, 'cases', ['L-4711']); // [{ family: 'conversation_part', key: 'L-4711#item:i-3', kind: 'interaction_deleted', … }]
 */
export async function staleParts(workspace: Workspace, family: 'cases' | 'conversations', keys: readonly string[]): Promise<SourceRemoval[]> {
  if (keys.length === 0) return [];
  const rows = await workspace.query<{ key: string; payload: Obj }>(
    `SELECT key, payload FROM raw_${family} WHERE key IN (SELECT unnest(CAST(json($1) AS VARCHAR[])))`, [JSON.stringify(keys)],
  );
  const parts = await workspace.query<{ khoros_key: string; intercom_id: string }>(
    `SELECT khoros_key, intercom_id FROM ledger WHERE object_type = 'conversation_part' AND status = 'done'
       AND regexp_replace(khoros_key, '#[^#]*$', '') IN (SELECT unnest(CAST(json($1) AS VARCHAR[])))
     QUALIFY row_number() OVER (PARTITION BY khoros_key ORDER BY seq DESC) = 1`,
    [JSON.stringify(keys)],
  );
  const ids = new Map<string, Set<string>>();
  for (const { key, payload } of rows) {
    const record = typeof payload === 'string' ? JSON.parse(payload) : payload;
    const items: unknown[] = family === 'cases' ? (record?.interactions ?? []).map((i: Obj) => i?.id) : (record?.messages ?? []).map((m: Obj) => m?.lswUuid ?? m?.id);
    ids.set(key, new Set(items.filter((id) => typeof id === 'string' || typeof id === 'number').map((id) => subKey(String(id)))));
  }
  const out: SourceRemoval[] = [];
  for (const { khoros_key, intercom_id } of parts) {
    const at = khoros_key.lastIndexOf('#');
    const record = khoros_key.slice(0, at);
    const present = ids.get(record);
    if (!present) continue;
    const gone = referencedIds(khoros_key.slice(at + 1)).filter((id) => !id.includes('%23') && !present.has(id));
    if (gone.length) {
      out.push({ family: 'conversation_part', key: khoros_key, kind: 'interaction_deleted', intercomId: intercom_id,
        detail: `${family === 'cases' ? 'interaction' : 'message'} ${gone.join(', ')} of ${record} is no longer in Khoros; its part stays in Intercom` });
    }
  }
  return out;
}

/** The source ids a part key names (escaped as in the key). */
function referencedIds(partKey: string): string[] {
  const item = /^(?:item|opening):(.*?)(?::files\d+)?(?:~dup\d+)?$/.exec(partKey);
  if (item) return [item[1]];
  const transcript = /^transcript:(.*)\.\.(.*?)(?:~dup\d+)?$/.exec(partKey);
  return transcript ? [transcript[1], transcript[2]] : [];
}

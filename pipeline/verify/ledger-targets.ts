/**
 * What the ledger says was written for a chunk of Khoros keys: the Intercom id of each
 * key's latest `done` create or update (unless a later delete, rollback or archive of the
 * same key undid it), and, for conversations, each part's id. One query per chunk, so
 * memory follows the chunk.
 */
import type { Workspace } from '../workspace/workspace.ts';

/**
 * Key → Intercom id of its latest record-level write that is done and not undone.
 *
 * @example
 * (await ledgerTargets(workspace, ['contact'], ['C0000001'])).get('C0000001'); // { id: '6762f…', objectType: 'contact' }
 */
export async function ledgerTargets(workspace: Workspace, objectTypes: readonly string[], keys: readonly string[]): Promise<Map<string, { id: string; objectType: string }>> {
  if (keys.length === 0) return new Map();
  const rows = await workspace.query<{ khoros_key: string; object_type: string; intercom_id: string | null; operation: string }>(
    `SELECT khoros_key, object_type, intercom_id, operation FROM ledger
     WHERE object_type IN (SELECT unnest(CAST(json($1) AS VARCHAR[]))) AND khoros_key IN (SELECT unnest(CAST(json($2) AS VARCHAR[])))
       AND status = 'done' AND regexp_matches(lower(operation), '^(create|update|upsert|delete|rollback|restore|archive)')
     QUALIFY row_number() OVER (PARTITION BY khoros_key ORDER BY seq DESC) = 1`,
    [JSON.stringify(objectTypes), JSON.stringify(keys)],
  );
  const out = new Map<string, { id: string; objectType: string }>();
  for (const row of rows) {
    if (!/^(create|update|upsert)/i.test(row.operation) || !row.intercom_id) continue;
    out.set(row.khoros_key, { id: row.intercom_id, objectType: row.object_type });
  }
  return out;
}

/**
 * Part key (`<key>#<part key>`) → `<conversation id>/<part id>` of the chunk's conversations' done parts.
 *
 * @example
 * (await ledgerParts(workspace, ['00004711'])).get('00004711#item:i-1'); // '1/1'
 */
export async function ledgerParts(workspace: Workspace, keys: readonly string[]): Promise<Map<string, string>> {
  if (keys.length === 0) return new Map();
  const rows = await workspace.query<{ khoros_key: string; intercom_id: string }>(
    `SELECT khoros_key, intercom_id FROM ledger
     WHERE object_type = 'conversation_part' AND status = 'done' AND intercom_id IS NOT NULL
       AND regexp_replace(khoros_key, '#[^#]*$', '') IN (SELECT unnest(CAST(json($1) AS VARCHAR[])))
     QUALIFY row_number() OVER (PARTITION BY khoros_key ORDER BY seq DESC) = 1`,
    [JSON.stringify(keys)],
  );
  return new Map(rows.map((r) => [r.khoros_key, r.intercom_id]));
}

/**
 * The workspace-wide numbers of a family for the reconciliation counts: records staged, and
 * records exported (staged plus those export validation refused into quarantine); and which
 * of a chunk's keys import quarantined (queued or refused: known, not written).
 */
import type { Workspace } from '../workspace/workspace.ts';

/**
 * @example
 * await familyTotals(workspace, 'customers'); // { source: 20, staged: 20 }
 */
export async function familyTotals(workspace: Workspace, family: string): Promise<{ source: number; staged: number }> {
  if (!/^[a-z][a-z0-9_]*$/.test(family)) throw new RangeError(`not a family name: ${JSON.stringify(family)}`);
  const [table] = await workspace.query<{ n: number }>(`SELECT count(*) AS n FROM information_schema.tables WHERE table_name = $1 AND table_schema = 'main'`, [`raw_${family}`]);
  const staged = table?.n ? Number((await workspace.query<{ n: number }>(`SELECT count(*) AS n FROM raw_${family}`))[0].n) : 0;
  const [refused] = await workspace.query<{ n: number }>(`SELECT count(DISTINCT dedupe_key) AS n FROM quarantine WHERE family = $1`, [family]);
  return { source: staged + Number(refused?.n ?? 0), staged };
}

/**
 * The keys among `keys` that import quarantined as not written (`queued …` reasons, or a refusal).
 * Attachment-only notes (`attachment_not_staged`, the record itself was written) do not count.
 *
 * @example
 * await quarantinedKeys(workspace, 'import_contacts', ['C0000014']); // Set { 'C0000014' }
 */
export async function quarantinedKeys(workspace: Workspace, family: string, keys: readonly string[]): Promise<Set<string>> {
  if (keys.length === 0) return new Set();
  const rows = await workspace.query<{ key: string }>(
    `SELECT DISTINCT key FROM quarantine WHERE family = $1 AND key IN (SELECT unnest(CAST(json($2) AS VARCHAR[])))
       AND NOT starts_with(reason, 'attachment_not_staged') AND NOT starts_with(reason, 'tag_not_provisioned')`,
    [family, JSON.stringify(keys)],
  );
  return new Set(rows.map((r) => r.key));
}

/**
 * Per part key (`<key>#<part key>`): the attachment ids import recorded as not staged (sent without them).
 *
 * @example
 * (await unstagedAttachments(workspace, ['00004711'])).get('00004711#item:i-3'); // Set { 'ATT-000000003-1' }
 */
export async function unstagedAttachments(workspace: Workspace, keys: readonly string[]): Promise<Map<string, Set<string>>> {
  const out = new Map<string, Set<string>>();
  if (keys.length === 0) return out;
  const rows = await workspace.query<{ key: string; reason: string }>(
    `SELECT key, reason FROM quarantine WHERE family = 'import_conversations' AND starts_with(reason, 'attachment_not_staged')
       AND key IN (SELECT unnest(CAST(json($1) AS VARCHAR[])))`,
    [JSON.stringify(keys)],
  );
  for (const { key, reason } of rows) {
    const match = /^attachment_not_staged: part (.+?): (.*?) \(not downloaded/.exec(reason);
    if (!match) continue;
    const ids = out.get(`${key}#${match[1]}`) ?? new Set<string>();
    for (const id of match[2].split(', ')) ids.add(id);
    out.set(`${key}#${match[1]}`, ids);
  }
  return out;
}

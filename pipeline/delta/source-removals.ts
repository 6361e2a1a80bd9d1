/**
 * `source_removals`: what a delta found gone from Khoros. Intercom keeps what the migration
 * wrote for it (a part cannot be deleted, and deleting a contact or a conversation is a
 * person's decision): each removal is reported, with the Intercom object it left behind,
 * never silently ignored and never applied.
 *
 * Kinds: `deleted` (the API answers 404, flags the record deleted, or no longer lists it),
 * `merged` (a Care person merged into another, `into_key`), `interaction_deleted` (a
 * written part whose interaction or message the source no longer has; key: the part's
 * ledger key).
 */
import type { Workspace } from '../workspace/workspace.ts';

/** One removal. */
export interface SourceRemoval {
  family: string;
  key: string;
  kind: 'deleted' | 'merged' | 'interaction_deleted';
  detail: string;
  intoKey?: string | null;
  /** What the migration wrote for it, if anything (from the ledger). */
  intercomId?: string | null;
}

/**
 * Records removals (a removal already recorded keeps its first detection); answers how many were new.
 *
 * @example
 * await recordRemovals(workspace, [{ family: 'customers', key: 'C1', kind: 'deleted', detail: 'no longer listed by GET /crm/customers' }]);
 */
export async function recordRemovals(workspace: Workspace, removals: readonly SourceRemoval[]): Promise<number> {
  let fresh = 0;
  for (const r of removals) {
    const before = await workspace.query<{ n: bigint }>('SELECT count(*) AS n FROM source_removals WHERE family = $1 AND key = $2 AND kind = $3', [r.family, r.key, r.kind]);
    if (Number(before[0].n) > 0) continue;
    await workspace.query(
      `INSERT INTO source_removals VALUES ($1, $2, $3, $4, $5, $6, $7, $8::TIMESTAMPTZ) ON CONFLICT DO NOTHING`,
      [r.family, r.key, r.kind, r.detail, r.intoKey ?? null, r.intercomId ?? null, workspace.runId, new Date().toISOString()],
    );
    fresh += 1;
  }
  return fresh;
}

/**
 * The Intercom id the ledger's latest done write gives a record (contact or conversation create).
 *
 * @example
 * await writtenId(workspace, 'contact', 'C0000001'); // '6650…' or null
 */
export async function writtenId(workspace: Workspace, objectType: string, key: string): Promise<string | null> {
  const [row] = await workspace.query<{ intercom_id: string }>(
    `SELECT intercom_id FROM ledger WHERE object_type = $1 AND khoros_key = $2 AND status = 'done' AND intercom_id IS NOT NULL ORDER BY seq DESC LIMIT 1`,
    [objectType, key],
  );
  return row?.intercom_id ?? null;
}

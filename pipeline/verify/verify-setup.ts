/**
 * Verifies what provision wrote (tags, contact data attributes, conversation attributes,
 * Help Center collections and sections) against Intercom's listings, read once for the run
 * (`readIntercomState`): each done create or update in the ledger must still be there, under
 * the name the ledger keyed it by (collections and sections by id only). Always complete,
 * also in sample mode: these are a few dozen objects.
 */
import type { IntercomState } from '../transform/read-intercom-state.ts';
import type { InsertColumn } from './insert-rows.ts';
import { emptyTally, objectCounts } from './scope-tally.ts';
import type { ObjectCounts, VerifyContext } from './verify-types.ts';

const COLUMNS: InsertColumn[] = [
  { name: 'run_id' }, { name: 'object_type' }, { name: 'khoros_key' }, { name: 'intercom_id' }, { name: 'found' }, { name: 'payload', cast: 'JSON' }, { name: 'read_at', cast: 'TIMESTAMPTZ' },
];

/** Ledger object type → the listing it is found in, and whether the ledger key is its name. */
const SETUP: Record<string, { list: (s: IntercomState) => readonly { id: string | null; name: string }[]; named: boolean }> = {
  tag: { list: (s) => s.tags, named: true },
  data_attribute: { list: (s) => s.dataAttributes, named: true },
  conversation_attribute: { list: (s) => s.conversationAttributes, named: true },
  collection: { list: (s) => s.collections, named: false },
  section: { list: (s) => s.collections, named: false },
};

/**
 * @example
 * const counts = await verifySetup(context, await readIntercomState(intercom)); // one ObjectCounts per type
 */
export async function verifySetup(context: VerifyContext, state: IntercomState): Promise<ObjectCounts[]> {
  const { workspace, recorder } = context;
  const out: ObjectCounts[] = [];
  for (const [objectType, { list, named }] of Object.entries(SETUP)) {
    const rows = await workspace.query<{ khoros_key: string; intercom_id: string }>(
      `SELECT khoros_key, intercom_id FROM ledger WHERE object_type = $1 AND status = 'done' AND intercom_id IS NOT NULL
         AND regexp_matches(lower(operation), '^(create|update|upsert|delete|rollback|archive)')
       QUALIFY row_number() OVER (PARTITION BY khoros_key ORDER BY seq DESC) = 1 ORDER BY khoros_key`, [objectType]);
    const tally = emptyTally();
    const byId = new Map(list(state).map((o) => [String(o.id), o]));
    for (const { khoros_key: key, intercom_id: id } of rows) {
      tally.planned += 1;
      tally.written += 1;
      tally.checked += 1;
      const found = byId.get(id);
      await recorder.readback('readback_setup', COLUMNS, [recorder.runId, objectType, key, id, found !== undefined, found ?? null, new Date()]);
      if (!found) {
        recorder.finding({ objectType, khorosKey: key, intercomId: id, kind: 'missing', detail: `${objectType} ${id} is not in Intercom's listing` });
        continue;
      }
      tally.readBack += 1;
      if (named) recorder.check(objectType, key, id, 'name', key.toLowerCase(), found.name.toLowerCase());
    }
    if (rows.length) out.push(objectCounts(objectType, { source: rows.length, staged: rows.length }, tally, recorder));
  }
  await recorder.flush();
  return out;
}

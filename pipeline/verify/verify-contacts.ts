/**
 * Verifies the contacts: each staged customer in scope is transformed again with the
 * confirmed map (its Care authors read for the chunk, as import reads them), the contact
 * the ledger says was written for it is read back (`GET /contacts/{id}`, side by side,
 * paced by the client) into `readback_contacts`, and every field the map writes is
 * compared: standard fields by name, custom attributes as `custom_attributes.<name>`.
 * A customer the map writes that the ledger has no contact for, and is not quarantined, is
 * `not_written`; a contact Intercom no longer has is `missing`.
 */
import type { Customer } from '../../simulators/dataset/types.ts';
import { forEachConcurrently } from '../import/for-each-concurrently.ts';
import { buildChunkLookups } from '../transform/build-chunk-lookups.ts';
import { readAuthorLookups } from '../transform/read-author-lookups.ts';
import { transformContact } from '../transform/transform-contact.ts';
import { familyTotals, quarantinedKeys } from './family-totals.ts';
import type { InsertColumn } from './insert-rows.ts';
import { ledgerTargets } from './ledger-targets.ts';
import { readById } from './read-by-id.ts';
import { recordsInScope } from './records-in-scope.ts';
import { emptyTally, objectCounts, tallyRecord } from './scope-tally.ts';
import type { ObjectCounts, VerifyContext } from './verify-types.ts';

type Obj = Record<string, any>;

const COLUMNS: InsertColumn[] = [
  { name: 'run_id' }, { name: 'khoros_key' }, { name: 'intercom_id' }, { name: 'found' }, { name: 'payload', cast: 'JSON' }, { name: 'read_at', cast: 'TIMESTAMPTZ' },
];

/**
 * @example
 * const counts = await verifyContacts(context); // { objectType: 'contact', planned: 19, readBack: 19, ... }
 */
export async function verifyContacts(context: VerifyContext): Promise<ObjectCounts> {
  const { workspace, intercom, recorder } = context;
  const tally = emptyTally();
  const scope = context.selection?.get('customers') ?? null;
  for await (const chunk of recordsInScope<Customer>(workspace, 'customers', scope, context.chunkSize)) {
    const keys = chunk.map((r) => r.key);
    const authors = await readAuthorLookups(workspace, { customerIds: keys });
    const lookups = buildChunkLookups(context.lookups, { authorsByCustomer: authors.authorsByCustomer });
    const targets = await ledgerTargets(workspace, ['contact'], keys);
    const quarantined = await quarantinedKeys(workspace, 'import_contacts', keys);
    await forEachConcurrently(chunk, context.concurrency, async ({ key, payload }) => {
      const expected = transformContact(payload, { mapping: context.mapping, lookups, now: context.now }).update;
      const target = targets.get(key);
      if (!tallyRecord(tally, recorder, 'contact', key, expected !== null, target, quarantined.has(key)) || !expected || !target) return;
      const contact = await readById(intercom, '/contacts', target.id);
      await recorder.readback('readback_contacts', COLUMNS, [recorder.runId, key, target.id, contact !== null, contact, new Date()]);
      if (!contact) {
        recorder.finding({ objectType: 'contact', khorosKey: key, intercomId: target.id, kind: 'missing', detail: `GET /contacts/${target.id} answered 404` });
        return;
      }
      tally.readBack += 1;
      compareContact(context, key, target.id, expected as Obj, contact);
    });
  }
  await recorder.flush();
  return objectCounts('contact', await familyTotals(workspace, 'customers'), tally, recorder);
}

/** Every field of the update body against the contact read back. */
function compareContact(context: VerifyContext, key: string, id: string, expected: Obj, contact: Obj): void {
  const { recorder } = context;
  for (const [field, value] of Object.entries(expected)) {
    if (field === 'custom_attributes') continue;
    const actual = field === 'avatar' ? contact.avatar?.image_url ?? contact.avatar : contact[field];
    recorder.check('contact', key, id, field, value, actual);
  }
  for (const [name, value] of Object.entries((expected.custom_attributes ?? {}) as Obj)) {
    recorder.check('contact', key, id, `custom_attributes.${name}`, value, contact.custom_attributes?.[name]);
  }
}

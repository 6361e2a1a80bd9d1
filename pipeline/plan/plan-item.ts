/**
 * One planned object: a row of the `plans` table. The plan says, for every object the
 * import would touch, what it would do with it:
 *
 * - `create`: not in Intercom, not in the ledger: import creates it;
 * - `update`: it exists (found in Intercom, or written by an earlier run whose payload has
 *   changed since): import writes the changes (`detail.changes` lists them when known);
 * - `skip`: nothing to write (already migrated with the same payload, exists unchanged, or
 *   a map rule skips it);
 * - `queue`: not written; the record goes to the reconciliation queue for a person (no
 *   usable email under `policies.noEmail: skip`, no contact to hang a conversation on, ...).
 *
 * A record that is written but also needs a look (written as a lead for want of an email,
 * a field value quarantined) keeps its write action and carries `detail.queue` or
 * `detail.quarantined`.
 */

/** What import would do. */
export type PlanAction = 'create' | 'update' | 'skip' | 'queue';

/** One planned object. */
export interface PlanItem {
  /** The Intercom object: `contact`, `conversation`, `article`, `internal_article`, `tag`, `data_attribute`, `conversation_attribute`, `collection`, `section`. */
  objectType: string;
  /** Where it comes from: a Khoros family (`customers`, `cases`, `conversations`, `kb_articles`, `kb_categories`, `kb_boards`), or `mapping` for what the map provisions. */
  family: string;
  /** The Khoros key (customer id, case id, `lswUuid`, article id) or the provisioned name. */
  khorosKey: string;
  action: PlanAction;
  /** The Intercom object written to (updates, skips of existing objects); null for creates and queued records. */
  intercomId: string | null;
  /** A stable reason code (`new`, `matched-by-email`, `already-migrated`, `customer-without-email`, ...). */
  reason: string;
  /** Everything else, as JSON: a sentence (`note`), changed fields, counts, findings. */
  detail: Record<string, unknown>;
}

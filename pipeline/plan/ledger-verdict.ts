/**
 * Compares a record with what an earlier import run wrote for it, by payload hash.
 */
import type { RecordHashes } from '../transform/build-payload-hash.ts';
import type { LedgerRecord } from '../transform/read-ledger-state.ts';

/** `same`: written before with this payload; `changed`: written before with another; null: not written (or not done). */
export type LedgerVerdict = 'same' | 'changed' | null;

/**
 * The verdict for a record whose latest record-level write is `written`. The ledger's hash
 * matches when it is the hash of the whole result, or of the body of the operation it
 * records (create or update), so either way of recording it is understood.
 *
 * @example
 * ledgerVerdict(written.get('C0000002'), buildRecordHashes(result)); // 'same'
 */
export function ledgerVerdict(written: LedgerRecord | undefined, hashes: RecordHashes): LedgerVerdict {
  if (!written || !written.intercomId) return null;
  const body = /^update/i.test(written.operation) ? hashes.update : hashes.create;
  return written.payloadHash !== null && (written.payloadHash === hashes.result || written.payloadHash === body) ? 'same' : 'changed';
}

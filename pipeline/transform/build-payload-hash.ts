/**
 * Payload hashes of a transform result, to compare with the write ledger's `payload_hash`
 * (`pipeline/workspace/ledger-hash.ts`: hex sha256 of a body's canonical JSON). A record
 * written before whose hash is unchanged is "already migrated"; one whose payload changed
 * (a delta in the source, a new map version) is an update.
 *
 * Two granularities, so the plan understands either way the import records a record-level
 * write: the hash of the body of that write (`create`: `POST /contacts`, `/conversations`,
 * `/articles`; `update`: the `PUT` body), and the hash of the whole result
 * (`buildPayloadHash`: every request body of `plannedRequests`, in order), which also
 * changes when only a conversation's parts or tags change. `snoozed_until` is left out of
 * the whole-result hash: it is computed from the time of the run, so it would make every
 * snoozed conversation look changed.
 */
import { payloadHash } from '../workspace/ledger-hash.ts';
import { plannedRequests, type TransformResult } from './planned-requests.ts';

/** Fields whose value depends on when the transform ran, not on the record. */
const VOLATILE = new Set(['snoozed_until']);

/** The hashes of one result. */
export interface RecordHashes {
  /** `buildPayloadHash(result)`. */
  result: string;
  /** `payloadHash` of the create body; null when the result has none (queued or skipped). */
  create: string | null;
  /** `payloadHash` of the update (`PUT`) body; null when the result has none. */
  update: string | null;
}

/**
 * Hex sha256 of every request body of the result (file `data` is never in a transform
 * result: the import adds it just before sending).
 *
 * @example
 * buildPayloadHash(transformContact(customer, context)); // '9c1e…' (64 hex digits)
 */
export function buildPayloadHash(result: TransformResult): string {
  return payloadHash(plannedRequests(result).map((r) => [r.schema, r.path, withoutVolatile(r.payload)]));
}

/**
 * The result's hashes at both granularities.
 *
 * @example
 * const hashes = buildRecordHashes(result);
 * [hashes.result, hashes.create].includes(ledgerRow.payloadHash); // same payload as written
 */
export function buildRecordHashes(result: TransformResult): RecordHashes {
  const hash = (body: unknown) => (body === null || body === undefined ? null : payloadHash(body));
  switch (result.kind) {
    case 'contact':
      return { result: buildPayloadHash(result), create: hash(result.create), update: hash(result.update) };
    case 'conversation':
      return { result: buildPayloadHash(result), create: hash(result.conversation), update: hash(result.update) };
    case 'article':
      return { result: buildPayloadHash(result), create: hash(result.article ?? result.internalArticle), update: hash(result.article ?? result.internalArticle) };
  }
}

function withoutVolatile(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutVolatile);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(Object.entries(value).filter(([k]) => !VOLATILE.has(k)).map(([k, v]) => [k, withoutVolatile(v)]));
}

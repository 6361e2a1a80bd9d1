/**
 * Reads a family's staged records in chunks ordered by key (keyset pagination: each query
 * starts after the last key of the one before), so memory holds one chunk whatever the
 * size of the family, and a chunk is a stable unit to plan and write.
 */
import type { Workspace } from '../workspace/workspace.ts';

/** Records per chunk. @default 500 */
export const CHUNK_SIZE = 500;

/** A staged record. */
export interface StagedRecord<T = unknown> {
  key: string;
  payload: T;
}

/**
 * Yields the records of `raw_<family>` `size` at a time, by key; nothing when the family
 * has no table.
 *
 * @example
 * for await (const chunk of stagedChunks<Customer>(workspace, 'customers')) plan(chunk);
 */
export async function* stagedChunks<T>(workspace: Workspace, family: string, size = CHUNK_SIZE): AsyncGenerator<StagedRecord<T>[], void, undefined> {
  if (!/^[a-z][a-z0-9_]*$/.test(family)) throw new RangeError(`not a family name: ${JSON.stringify(family)}`);
  if (!Number.isSafeInteger(size) || size < 1) throw new RangeError(`chunk size must be a positive integer, got ${size}`);
  const [table] = await workspace.query<{ n: number }>(`SELECT count(*) AS n FROM information_schema.tables WHERE table_name = $1 AND table_schema = 'main'`, [`raw_${family}`]);
  if (!table?.n) return;
  let after: string | null = null;
  for (;;) {
    const rows: StagedRecord<T>[] = after === null
      ? await workspace.query<StagedRecord<T>>(`SELECT key, payload FROM raw_${family} ORDER BY key LIMIT ${size}`)
      : await workspace.query<StagedRecord<T>>(`SELECT key, payload FROM raw_${family} WHERE key > $1 ORDER BY key LIMIT ${size}`, [after]);
    if (rows.length === 0) return;
    yield rows;
    if (rows.length < size) return;
    after = rows[rows.length - 1].key;
  }
}

/**
 * The staged records verify checks, in chunks: every staged record of a family (`--full`,
 * keyset pages by key as `stagedChunks` reads them), or only the sample's keys.
 */
import { stagedChunks, type StagedRecord } from '../plan/staged-chunks.ts';
import type { Workspace } from '../workspace/workspace.ts';

/**
 * @example
 * for await (const chunk of recordsInScope(workspace, 'customers', null, 500)) check(chunk);
 */
export async function* recordsInScope<T>(
  workspace: Workspace, family: string, keys: ReadonlySet<string> | null, size: number,
): AsyncGenerator<StagedRecord<T>[], void, undefined> {
  if (keys === null) {
    yield* stagedChunks<T>(workspace, family, size);
    return;
  }
  if (!/^[a-z][a-z0-9_]*$/.test(family)) throw new RangeError(`not a family name: ${JSON.stringify(family)}`);
  const all = [...keys].sort();
  for (let start = 0; start < all.length; start += size) {
    const rows = await workspace.query<StagedRecord<T>>(
      `SELECT key, payload FROM raw_${family} WHERE key IN (SELECT unnest(CAST(json($1) AS VARCHAR[]))) ORDER BY key`,
      [JSON.stringify(all.slice(start, start + size))],
    );
    if (rows.length) yield rows;
  }
}

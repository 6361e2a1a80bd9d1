/**
 * Runs an async step over a chunk's records with at most `limit` of them in flight: how the
 * import keeps enough requests in flight to spend Intercom's budget while each record's own
 * writes stay in order (a conversation's parts are sent one after another; different
 * conversations go side by side).
 *
 * Unlike rxjs `mergeMap` or p-map, a failure does not leave work running behind the caller's
 * back: the first error stops new records from starting, the ones in flight are awaited (their
 * ledger rows land before the workspace can be closed), then that first error is thrown.
 * This is the one property the import needs that neither library gives, hence these lines.
 */

/**
 * Calls `step` for every item, at most `limit` at a time, in the items' order of starting.
 *
 * @example
 * await forEachConcurrently(chunk, 32, async (record) => importOne(record));
 */
export async function forEachConcurrently<T>(items: readonly T[], limit: number, step: (item: T, index: number) => Promise<void>): Promise<void> {
  if (!Number.isSafeInteger(limit) || limit < 1) throw new TypeError(`forEachConcurrently: limit must be a positive integer, got ${limit}`);
  let next = 0;
  let failed = false;
  let firstError: unknown;
  const worker = async (): Promise<void> => {
    while (!failed && next < items.length) {
      const index = next++;
      try {
        await step(items[index], index);
      } catch (error) {
        if (!failed) {
          failed = true;
          firstError = error;
        }
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  if (failed) throw firstError;
}

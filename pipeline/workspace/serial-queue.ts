/**
 * A promise queue of depth one: tasks run one after another, in call order. The workspace
 * has one DuckDB connection, and a transaction belongs to the connection, so two streams
 * writing at once must take turns or their statements would land in each other's
 * transactions.
 */

/** Runs `task` after every task queued before it has settled; its result or error is the caller's. */
export type SerialQueue = <T>(task: () => Promise<T>) => Promise<T>;

/**
 * Creates a queue. A failed task does not stop the ones behind it.
 *
 * @example
 * const serial = serialQueue();
 * const order: number[] = [];
 * await Promise.all([serial(async () => { await sleep(5); order.push(1); }), serial(async () => { order.push(2); })]);
 * order; // [1, 2]
 */
export function serialQueue(): SerialQueue {
  let tail: Promise<unknown> = Promise.resolve();
  return <T>(task: () => Promise<T>): Promise<T> => {
    const result = tail.then(task);
    // The next task waits for this one to settle, whatever the outcome.
    tail = result.catch(() => undefined);
    return result;
  };
}

/**
 * Group commit for the write ledger. A file workspace commits one statement in 3–9 ms (the
 * write-ahead log is synced each time), so one statement per ledger call would cap an
 * import at about a hundred writes a second. Calls made while a statement runs wait and
 * go into the next statement together: each caller's promise still settles only once its
 * own row is committed, and calls still take effect in call order. One caller at a time
 * (provision) sees no difference.
 */

/** Sends one item; answers once the statement that carried it has committed. */
export type Batched<I, O> = (item: I) => Promise<O>;

interface Waiting<I, O> {
  item: I;
  resolve(value: O): void;
  reject(reason: unknown): void;
}

/**
 * Wraps `run`, which writes many items in one statement and answers one result per item
 * (in order), so that items arriving while it runs are written by the next call, at most
 * `maxItems` at once. An error rejects every item of that statement only.
 *
 * @example
 * const insert = microBatch((rows: Row[]) => insertRows(rows), 500);
 * const [a, b] = await Promise.all([insert(rowA), insert(rowB)]); // one statement for a, the next for b (and whatever came meanwhile)
 */
export function microBatch<I, O>(run: (items: readonly I[]) => Promise<readonly O[]>, maxItems: number): Batched<I, O> {
  const queue: Waiting<I, O>[] = [];
  let running = false;
  const drain = async () => {
    running = true;
    while (queue.length) {
      const batch = queue.splice(0, Math.max(1, maxItems));
      try {
        const results = await run(batch.map((w) => w.item));
        batch.forEach((w, i) => w.resolve(results[i]));
      } catch (error) {
        for (const w of batch) w.reject(error);
      }
    }
    running = false;
  };
  return (item) => new Promise<O>((resolve, reject) => {
    queue.push({ item, resolve, reject });
    if (!running) void drain();
  });
}

/**
 * One batcher per key (per workspace), made on first use and dropped with the key.
 *
 * @example
 * const intents = perKey((ws: Workspace) => microBatch((rows) => insert(ws, rows), 500));
 * await intents(workspace)(row);
 */
export function perKey<K extends object, V>(make: (key: K) => V): (key: K) => V {
  const made = new WeakMap<K, V>();
  return (key) => {
    let value = made.get(key);
    if (value === undefined) {
      value = make(key);
      made.set(key, value);
    }
    return value;
  };
}

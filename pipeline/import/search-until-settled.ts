/**
 * Asks a lagging search until its answer can be trusted. Intercom's search indexes writes
 * late ("If a contact has recently been created … it will not yet be available when
 * searching … This delay can take a few minutes"), so when a write's answer was lost and a
 * search is the only way to look it up (a lead by `external_id`, a conversation by contact
 * and `created_at`), a miss soon after the write proves nothing: sending the write again
 * would double it. A miss is proof only once the search has been asked after the lag
 * window that began when the write was sent.
 *
 * So: search; found → the answer; a miss before `sentAt + lagMs` → wait (1 s, doubling, at
 * most 30 s, never past the window) and search again; a miss after it → absent. The import
 * writes records side by side, so one record waiting here does not hold the others up.
 */

/** When the write was sent and how long the search may lag behind it. */
export interface SearchLag {
  /** Epoch ms the write in doubt was sent (a ledger intent's `recordedAt`). */
  sentAt: number;
  /** How long the index may lag behind a write, in ms (`import.searchLagSeconds`). */
  lagMs: number;
  /** @default Date.now */
  now?: () => number;
  /** @default setTimeout */
  sleep?: (ms: number) => Promise<void>;
}

const sleepFor = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * The search's answer once it is found, or undefined once a search made after the lag
 * window still misses.
 *
 * @example
 * const found = await searchUntilSettled(() => findLead(intercom, 'C0000009'), { sentAt: intent.recordedAt.getTime(), lagMs: 180_000 });
 */
export async function searchUntilSettled<T>(search: () => Promise<T | undefined>, lag: SearchLag): Promise<T | undefined> {
  const now = lag.now ?? Date.now;
  const sleep = lag.sleep ?? sleepFor;
  const settledAt = lag.sentAt + lag.lagMs;
  let wait = 1_000;
  for (;;) {
    const askedAt = now();
    const found = await search();
    if (found !== undefined || askedAt >= settledAt) return found;
    await sleep(Math.max(1, Math.min(wait, settledAt - now())));
    wait = Math.min(wait * 2, 30_000);
  }
}

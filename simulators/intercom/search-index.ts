/**
 * Intercom's search is eventually consistent: "If a contact has recently been created,
 * there is a possibility that it will not yet be available when searching ... This delay
 * can take a few minutes" (2.16 description of `POST /contacts/search`). The index keeps
 * the versions of each record with the time they were written, so search can serve what
 * an index lagging by `delaySeconds` would hold: new records are missing, updated records
 * show their previous values, deleted records linger.
 */

type Doc = Record<string, any>;

/**
 * Timed versions of records, newest last.
 *
 * @example
 * const index = new SearchIndex();
 * index.record('a', { id: 'a' }, 100);
 * index.visible(110, 60); // [] — written 10 s ago, the index lags 60 s
 * index.visible(200, 60); // [{ id: 'a' }]
 */
export class SearchIndex {
  private readonly versions = new Map<string, { at: number; doc: Doc | null }[]>();

  /**
   * Records a write (`doc` null for a delete) made at `at` (Unix seconds; `-Infinity`
   * for seed data that was always there). The doc is copied, later edits don't leak in.
   * With the index's current lag (`delaySeconds`), the versions no search can see any more
   * are dropped; a lag raised later shows a record's newest kept version, not older ones.
   */
  record(id: string, doc: Doc | null, at: number, delaySeconds = Number.POSITIVE_INFINITY): void {
    const list = this.versions.get(id) ?? [];
    list.push({ at, doc: doc === null ? null : structuredClone(doc) });
    // Versions older than the newest one a lag of `delaySeconds` already shows can never be
    // served again (at the lag in force when written): drop them, or every write of a long
    // migration stays in memory (a conversation gets one version per part).
    let keepFrom = 0;
    for (let i = 1; i < list.length; i++) if (list[i].at <= at - delaySeconds) keepFrom = i;
    this.versions.set(id, keepFrom > 0 ? list.slice(keepFrom) : list);
  }

  /** Drops versions that no lag of `delaySeconds` can show any more at or after `now`. */
  compact(now: number, delaySeconds: number): void {
    const horizon = now - delaySeconds;
    for (const [id, list] of this.versions) {
      let keepFrom = 0;
      for (let i = 1; i < list.length; i++) if (list[i].at <= horizon) keepFrom = i;
      const kept = keepFrom > 0 ? list.slice(keepFrom) : list;
      if (kept.length === 1 && kept[0].doc === null && kept[0].at <= horizon) this.versions.delete(id);
      else if (kept !== list) this.versions.set(id, kept);
    }
  }

  /** The newest version of every record written at least `delaySeconds` before `now`, in first-write order. */
  visible(now: number, delaySeconds: number): Doc[] {
    this.compact(now, delaySeconds);
    const horizon = now - delaySeconds;
    const out: Doc[] = [];
    for (const list of this.versions.values()) {
      let seen: Doc | null = null;
      for (const version of list) if (version.at <= horizon) seen = version.doc;
      if (seen) out.push(seen);
    }
    return out;
  }
}

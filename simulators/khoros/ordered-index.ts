/**
 * A map that keeps insertion order and answers "the records after this key", so cursor
 * pages stay correct while the admin endpoint adds records during a run.
 */
export class OrderedIndex<T> {
  private readonly map = new Map<string, T>();
  private list: string[] | null = null;
  private positions: Map<string, number> | null = null;

  /** Number of records. */
  get size(): number {
    return this.map.size;
  }

  /** The record with this key, if any. */
  get(key: string): T | undefined {
    return this.map.get(key);
  }

  /** Adds or replaces a record; a new key goes last. */
  set(key: string, value: T): void {
    if (!this.map.has(key)) this.invalidate();
    this.map.set(key, value);
  }

  /** Removes a record. */
  delete(key: string): boolean {
    this.invalidate();
    return this.map.delete(key);
  }

  /** All records in insertion order. */
  values(): IterableIterator<T> {
    return this.map.values();
  }

  /**
   * Up to `limit` records after `afterKey` (from the start when absent), and the key to
   * continue from, or null at the end.
   *
   * @example
   * const { items, next } = index.page(undefined, 100);
   */
  page(afterKey: string | undefined, limit: number): { items: T[]; next: string | null } {
    const keys = this.keys();
    const start = afterKey === undefined ? 0 : (this.positions!.get(afterKey) ?? -1) + 1;
    if (afterKey !== undefined && !this.positions!.has(afterKey)) throw new RangeError(`unknown cursor key ${afterKey}`);
    const slice = keys.slice(start, start + limit);
    const items = slice.map((k) => this.map.get(k)!);
    const next = start + limit < keys.length ? slice[slice.length - 1] : null;
    return { items, next };
  }

  private keys(): string[] {
    if (!this.list) {
      this.list = [...this.map.keys()];
      this.positions = new Map(this.list.map((k, i) => [k, i]));
    }
    return this.list;
  }

  private invalidate(): void {
    this.list = null;
    this.positions = null;
  }
}

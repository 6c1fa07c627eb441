/**
 * A task's record cache (Kafka Streams' `ThreadCache` behind its caching stores, KIP-63): the writes
 * of its open commit interval that have not gone to Kafka yet, one entry per identity (a store key,
 * or a table topic's key), the last write winning. Entries leave at the commit (`drain`), or earlier,
 * oldest first, when more than `maxEntries` are held (`overflow`): an evicted entry is written in
 * the open transaction like any output, so nothing is lost by evicting.
 *
 * What it saves: a key written by every record of an interval (one customer's running total, raised
 * by each of their orders; one sensor's latest temperature) is serialized and written once per
 * commit instead of once per record.
 * `maxEntries: 0` turns caching off: every write leaves with the record that made it.
 *
 * Writes of the record being processed can be undone (`rollback`) when that record fails; `accept`
 * makes them final.
 */
export interface RecordCache<T> {
  put(identity: string, entry: T): void;
  /** Makes the current record's writes final. */
  accept(): void;
  /** Undoes the current record's writes: the cache is as before the record. */
  rollback(): void;
  /** Removes and returns the oldest entries beyond `maxEntries` (all of them when caching is off). */
  overflow(): T[];
  /** Removes and returns every entry, in the order of each identity's last write. */
  drain(): T[];
  readonly size: number;
}

export function createRecordCache<T>(maxEntries: number): RecordCache<T> {
  if (!Number.isInteger(maxEntries) || maxEntries < 0) throw new RangeError(`the record cache needs a whole number of entries >= 0, got ${maxEntries}`);
  let entries = new Map<string, T>();
  // Per identity written by the current record: what it held before (undefined: nothing).
  const before = new Map<string, T | undefined>();
  return {
    put(identity, entry) {
      if (!before.has(identity)) before.set(identity, entries.get(identity));
      // Deleted first, so that the entry's place in the eviction order is its last write.
      entries.delete(identity);
      entries.set(identity, entry);
    },
    accept() {
      before.clear();
    },
    rollback() {
      for (const [identity, previous] of before) {
        entries.delete(identity);
        // An undone overwrite goes back at the newest end: eviction order is approximate, content exact.
        if (previous !== undefined) entries.set(identity, previous);
      }
      before.clear();
    },
    overflow() {
      const evicted: T[] = [];
      for (const [identity, entry] of entries) {
        if (entries.size <= maxEntries) break;
        entries.delete(identity);
        evicted.push(entry);
      }
      return evicted;
    },
    drain() {
      const all = [...entries.values()];
      entries = new Map();
      before.clear();
      return all;
    },
    get size() {
      return entries.size;
    },
  };
}

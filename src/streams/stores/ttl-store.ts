import { StoreFullError } from '../errors/index.js';
import { keyId, type StoreJournal, type StoreSpec } from './store-spec.js';

/**
 * In-memory store whose entries expire `ttlMs` after their event time (the dedup window). Time is
 * always passed in (stream time), never read from a clock. Expiry is written to the changelog as a
 * tombstone; the entry's event time is the changelog record's timestamp, so restore rebuilds it.
 */
export interface TtlStore<K, V> {
  readonly name: string;
  readonly ttlMs: number;
  readonly size: number;
  /** The value, if present and `now < timestamp + ttlMs`. */
  get(key: K, now: number): V | undefined;
  put(key: K, value: V, timestamp: number): void;
  /** Removes (and tombstones) every entry expired at `now`; returns them oldest first. */
  expire(now: number): Array<{ readonly key: K; readonly value: V; readonly timestamp: number }>;
  restore(key: K, value: V | null, timestamp: number): void;
  /** Every entry still held (expired or not), oldest first. */
  entries(): IterableIterator<{ readonly key: K; readonly value: V; readonly timestamp: number }>;
}

interface Entry<K, V> {
  readonly key: K;
  readonly value: V;
  readonly timestamp: number;
}

export function createTtlStore<K, V>(spec: StoreSpec<K, V>, journal: StoreJournal): TtlStore<K, V> {
  const ttlMs = spec.ttlMs ?? 0;
  // Insertion order approximates event-time order, so expire() stops at the first live entry.
  const map = new Map<string, Entry<K, V>>();
  const reset = (id: string, previous: Entry<K, V> | undefined): void => {
    map.delete(id);
    if (previous !== undefined) map.set(id, previous);
  };
  return {
    name: spec.name,
    ttlMs,
    get size() {
      return map.size;
    },
    get(key, now) {
      const entry = map.get(keyId(key));
      return entry !== undefined && now < entry.timestamp + ttlMs ? entry.value : undefined;
    },
    put(key, value, timestamp) {
      const id = keyId(key);
      const previous = map.get(id);
      if (previous === undefined && map.size >= spec.maxEntries) throw new StoreFullError(spec.name, spec.maxEntries);
      map.delete(id);
      map.set(id, { key, value, timestamp });
      journal.record({ store: spec.name, key, value, timestamp }, () => reset(id, previous));
    },
    expire(now) {
      const expired: Array<Entry<K, V>> = [];
      for (const [id, entry] of map) {
        if (now < entry.timestamp + ttlMs) break;
        map.delete(id);
        expired.push(entry);
        journal.record({ store: spec.name, key: entry.key, value: null, timestamp: now }, () => map.set(id, entry));
      }
      return expired;
    },
    entries: function* () {
      yield* map.values();
    },
    restore(key, value, timestamp) {
      const id = keyId(key);
      map.delete(id);
      if (value !== null) map.set(id, { key, value, timestamp });
    },
  };
}

import { StoreFullError } from '../errors/index.js';
import { keyId, type StoreJournal, type StoreSpec } from './store-spec.js';

/** Read side of a key-value store: what a stream-table join needs. */
export interface ReadOnlyKeyValueStore<K, V> {
  readonly name: string;
  get(key: K): V | undefined;
  readonly size: number;
  entries(): IterableIterator<readonly [K, V]>;
}

/**
 * In-memory key-value store, change-logged. Every `put`/`delete` is reported to the task's journal,
 * which writes it to the changelog in the same transaction as the outputs, and can undo it if the
 * record that caused it fails.
 */
export interface KeyValueStore<K, V> extends ReadOnlyKeyValueStore<K, V> {
  put(key: K, value: V, timestamp: number): void;
  delete(key: K, timestamp: number): void;
  /** Applies a changelog record during restore: not logged again. */
  restore(key: K, value: V | null): void;
}

export function createKeyValueStore<K, V>(spec: StoreSpec<K, V>, journal: StoreJournal): KeyValueStore<K, V> {
  const map = new Map<string, readonly [K, V]>();
  const set = (id: string, entry: readonly [K, V] | undefined): void => {
    if (entry === undefined) map.delete(id);
    else map.set(id, entry);
  };
  return {
    name: spec.name,
    get: (key) => map.get(keyId(key))?.[1],
    get size() {
      return map.size;
    },
    entries: function* () {
      yield* map.values();
    },
    put(key, value, timestamp) {
      const id = keyId(key);
      const previous = map.get(id);
      if (previous === undefined && map.size >= spec.maxEntries) throw new StoreFullError(spec.name, spec.maxEntries);
      map.set(id, [key, value]);
      journal.record({ store: spec.name, key, value, timestamp }, () => set(id, previous));
    },
    delete(key, timestamp) {
      const id = keyId(key);
      const previous = map.get(id);
      if (previous === undefined) return;
      map.delete(id);
      journal.record({ store: spec.name, key, value: null, timestamp }, () => set(id, previous));
    },
    restore(key, value) {
      set(keyId(key), value === null ? undefined : [key, value]);
    },
  };
}

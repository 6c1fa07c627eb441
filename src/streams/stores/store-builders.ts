import type { Serde } from '../serde.js';
import { DEFAULT_MAX_ENTRIES, type StoreSpec } from './store-spec.js';

export interface StoreOptions<K, V> {
  readonly keySerde: Serde<K>;
  readonly valueSerde: Serde<V>;
  /** Bound on entries; a write past it fails with `StoreFullError` (default 100 000). */
  readonly maxEntries?: number;
}

/**
 * A change-logged in-memory key-value store, to declare with `StreamsBuilder#addStateStore` and
 * connect to processors by name (Kafka Streams' `Stores.keyValueStoreBuilder`).
 *
 * @example builder.addStateStore(keyValueStore('customers', { keySerde: stringSerde, valueSerde: customerSerde }))
 */
export function keyValueStore<K, V>(name: string, options: StoreOptions<K, V>): StoreSpec<K, V> {
  return { name, kind: 'key-value', keySerde: options.keySerde, valueSerde: options.valueSerde, maxEntries: options.maxEntries ?? DEFAULT_MAX_ENTRIES };
}

/** A change-logged store whose entries expire `ttlMs` after their event time (see `TtlStore`). */
export function ttlStore<K, V>(name: string, options: StoreOptions<K, V> & { readonly ttlMs: number }): StoreSpec<K, V> {
  return { ...keyValueStore(name, options), kind: 'ttl', ttlMs: options.ttlMs };
}

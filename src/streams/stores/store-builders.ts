import type { Serde } from '../serde.js';
import { windowedSerde } from '../windows/windowed-serde.js';
import type { Windowed } from '../windows/windowed.js';
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

/** What a window store needs beyond a key-value store's options (Kafka Streams' `Stores.persistentWindowStore` arguments). */
export interface WindowStoreOptions<K, V> extends StoreOptions<K, V> {
  /** The size of the windows it holds: the changelog key carries the start only, the end is start + size. */
  readonly windowSizeMs: number;
  /** How long a window is kept after its start, measured against the newest window start put (at least the window size). */
  readonly retentionMs: number;
}

/**
 * A change-logged in-memory window store (Kafka Streams' `Stores.windowStoreBuilder`), to declare
 * with `StreamsBuilder#addStateStore` and connect to processors by name, which reach it through
 * `ProcessorContext#getWindowStore`. Its changelog key is the `Windowed<K>` key (`windowedSerde`).
 *
 * @example builder.addStateStore(windowStore('readings-by-hour', { keySerde: stringSerde, valueSerde: jsonSerde<Summary>(), windowSizeMs: 3_600_000, retentionMs: 86_400_000 }))
 */
export function windowStore<K, V>(name: string, options: WindowStoreOptions<K, V>): StoreSpec<Windowed<K>, V> {
  const { windowSizeMs, retentionMs } = options;
  if (!Number.isSafeInteger(windowSizeMs) || windowSizeMs <= 0) throw new RangeError(`window store ${name}: the window size must be a positive whole number of ms, got ${windowSizeMs}`);
  if (!Number.isSafeInteger(retentionMs) || retentionMs < windowSizeMs) throw new RangeError(`window store ${name}: the retention must be a whole number of ms >= the window size ${windowSizeMs}, got ${retentionMs}`);
  return {
    name,
    kind: 'window',
    keySerde: windowedSerde(options.keySerde, windowSizeMs),
    valueSerde: options.valueSerde,
    maxEntries: options.maxEntries ?? DEFAULT_MAX_ENTRIES,
    windowSizeMs,
    retentionMs,
  };
}

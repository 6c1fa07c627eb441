import type { JoinableTable } from '../operators/join-table.js';
import type { StoreSpec } from '../stores/store-spec.js';
import type { KStream } from './kstream.js';

/**
 * A changelog stream read as a table (Kafka Streams `KTable`): the latest value per key, kept in a
 * change-logged store by the task that owns the key's partition. A null value deletes the key.
 * Join a co-partitioned stream with it via `joinTable(table, joiner)`.
 */
export class KTable<K, V> implements JoinableTable<K, V> {
  readonly store: StoreSpec<K, V>;
  readonly #changes: KStream<K, V | null>;

  constructor(store: StoreSpec<K, V>, changes: KStream<K, V | null>) {
    this.store = store;
    this.#changes = changes;
  }

  /** Every update of the table as a stream (`value: null` for deletes). */
  toStream(): KStream<K, V | null> {
    return this.#changes;
  }
}

import type { StreamRecord } from '../record.js';
import type { Serde } from '../serde.js';
import { DEFAULT_MAX_ENTRIES, type StoreSpec } from '../stores/store-spec.js';
import { derive, stepOperator, type StreamOperator } from './stream-operator.js';

export interface AggregateOptions<K, V, A> {
  /** The key-value store holding one aggregate per key (`<app>-<store>-changelog`). */
  readonly store: string;
  readonly keySerde: Serde<K>;
  readonly valueSerde: Serde<A>;
  readonly initializer: (key: K) => A;
  /** New aggregate from the old one and the record; `null` deletes the key (emits a tombstone). */
  readonly aggregator: (key: K, value: V, aggregate: A, record: StreamRecord<K, V>) => A | null;
  readonly maxEntries?: number;
  readonly name?: string;
}

/**
 * Kafka Streams' `groupByKey().aggregate()`: keeps one aggregate per key in a store and emits every
 * update as a table change (`value: null` = deleted). Feed it to `toTable(topic)` for the latest
 * value per key. Input must be partitioned by its key (repartition first after re-keying).
 *
 * @example orderEvents.pipe(aggregate({ store: 'orders', keySerde, valueSerde, initializer: () => emptyOrder, aggregator: applyEvent })).toTable('orders-state', serdes)
 */
export function aggregate<K, V, A>(options: AggregateOptions<K, V, A>): StreamOperator<StreamRecord<K, V>, StreamRecord<K, A | null>> {
  const spec: StoreSpec<K, A> = {
    name: options.store,
    kind: 'key-value',
    keySerde: options.keySerde,
    valueSerde: options.valueSerde,
    maxEntries: options.maxEntries ?? DEFAULT_MAX_ENTRIES,
  };
  return stepOperator({ kind: 'aggregate', ...(options.name === undefined ? {} : { name: options.name }), stores: [spec], reads: [] }, (context) => {
    const store = context.keyValueStore(spec);
    return (record) => {
      const current = store.get(record.key) ?? options.initializer(record.key);
      const next = options.aggregator(record.key, record.value, current, record);
      if (next === null) store.delete(record.key, record.timestamp);
      else store.put(record.key, next, record.timestamp);
      return [derive(record, record.key, next)];
    };
  });
}

import { recordTimestamp, type TimestampExtractor } from '../record.js';
import type { Serde } from '../serde.js';
import { DEFAULT_MAX_ENTRIES, type StoreSpec } from '../stores/store-spec.js';
import { GraphBuilder } from './graph-builder.js';
import { KStream } from './kstream.js';
import { KTable } from './ktable.js';
import { createTopology, type Topology } from './topology.js';

export interface Consumed<K, V> {
  readonly key: Serde<K>;
  readonly value: Serde<V>;
  /** Event time of a record; default: the Kafka record timestamp. */
  readonly timestamp?: TimestampExtractor<K, V>;
  readonly name?: string;
}

export interface Materialized<K, V> extends Consumed<K, V> {
  /** Store name; default `<topic>-table`. Its changelog is `<applicationId>-<store>-changelog`. */
  readonly store?: string;
  readonly maxEntries?: number;
}

const erase = <T>(serde: Serde<T>): Serde<unknown> => serde as unknown as Serde<unknown>;
const eraseExtractor = <K, V>(extractor: TimestampExtractor<K, V> | undefined): TimestampExtractor<unknown, unknown> =>
  (extractor ?? recordTimestamp) as TimestampExtractor<unknown, unknown>;

/**
 * Describes a pipeline (Kafka Streams `StreamsBuilder`): sources, operators, sinks. `build()`
 * returns a {@link Topology} that both the Kafka runtime and the test driver run unchanged.
 *
 * @example
 * const builder = new StreamsBuilder();
 * const customers = builder.table('customers', { key: stringSerde, value: jsonSerde<Customer>() });
 * builder.stream('orders', { key: stringSerde, value: jsonSerde<Order>() })
 *   .pipe(selectKey((order) => order.customerId))
 *   .repartition('orders-by-customer', { key: stringSerde, value: jsonSerde<Order>() })
 *   .pipe(joinTable(customers, (order, customer) => ({ ...order, vip: customer?.vip ?? false })))
 *   .to('orders-with-customer', { key: stringSerde, value: jsonSerde() });
 * const topology = builder.build();
 */
export class StreamsBuilder {
  readonly #graph = new GraphBuilder();

  /** A record stream read from `topic`. */
  stream<K, V>(topic: string, consumed: Consumed<K, V>): KStream<K, V> {
    const id = this.#graph.addSource(
      { topic: { kind: 'external', name: topic }, keySerde: erase(consumed.key), valueSerde: erase(consumed.value), timestamp: eraseExtractor(consumed.timestamp) },
      consumed.name,
    );
    return new KStream<K, V>(this.#graph, { node: id });
  }

  /**
   * A table read from a (compacted) topic: each record upserts its key in a change-logged store, a
   * tombstone deletes it. The topic must be co-partitioned with the streams joined against it.
   */
  table<K, V>(topic: string, materialized: Materialized<K, V>): KTable<K, V> {
    const store: StoreSpec<K, V> = {
      name: materialized.store ?? `${topic}-table`,
      kind: 'key-value',
      keySerde: materialized.key,
      valueSerde: materialized.value,
      maxEntries: materialized.maxEntries ?? DEFAULT_MAX_ENTRIES,
    };
    const id = this.#graph.addSource(
      {
        topic: { kind: 'external', name: topic },
        keySerde: erase(materialized.key),
        valueSerde: erase(materialized.value),
        timestamp: eraseExtractor(materialized.timestamp),
        table: store as unknown as StoreSpec,
      },
      materialized.name,
    );
    return new KTable(store, new KStream<K, V | null>(this.#graph, { node: id }));
  }

  /**
   * Declares a state store once, by name (Kafka Streams `StreamsBuilder#addStateStore`); processors
   * connect to it through `KStream#process` options `stores`. Every processor connected to one store
   * runs in the same task: that is how two co-partitioned inputs meet in one state.
   */
  addStateStore<K, V>(spec: StoreSpec<K, V>): this {
    this.#graph.addStateStore(spec as unknown as StoreSpec);
    return this;
  }

  build(): Topology {
    return createTopology(this.#graph.nodes, this.#graph.stores());
  }
}

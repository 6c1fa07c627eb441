import type { StreamOperator } from '../operators/stream-operator.js';
import { processOperator, type ProcessOptions } from '../processor/process-operator.js';
import { placementProcessor } from '../processor/placement-processor.js';
import type { Outputs, ProcessorSupplier } from '../processor/processor.js';
import type { StreamRecord } from '../record.js';
import type { Serde } from '../serde.js';
import type { StoreSpec } from '../stores/store-spec.js';
import { materializeTable } from '../processor/tables/materialize-table.js';
import { KTable } from './ktable.js';
import { KGroupedStream } from './kgrouped-stream.js';
import type { Attachment, GraphBuilder } from './graph-builder.js';

type Op<KIn, VIn, KOut, VOut> = StreamOperator<StreamRecord<KIn, VIn>, StreamRecord<KOut, VOut>>;

/** Serdes for writing a stream to a topic. */
export interface Produced<K, V> {
  readonly key: Serde<K>;
  readonly value: Serde<V>;
}

/** A stream turned into a table in its own tasks: the materializing node's name and the table's store. */
export interface TableMaterialized<K, V> {
  readonly name: string;
  readonly store: StoreSpec<K, V>;
}

/** The streams `KStream#process` returns: one per named output of the processor, typed by it. */
export type ProcessedStreams<O extends Outputs> = { readonly [P in keyof O & string]: KStream<O[P]['key'], O[P]['value']> };

/**
 * A record stream (Kafka Streams `KStream`): every record is an independent event. Built by
 * `StreamsBuilder#stream`, transformed with `pipe(...)` (stream operators, any RxJS operator among
 * them) or `process(...)` (the Processor API), ended with `to` / `toTable`.
 */
export class KStream<K, V> {
  readonly #graph: GraphBuilder;
  readonly #at: Attachment;

  constructor(graph: GraphBuilder, at: Attachment) {
    this.#graph = graph;
    this.#at = at;
  }

  /** Applies stream operators in order, like RxJS `pipe`. */
  pipe<K1, V1>(op1: Op<K, V, K1, V1>): KStream<K1, V1>;
  pipe<K1, V1, K2, V2>(op1: Op<K, V, K1, V1>, op2: Op<K1, V1, K2, V2>): KStream<K2, V2>;
  pipe<K1, V1, K2, V2, K3, V3>(
    op1: Op<K, V, K1, V1>,
    op2: Op<K1, V1, K2, V2>,
    op3: Op<K2, V2, K3, V3>,
  ): KStream<K3, V3>;
  pipe<K1, V1, K2, V2, K3, V3, K4, V4>(
    op1: Op<K, V, K1, V1>,
    op2: Op<K1, V1, K2, V2>,
    op3: Op<K2, V2, K3, V3>,
    op4: Op<K3, V3, K4, V4>,
  ): KStream<K4, V4>;
  pipe<K1, V1, K2, V2, K3, V3, K4, V4, K5, V5>(
    op1: Op<K, V, K1, V1>,
    op2: Op<K1, V1, K2, V2>,
    op3: Op<K2, V2, K3, V3>,
    op4: Op<K3, V3, K4, V4>,
    op5: Op<K4, V4, K5, V5>,
  ): KStream<K5, V5>;
  pipe(...operators: Array<StreamOperator<never, unknown>>): KStream<unknown, unknown> {
    let at = this.#at;
    for (const operator of operators) at = { node: this.#graph.addProcessor(at, operator) };
    return new KStream(this.#graph, at);
  }

  /**
   * Runs a {@link Processor} per task on every record (Kafka Streams' `KStream#process`, beside the
   * DSL as there): it reads and writes the stores connected to it by name, forwards records to its
   * named outputs and may schedule punctuations. Returns one typed stream per output.
   *
   * @example
   * builder.addStateStore(keyValueStore('sensors', { keySerde: stringSerde, valueSerde: sensorSerde }));
   * const { states, alerts } = readings.process(() => new SensorProcessor(), { name: 'sensors', stores: ['sensors'], outputs: ['states', 'alerts'] });
   */
  process<O extends Outputs>(supplier: ProcessorSupplier<K, V, O>, options: ProcessOptions<O>): ProcessedStreams<O> {
    const node = this.#graph.addProcessor(this.#at, processOperator(supplier, options));
    const streams: Record<string, KStream<unknown, unknown>> = {};
    for (const output of options.outputs) streams[output] = new KStream(this.#graph, { node, port: output });
    return streams as ProcessedStreams<O>;
  }

  /**
   * One stream of this stream's records and `other`'s (Kafka Streams `KStream#merge`), in the order
   * each arrives; no order is defined between the two. Both must be partitioned alike: a merge joins
   * their sub-topologies, so the same task sees both (how two co-partitioned inputs feed one processor).
   */
  merge<V2>(other: KStream<K, V2>, options: { readonly name?: string } = {}): KStream<K, V | V2> {
    return new KStream(this.#graph, { node: this.#graph.addMerge([this.#at, other.#at], options.name) });
  }

  /**
   * Splits the stream (Kafka Streams `split().branch()`): each record goes to the first branch whose
   * predicate holds; records matching none are dropped (add a `() => true` branch last to keep them).
   */
  branch<B extends string>(predicates: Readonly<Record<B, (value: V, record: StreamRecord<K, V>) => boolean>>): Record<B, KStream<K, V>> {
    return this.#graph.addBranches(this.#at, predicates) as Record<B, KStream<K, V>>;
  }

  /**
   * Writes the stream to `<applicationId>-<name>-repartition` (partitioned by the current key) and
   * reads it back: what follows runs in a new sub-topology whose tasks own the new key's partitions.
   */
  repartition(name: string, serdes: Produced<K, V>): KStream<K, V> {
    return this.#graph.addRepartition(this.#at, name, serdes) as KStream<K, V>;
  }

  /**
   * Declares that the stream is already partitioned by its current key (Kafka Streams' KIP-759
   * `markAsPartitioned`), so what follows stays in this sub-topology's tasks, without a repartition
   * hop: for a source topic whose producers partition by the key that `selectKey` derives here, with
   * the default partitioner over the key's serialized bytes (see `partitionForKey`).
   *
   * Unlike Kafka Streams, the claim is checked per record: a record that is not on the partition its
   * key belongs to (written before its producer partitioned this way, or by another partitioner) is
   * sent through the repartition topic `name` and arrives back in the task that owns its key. Such a
   * detour costs a round trip, so the key's records can then be seen out of their topic order:
   * misplaced records must be rare and transitional (an upgrade), not a steady state. The key serde
   * must serialize without looking at the topic name.
   *
   * @example
   * // producers partition raw records by their node's id
   * raw.pipe(selectKey((record) => record.nodeId)).markAsPartitioned('by-node', { key: stringSerde, value: rawSerde }).process(...)
   */
  markAsPartitioned(name: string, serdes: Produced<K, V>): KStream<K, V> {
    const { placed, misplaced } = this.process(placementProcessor<K, V>(serdes.key, name), { name: `${name}-placement`, outputs: ['placed', 'misplaced'] });
    return placed.merge(misplaced.repartition(name, serdes), { name: `${name}-placed` });
  }

  /**
   * Groups the stream by its current key for an aggregation (Kafka Streams' `groupByKey()`), without
   * a repartition: the stream must already be partitioned by that key (`repartition` or
   * `markAsPartitioned` first after re-keying).
   *
   * @example readings.groupByKey().windowedBy(TimeWindows.ofSizeWithNoGrace(60_000)).count({ name: 'per-minute', keySerde: stringSerde, valueSerde: jsonSerde<number>() })
   */
  groupByKey(): KGroupedStream<K, V> {
    return new KGroupedStream(this);
  }

  /** Writes every record to `topic`. */
  to(topic: string, serdes: Produced<K, NonNullable<V>>): void {
    this.#graph.addSink(this.#at, topic, serdes, false);
  }

  /**
   * Writes each record to the topic `topicOf` names for it (Kafka Streams' TopicNameExtractor).
   * The topics are not created by the runtime: they must exist or the brokers must auto-create them.
   */
  toDynamic(topicOf: (record: StreamRecord<K, NonNullable<V>>) => string, description: string, serdes: Produced<K, NonNullable<V>>): void {
    this.#graph.addSink(this.#at, `<per record: ${description}>`, serdes, false, topicOf);
  }

  /**
   * Writes the stream as a table changelog: the record is the latest value of its key, a `null`
   * value is written as a tombstone (deletes the key once the topic is compacted).
   */
  toTable(topic: string, serdes: Produced<K, NonNullable<V>>): void;
  /**
   * Reads the stream as a table, in the stream's own tasks (Kafka Streams `KStream#toTable`): each
   * record upserts its key in the store (`null` deletes it), and the table's changes are forwarded
   * on change only. What it is keyed by stays where the stream's records are: join it with tables
   * of the same tasks (`KTable#join`).
   */
  toTable(materialized: TableMaterialized<K, NonNullable<V>>): KTable<K, NonNullable<V>>;
  toTable(target: string | TableMaterialized<K, NonNullable<V>>, serdes?: Produced<K, NonNullable<V>>): KTable<K, NonNullable<V>> | undefined {
    if (typeof target === 'string') {
      this.#graph.addSink(this.#at, target, serdes as Produced<K, NonNullable<V>>, true);
      return undefined;
    }
    const { changes } = (this as KStream<K, NonNullable<V> | null>).process(materializeTable(target.store), {
      name: target.name,
      connectedStores: [target.store as unknown as StoreSpec],
      outputs: ['changes'],
    });
    return new KTable(target.store, changes);
  }

}

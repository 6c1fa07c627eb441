import type { StreamOperator } from '../operators/stream-operator.js';
import type { StreamRecord } from '../record.js';
import type { Serde } from '../serde.js';
import type { GraphBuilder } from './graph-builder.js';

type Op<KIn, VIn, KOut, VOut> = StreamOperator<StreamRecord<KIn, VIn>, StreamRecord<KOut, VOut>>;

/** Serdes for writing a stream to a topic. */
export interface Produced<K, V> {
  readonly key: Serde<K>;
  readonly value: Serde<V>;
}

/**
 * A record stream (Kafka Streams `KStream`): every record is an independent event. Built by
 * `StreamsBuilder#stream`, transformed with `pipe(...)`, ended with `to` / `toTable`.
 */
export class KStream<K, V> {
  readonly #graph: GraphBuilder;
  readonly #node: number;

  constructor(graph: GraphBuilder, node: number) {
    this.#graph = graph;
    this.#node = node;
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
    let node = this.#node;
    for (const operator of operators) node = this.#graph.addProcessor(node, operator);
    return new KStream(this.#graph, node);
  }

  /**
   * Splits the stream (Kafka Streams `split().branch()`): each record goes to the first branch whose
   * predicate holds; records matching none are dropped (add a `() => true` branch last to keep them).
   */
  branch<B extends string>(predicates: Readonly<Record<B, (value: V, record: StreamRecord<K, V>) => boolean>>): Record<B, KStream<K, V>> {
    return this.#graph.addBranches(this.#node, predicates) as Record<B, KStream<K, V>>;
  }

  /**
   * Writes the stream to `<applicationId>-<name>-repartition` (partitioned by the current key) and
   * reads it back: what follows runs in a new sub-topology whose tasks own the new key's partitions.
   */
  repartition(name: string, serdes: Produced<K, V>): KStream<K, V> {
    return this.#graph.addRepartition(this.#node, name, serdes) as KStream<K, V>;
  }

  /** Writes every record to `topic`. */
  to(topic: string, serdes: Produced<K, NonNullable<V>>): void {
    this.#graph.addSink(this.#node, topic, serdes, false);
  }

  /**
   * Writes each record to the topic `topicOf` names for it (Kafka Streams' TopicNameExtractor).
   * The topics are not created by the runtime: they must exist or the brokers must auto-create them.
   */
  toDynamic(topicOf: (record: StreamRecord<K, NonNullable<V>>) => string, description: string, serdes: Produced<K, NonNullable<V>>): void {
    this.#graph.addSink(this.#node, `<per record: ${description}>`, serdes, false, topicOf);
  }

  /**
   * Writes the stream as a table changelog: the record is the latest value of its key, a `null`
   * value is written as a tombstone (deletes the key once the topic is compacted).
   */
  toTable(topic: string, serdes: Produced<K, NonNullable<V>>): void {
    this.#graph.addSink(this.#node, topic, serdes, true);
  }
}

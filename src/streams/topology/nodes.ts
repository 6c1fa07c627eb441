import { repartitionTopic } from '../internal-topics.js';
import type { StreamOperator } from '../operators/stream-operator.js';
import type { StreamRecord, TimestampExtractor } from '../record.js';
import type { Serde } from '../serde.js';
import type { StoreSpec } from '../stores/store-spec.js';

/**
 * The type-erased graph a {@link StreamsBuilder} produces. Types are checked where the graph is
 * built (KStream/KTable methods); the runtime walks these nodes with `unknown` keys and values.
 */
export type TopicRef =
  | { readonly kind: 'external'; readonly name: string }
  | { readonly kind: 'repartition'; readonly name: string };

export interface SourceNode {
  readonly kind: 'source';
  readonly id: number;
  readonly name: string;
  readonly topic: TopicRef;
  readonly keySerde: Serde<unknown>;
  readonly valueSerde: Serde<unknown>;
  readonly timestamp: TimestampExtractor<unknown, unknown>;
  /** Set for `table()` sources: every record upserts (or, with a null value, deletes) in this store. */
  readonly table?: StoreSpec;
}

export interface ProcessorNode {
  readonly kind: 'processor';
  readonly id: number;
  readonly name: string;
  readonly parent: number;
  /** Set when the parent is a processor with named outputs: this node receives only that output. */
  readonly parentPort?: string;
  /** `KStream#merge`: the other streams whose records this node receives too. */
  readonly mergedFrom?: readonly ParentEdge[];
  readonly operator: StreamOperator<StreamRecord<unknown, unknown>, StreamRecord<unknown, unknown>>;
}

export interface SinkNode {
  readonly kind: 'sink';
  readonly id: number;
  readonly name: string;
  readonly parent: number;
  /** As for processors: the parent's named output this sink writes. */
  readonly parentPort?: string;
  readonly topic: TopicRef;
  readonly keySerde: Serde<unknown>;
  readonly valueSerde: Serde<unknown>;
  /** `toTable`: a null value is written as a tombstone (and is the only way to delete a key). */
  readonly table: boolean;
  /** `toDynamic`: the topic is chosen per record (Kafka Streams' TopicNameExtractor); `topic` only describes it. */
  readonly topicOf?: (record: StreamRecord<unknown, unknown>) => string;
}

export type TopologyNode = SourceNode | ProcessorNode | SinkNode;

/** An edge into a node: the parent, and which of its named outputs (if it has any). */
export interface ParentEdge {
  readonly node: number;
  readonly port?: string;
}

/** Every edge into `node`: its parent and, for a merge, the merged streams. */
export function parentEdges(node: TopologyNode): readonly ParentEdge[] {
  if (node.kind === 'source') return [];
  const first: ParentEdge = node.parentPort === undefined ? { node: node.parent } : { node: node.parent, port: node.parentPort };
  return node.kind === 'processor' ? [first, ...(node.mergedFrom ?? [])] : [first];
}

export function resolveTopic(applicationId: string, topic: TopicRef): string {
  return topic.kind === 'external' ? topic.name : repartitionTopic(applicationId, topic.name);
}

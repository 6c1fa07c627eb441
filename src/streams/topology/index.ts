export { KStream } from './kstream.js';
export type { ProcessedStreams, Produced, TableMaterialized } from './kstream.js';
export { KTable } from './ktable.js';
export type { TableJoined } from './ktable.js';
export { resolveTopic } from './nodes.js';
export type { ProcessorNode, SinkNode, SourceNode, TopicRef, TopologyNode } from './nodes.js';
export { StreamsBuilder } from './streams-builder.js';
export type { Consumed, Materialized } from './streams-builder.js';
export type { Subtopology, Topology } from './topology.js';

/**
 * The streams runtime: what Kafka Streams gives Java users, on kafkajs and RxJS.
 *
 * - Describe a pipeline with {@link StreamsBuilder} (sources, operators, sinks) → {@link Topology}:
 *   RxJS-shaped operators through `KStream#pipe`, and beside them the Processor API
 *   (`KStream#process` with a {@link Processor}, stores declared once by `addStateStore`).
 * - Run it in memory with {@link createTopologyTestDriver}, or on Kafka with `createKafkaStreams`.
 * - Re-keying goes through an internal repartition topic (`KStream#repartition`), as in Kafka
 *   Streams, unless the source already lies by the new key (`KStream#markAsPartitioned`, KIP-759,
 *   checked per record); `kafka/kafka-streams.ts` says why there is no global table.
 * - Internal topic names come from `internal-topics.ts` only; transactional fencing is described in
 *   `kafka/exactly-once-output.ts`, task start-up order in `kafka/task-manager.ts`, a task's
 *   lifecycle (Kafka Streams' task states) in `kafka/task-state.ts` and `kafka/active-task.ts`.
 * - Per record the task stays synchronous unless a serde really returns a promise
 *   (`task/maybe-async.ts`), built-in operators run as plain step functions (`stepOperator`; custom
 *   RxJS operators still work, one subscription per record), and a task's store changes and table
 *   updates wait in its record cache (`stores/record-cache.ts`) until the commit, the last per key.
 *   Measurements are in `docs/benchmarks.md`.
 * - Windowed state as in Kafka Streams: {@link TimeWindows}, `Windowed<K>` keys, a change-logged
 *   {@link WindowStore} (`windowStore`, `ProcessorContext#getWindowStore`), and
 *   `KStream#groupByKey().windowedBy(windows).aggregate(...)` for a table of windowed aggregates.
 */
export * from './errors/index.js';
export * from './operators/index.js';
export * from './stores/index.js';
export * from './windows/index.js';
export * from './topology/index.js';
export * from './processor/index.js';
export { sameValue } from './same-value.js';
export * from './driver/index.js';
export { DEAD_LETTER_HEADERS, createStreamTask, taskId } from './task/index.js';
export type { OperatorErrorPolicy, StreamTask } from './task/index.js';
export { changelogTopic, internalTopicSpec, repartitionTopic, restoreGroupId, restoreGroupPrefix, transactionalId, transactionalIdPrefix } from './internal-topics.js';
export type { InternalTopicKind, InternalTopicSpec } from './internal-topics.js';
export { createMemoryMetrics, noopMetrics } from './metrics.js';
export type { MetricLabels, MetricName, StreamsMetrics } from './metrics.js';
export { decodeHeaders, recordTimestamp } from './record.js';
export type { ProducedRecord, RawRecord, RecordHeaders, StreamRecord, TimestampExtractor } from './record.js';
export { bufferSerde, jsonSerde, stringSerde } from './serde.js';
export { murmur2, murmur2Partitioner, partitionForKey } from './partitioner/index.js';
export type { KeySerde, Serde } from './serde.js';
export * from './kafka/index.js';

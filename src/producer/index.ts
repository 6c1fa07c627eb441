/**
 * The thin producer: watches D-Bus (storaged glusterfs + disks, udisks2) and writes every
 * observation as a raw record to Kafka, through a bounded on-disk spool, losing nothing it can keep.
 */
export { PRODUCER_NODE_OPTIONS } from './node-options.js';
export { startProducer } from './run-producer.js';
export type { RunningProducer, StartProducerOptions } from './run-producer.js';
export { createKafkaSink } from './delivery/kafka-sink.js';
export { rawRecordPartitioner } from './delivery/raw-partitioner.js';
export type { KafkaSinkOptions, RecordSink } from './delivery/kafka-sink.js';
export { BAD_INPUT_KINDS, bindProducerMetrics, createCountingMetrics, PRODUCER_METRICS, RECONNECT_TARGETS, teeMetrics } from './metrics/index.js';
export type { BadInputKind, CounterLike, CountingMetrics, GaugeLike, MetricDescriptor, MetricFactory, ProducerMetrics, ReconnectTarget } from './metrics/index.js';
export { parseProducerSettings, DEFAULT_SPOOL_DIR, DEFAULT_SPOOL_MAX_BYTES, DEFAULT_SYSTEM_BUS_ADDRESS } from './settings/producer-settings.js';
export type { ProducerCliOptions, ProducerSettings, SettingsSources } from './settings/producer-settings.js';
export { DEFAULT_WATCHED_SERVICES, interfaceMatcher } from './watch-targets.js';
export type { WatchedService } from './watch-targets.js';
export { createRecordCodec, unpackPayload } from './records/record-codec.js';
export type { FsyncPolicy } from './spool/spool.js';
// The delivery machinery, for other intakes that spool records and deliver them the same way (webhook).
export { createBackoff } from './backoff.js';
export type { Backoff } from './backoff.js';
export { startDeliveryLoop } from './delivery/delivery-loop.js';
export type { DeliveryLoop, DeliveryLoopOptions } from './delivery/delivery-loop.js';
export { stopDelivery } from './delivery/stop-delivery.js';
export { settlesWithin } from './delivery/settles-within.js';
export type { DeliveryParts, StoppedDelivery } from './delivery/stop-delivery.js';
export { createRecordBuilder } from './records/record-builder.js';
export type { RecordBuilder, RecordDraft } from './records/record-builder.js';
export { encodeLeniently } from './records/encode-leniently.js';
export { packPayload } from './records/record-codec.js';
export { openSpool } from './spool/spool.js';
export type { Spool, SpoolBatch, SpoolOptions } from './spool/spool.js';
export { SpoolLockedError } from './errors/spool-locked-error.js';

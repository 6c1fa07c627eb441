import type { Kafka } from 'kafkajs';
import { silentLogger, type Logger } from '../../logging/index.js';
import { noopMetrics, type StreamsMetrics } from '../metrics.js';
import type { OperatorErrorPolicy } from '../task/stream-task.js';
import type { Topology } from '../topology/topology.js';

export const DEFAULT_CACHE_MAX_ENTRIES = 10_000;

export type ProcessingGuarantee = 'exactly-once' | 'at-least-once';

/** What `createKafkaStreams` accepts; see {@link StreamsSettings} for meanings and defaults. */
export interface KafkaStreamsOptions {
  readonly topology: Topology;
  /** The kafkajs client (from `src/kafka/createKafkaClient`), or a factory for one. */
  readonly kafka: Kafka | (() => Kafka);
  readonly applicationId: string;
  readonly deadLetterTopic: string;
  readonly processingGuarantee?: ProcessingGuarantee;
  readonly commitIntervalMs?: number;
  readonly onOperatorError?: OperatorErrorPolicy;
  readonly partitionsConsumedConcurrently?: number;
  readonly maxBytesPerPartition?: number;
  readonly maxInFlightRecords?: number;
  readonly sessionTimeoutMs?: number;
  readonly punctuateIntervalMs?: number;
  readonly repartitionPurgeIntervalMs?: number;
  readonly replicationFactor?: number;
  readonly cacheMaxEntries?: number;
  /** Where this instance serves interactive queries, advertised to the group (see `KafkaStreams#hosts`). */
  readonly advertisedUrl?: string;
  readonly legacyAssignorNames?: readonly string[];
  readonly metrics?: StreamsMetrics;
  readonly logger?: Logger;
  /** Monotonic milliseconds, for commit intervals and latency; injected so tests can drive it. */
  readonly clock?: () => number;
  /** Epoch milliseconds, for punctuation and the stream time carried forward; injected so tests can drive it. */
  readonly wallClock?: () => number;
}

/**
 * The normalised, frozen settings the runtime uses.
 *
 * - `processingGuarantee` (default `exactly-once`): outputs, changelog writes and consumed offsets of
 *   a commit interval go in one Kafka transaction; downstream consumers must read `read_committed`.
 *   `at-least-once` sends without transactions and commits offsets after the sends are acknowledged:
 *   lower latency, duplicates after a crash.
 * - `commitIntervalMs` (default 100, as Kafka Streams under EOS): how long a task's transaction stays
 *   open; end-to-end latency is at least this long under EOS.
 * - `onOperatorError` (default `dead-letter`): see `StreamTask`.
 * - `partitionsConsumedConcurrently` (default 4): batches of different partitions processed at once;
 *   one task never processes two batches at once.
 * - `maxBytesPerPartition` (default 1 MiB): fetch size, the main bound on buffered input.
 * - `punctuateIntervalMs` (default 1000): how often operators' punctuators run (wall clock), in the
 *   task's current transaction.
 * - `repartitionPurgeIntervalMs` (default 30 000, as Kafka Streams): how often the records of
 *   repartition topics before the group's committed offsets are deleted (see `repartition-purge.ts`).
 * - `maxInFlightRecords` (default 10 000, at-least-once only): unacknowledged output records of a task
 *   above which its partitions are paused until the producer catches up.
 * - `replicationFactor` (default: 3, or the cluster's broker count if smaller): of the changelog and
 *   repartition topics the runtime creates, with `min.insync.replicas` 2 (1 on a one-broker
 *   cluster), see `internal-replication.ts`. The broker's default (often 1) would leave a task
 *   without its state and inputs while one broker is down. Topics that exist already are left as
 *   they are.
 * - `cacheMaxEntries` (default 10 000 per task; Kafka Streams' `statestore.cache.max.bytes`, counted
 *   in entries because values are held as typed objects whose size is not known until serialized):
 *   store changes and table-topic updates a task holds until its commit, the last per key (see
 *   `stores/record-cache.ts`). 0 turns caching off: every store write goes to its changelog and every
 *   table update downstream with the record that caused it.
 * - `legacyAssignorNames` (default none): further group protocol names under which the instance
 *   offers its partition assignor, after `streams-copartition` and with identical behaviour: the
 *   names an earlier version of the application used, so that old and new instances can share the
 *   group during a rolling upgrade (see `copartitionAssigners`). Drop a name once no instance that
 *   offers only it can join the group any more.
 * - `clock` (default `performance.now`) and `wallClock` (default `Date.now`): the runtime's only
 *   sources of time. `clock` is monotonic, for durations: commit intervals, commit latency, the
 *   restore and topic-leader deadlines, the logged start-up and stop phases. `wallClock` is epoch
 *   time, comparable with record timestamps: wall-clock punctuation, `currentWallClockTime()`, and
 *   the stream time that punctuation carries forward while a partition is quiet.
 */
export interface StreamsSettings {
  readonly topology: Topology;
  readonly kafka: () => Kafka;
  readonly applicationId: string;
  readonly deadLetterTopic: string;
  readonly processingGuarantee: ProcessingGuarantee;
  readonly commitIntervalMs: number;
  readonly onOperatorError: OperatorErrorPolicy;
  readonly partitionsConsumedConcurrently: number;
  readonly maxBytesPerPartition: number;
  readonly maxInFlightRecords: number;
  readonly sessionTimeoutMs: number;
  readonly punctuateIntervalMs: number;
  readonly repartitionPurgeIntervalMs: number;
  readonly replicationFactor: number | undefined;
  readonly cacheMaxEntries: number;
  readonly advertisedUrl: string | undefined;
  readonly legacyAssignorNames: readonly string[];
  readonly metrics: StreamsMetrics;
  readonly logger: Logger;
  readonly clock: () => number;
  readonly wallClock: () => number;
}

export function normalizeSettings(options: KafkaStreamsOptions): StreamsSettings {
  const { kafka, replicationFactor, legacyAssignorNames = [] } = options;
  if (replicationFactor !== undefined && (!Number.isInteger(replicationFactor) || replicationFactor < 1)) {
    throw new RangeError(`replicationFactor must be a positive integer, got ${replicationFactor}`);
  }
  if (options.cacheMaxEntries !== undefined && (!Number.isInteger(options.cacheMaxEntries) || options.cacheMaxEntries < 0)) {
    throw new RangeError(`cacheMaxEntries must be a whole number >= 0, got ${options.cacheMaxEntries}`);
  }
  if (legacyAssignorNames.some((name) => typeof name !== 'string' || name.trim() === '')) {
    throw new RangeError(`legacyAssignorNames must be non-empty strings, got ${JSON.stringify(legacyAssignorNames)}`);
  }
  let client: Kafka | undefined;
  return Object.freeze({
    topology: options.topology,
    kafka: typeof kafka === 'function' ? () => (client ??= kafka()) : () => kafka,
    applicationId: options.applicationId,
    deadLetterTopic: options.deadLetterTopic,
    processingGuarantee: options.processingGuarantee ?? 'exactly-once',
    commitIntervalMs: options.commitIntervalMs ?? 100,
    onOperatorError: options.onOperatorError ?? 'dead-letter',
    partitionsConsumedConcurrently: options.partitionsConsumedConcurrently ?? 4,
    maxBytesPerPartition: options.maxBytesPerPartition ?? 1024 * 1024,
    maxInFlightRecords: options.maxInFlightRecords ?? 10_000,
    sessionTimeoutMs: options.sessionTimeoutMs ?? 30_000,
    punctuateIntervalMs: options.punctuateIntervalMs ?? 1_000,
    repartitionPurgeIntervalMs: options.repartitionPurgeIntervalMs ?? 30_000,
    replicationFactor,
    cacheMaxEntries: options.cacheMaxEntries ?? DEFAULT_CACHE_MAX_ENTRIES,
    advertisedUrl: options.advertisedUrl,
    legacyAssignorNames: Object.freeze([...legacyAssignorNames]),
    metrics: options.metrics ?? noopMetrics,
    logger: options.logger ?? silentLogger,
    clock: options.clock ?? (() => performance.now()),
    wallClock: options.wallClock ?? (() => Date.now()),
  });
}

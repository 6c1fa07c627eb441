import { OperatorError } from '../errors/index.js';
import type { Logger } from '../../logging/index.js';
import { changelogTopic } from '../internal-topics.js';
import type { StreamsMetrics } from '../metrics.js';
import { decodeHeaders, type ProducedRecord, type RawRecord, type StreamRecord } from '../record.js';
import { createRecordCache } from '../stores/record-cache.js';
import { keyId, type StoreChange } from '../stores/store-spec.js';
import { resolveTopic, type SinkNode, type SourceNode } from '../topology/nodes.js';
import type { Subtopology, Topology } from '../topology/topology.js';
import { deadLetterRecord, errorCode } from './dead-letter.js';
import { andThen, catching, isPromiseLike, mapInOrder, type MaybePromise } from './maybe-async.js';
import { createProcessorGraph, type SinkOutput } from './processor-graph.js';
import { createStoreRegistry, type StoreRegistry } from './store-registry.js';

/** What to do when an operator (or a sink serializer) throws: dead-letter the input record, or stop. */
export type OperatorErrorPolicy = 'dead-letter' | 'stop';

export interface StreamTaskOptions {
  readonly applicationId: string;
  readonly topology: Topology;
  readonly subtopology: Subtopology;
  readonly partition: number;
  /** How many partitions the sub-topology's inputs have (its number of tasks): what `markAsPartitioned` hashes keys onto. */
  readonly partitionCount: number;
  readonly deadLetterTopic: string;
  readonly onOperatorError: OperatorErrorPolicy;
  readonly metrics: StreamsMetrics;
  readonly logger: Logger;
  /** The wall clock (epoch ms) for wall-clock punctuation and `currentWallClockTime()`; default `Date.now`. */
  readonly wallClock?: () => number;
  /**
   * Writes the task holds until `flush()` (its record cache): store changes and table-topic updates,
   * one per key. 0 (the default): none, every write leaves with the record that made it.
   */
  readonly cacheMaxEntries?: number;
}

/** A write the record cache holds: a store change (serialized when it leaves) or a table-topic record (already encoded). */
type CachedWrite = { readonly kind: 'change'; readonly change: StoreChange } | { readonly kind: 'record'; readonly record: ProducedRecord };

/**
 * One sub-topology for one partition: decode → operators → encode, plus the changelog records of the
 * store writes. Pure apart from its stores: it returns the records to produce and leaves producing
 * and committing to the caller (the Kafka runtime or the test driver), so both run the same code.
 *
 * Failure handling is here and only here: a decode failure dead-letters the record; an operator or
 * serializer failure undoes the record's store writes, then dead-letters or throws per policy.
 */
export interface StreamTask {
  readonly id: string;
  readonly partition: number;
  readonly sourceTopics: readonly string[];
  /** Changelog topic → store name, for restore. */
  readonly changelogs: ReadonlyMap<string, string>;
  readonly stores: StoreRegistry;
  /**
   * The records `raw` produces now (outputs, the writes its record cache evicted, or one dead-letter
   * record), in order. Synchronous when every serde involved answered synchronously (see `maybe-async.ts`).
   */
  process(raw: RawRecord): MaybePromise<ProducedRecord[]>;
  /**
   * Empties the record cache: every held store change (as a changelog record) and table-topic update,
   * the last per key. The runtime sends them in the commit's transaction, before its offsets.
   */
  flush(): MaybePromise<ProducedRecord[]>;
  /**
   * Runs the punctuators with `max(stream time, time)`, and the scheduled wall-clock punctuations with
   * `wallClockTime` (default: the task's wall clock); returns what they produced now. A failing
   * punctuator's writes are undone; it is logged and counted, or thrown under the `stop` policy.
   */
  punctuate(time: number, wallClockTime?: number): Promise<ProducedRecord[]>;
  /** Applies one changelog record during restore. */
  restore(changelog: string, raw: Pick<RawRecord, 'key' | 'value' | 'timestamp'>): Promise<void>;
  streamTime(): number;
  reportStoreSizes(): void;
}

export function taskId(subtopology: number, partition: number): string {
  return `${subtopology}_${partition}`;
}

export function createStreamTask(options: StreamTaskOptions): StreamTask {
  const { applicationId, topology, subtopology, partition, metrics } = options;
  const id = taskId(subtopology.id, partition);
  const cache = createRecordCache<CachedWrite>(options.cacheMaxEntries ?? 0);
  const stores = createStoreRegistry(subtopology.stores, (change) => cache.put(`store\u0000${change.store}\u0000${keyId(change.key)}`, { kind: 'change', change }));
  let streamTime = Number.NEGATIVE_INFINITY;
  const wallClock = options.wallClock ?? Date.now;
  const graph = createProcessorGraph(topology, subtopology, {
    taskId: id,
    partition,
    partitionCount: options.partitionCount,
    keyValueStore: (spec) => stores.keyValue(spec),
    ttlStore: (spec) => stores.ttl(spec),
    windowStore: (spec) => stores.window(spec),
    streamTime: () => streamTime,
    wallClockTime: wallClock,
    metrics,
    late: (operator, record) => {
      metrics.increment('streams_records_late_total', { operator });
      options.logger.debug({ operator, topic: record.topic, partition: record.partition, offset: record.offset }, 'late record dropped');
    },
  });
  const sources = new Map<string, SourceNode>(subtopology.sources.map((source) => [resolveTopic(applicationId, source.topic), source]));
  const changelogs = new Map(subtopology.stores.map((spec) => [changelogTopic(applicationId, spec.name), spec.name]));
  const specByName = new Map(subtopology.stores.map((spec) => [spec.name, spec]));

  const encode = (sink: SinkNode, record: StreamRecord<unknown, unknown>): MaybePromise<ProducedRecord> => {
    const topic = sink.topicOf?.(record) ?? resolveTopic(applicationId, sink.topic);
    return catching(
      () =>
        andThen(record.key === null || record.key === undefined ? null : sink.keySerde.serialize(record.key, topic), (key) =>
          andThen(record.value === null || record.value === undefined ? null : sink.valueSerde.serialize(record.value, topic), (value) => ({
            topic,
            key,
            value,
            headers: record.headers,
            timestamp: record.timestamp,
          })),
        ),
      (error) => {
        // Transient (the registry unreachable for a subject not looked up yet): not the record's fault.
        if (isTransient(error)) throw error;
        throw new OperatorError({ operator: sink.name, topic: record.topic, partition: record.partition, offset: record.offset }, error);
      },
    );
  };

  /**
   * Encodes a step's outputs (a table topic's update goes to the record cache, the rest out now) and
   * makes its store writes final; what the cache evicts leaves with it. Serializer failures happen
   * here, so they still fail the record that caused them.
   */
  const complete = (outputs: readonly SinkOutput[]): MaybePromise<ProducedRecord[]> =>
    andThen(mapInOrder(outputs, ([sink, out]) => encode(sink, out)), (encoded) => {
      const produced: ProducedRecord[] = [];
      encoded.forEach((record, index) => {
        if (outputs[index]?.[0].table === true && record.key !== null) cache.put(`topic\u0000${record.topic}\u0000${record.key.toString('latin1')}`, { kind: 'record', record });
        else produced.push(record);
      });
      stores.commit();
      cache.accept();
      return andThen(encodeCached(cache.overflow()), (evicted) => counted([...produced, ...evicted]));
    });

  const counted = (produced: ProducedRecord[]): ProducedRecord[] => {
    for (const out of produced) metrics.increment('streams_records_out_total', { topic: out.topic });
    return produced;
  };

  const encodeCached = (writes: readonly CachedWrite[]): MaybePromise<ProducedRecord[]> =>
    mapInOrder(writes, (write) => (write.kind === 'record' ? write.record : encodeChange(write.change.store, write.change.key, write.change.value, write.change.timestamp)));

  const decode = (source: SourceNode, raw: RawRecord): MaybePromise<StreamRecord<unknown, unknown>> =>
    andThen(raw.key === null ? null : source.keySerde.deserialize(raw.key, raw.topic), (key) =>
      andThen(raw.value === null ? null : source.valueSerde.deserialize(raw.value, raw.topic), (value) => {
        const headers = decodeHeaders(raw.headers);
        const timestamp = extractTimestamp(source, { key, value, timestamp: raw.timestamp, headers }, raw);
        return { key, value, headers, timestamp, topic: raw.topic, partition: raw.partition, offset: raw.offset };
      }),
    );

  const decodeFailed = (raw: RawRecord, error: unknown): ProducedRecord[] => {
    // A transient failure (the registry unreachable for a schema id not cached yet) says nothing
    // about the record: it stops the task, and the instance is restarted once the outage is over.
    if (isTransient(error)) throw error;
    return deadLetter(raw, error);
  };

  const run = (source: SourceNode, raw: RawRecord, record: StreamRecord<unknown, unknown>): MaybePromise<ProducedRecord[]> => {
    streamTime = Math.max(streamTime, record.timestamp);
    return catching(
      () => {
        if (source.table !== undefined) {
          const table = stores.keyValue(source.table);
          if (record.value === null) table.delete(record.key, record.timestamp);
          else table.put(record.key, record.value, record.timestamp);
        }
        return complete(graph.run(source, record));
      },
      (error) => {
        stores.rollback();
        cache.rollback();
        // A serializer that could not reach the registry (a schema id not cached yet) failed on
        // nothing in the record: as for decoding, the task stops and the record is processed again
        // once the outage is over, instead of being dead-lettered.
        if (options.onOperatorError === 'stop' || isTransient(error)) throw error;
        return deadLetter(raw, error);
      },
    );
  };

  const deadLetter = (raw: RawRecord, error: unknown): ProducedRecord[] => {
    metrics.increment('streams_records_dead_lettered_total', { topic: raw.topic, code: errorCode(error) });
    options.logger.warn({ topic: raw.topic, partition: raw.partition, offset: raw.offset, code: errorCode(error), err: error }, 'record dead-lettered');
    return [deadLetterRecord(raw, error, options.deadLetterTopic)];
  };

  return {
    id,
    partition,
    sourceTopics: [...sources.keys()],
    changelogs,
    stores,
    streamTime: () => streamTime,
    process(raw) {
      metrics.increment('streams_records_in_total', { topic: raw.topic });
      const source = sources.get(raw.topic);
      if (source === undefined) return deadLetter(raw, new OperatorError({ operator: 'source', ...raw }, `task ${id} does not read ${raw.topic}`));
      let decoded: MaybePromise<StreamRecord<unknown, unknown>>;
      try {
        decoded = decode(source, raw);
      } catch (error) {
        return decodeFailed(raw, error);
      }
      if (isPromiseLike(decoded)) return Promise.resolve(decoded).then((record) => run(source, raw, record), (error: unknown) => decodeFailed(raw, error));
      return run(source, raw, decoded);
    },
    async punctuate(offered, wallClockTime = wallClock()) {
      if (!graph.punctuates) return [];
      const time = Math.max(streamTime, offered);
      const origin: StreamRecord<unknown, unknown> = { key: null, value: null, topic: '(punctuation)', partition, offset: '-1', headers: {}, timestamp: time };
      try {
        return await complete(graph.punctuate(time, wallClockTime, origin));
      } catch (error) {
        stores.rollback();
        cache.rollback();
        if (options.onOperatorError === 'stop') throw error;
        metrics.increment('streams_punctuation_failures_total', { task: id });
        options.logger.error({ task: id, err: error }, 'punctuation failed; its store writes were undone');
        return [];
      }
    },
    flush: () => andThen(encodeCached(cache.drain()), counted),
    async restore(changelog, raw) {
      const name = changelogs.get(changelog);
      const spec = name === undefined ? undefined : specByName.get(name);
      if (name === undefined || spec === undefined || raw.key === null) return;
      const key = await spec.keySerde.deserialize(raw.key, changelog);
      const value = raw.value === null ? null : await spec.valueSerde.deserialize(raw.value, changelog);
      stores.restore(name, key, value, raw.timestamp);
      // Stream time is not checkpointed; the newest restored write is the best lower bound for it.
      streamTime = Math.max(streamTime, raw.timestamp);
      metrics.increment('streams_restored_records_total', { store: name });
    },
    reportStoreSizes() {
      for (const spec of subtopology.stores) metrics.gauge('streams_store_entries', { store: spec.name, task: id }, stores.size(spec.name));
    },
  };

  function encodeChange(store: string, key: unknown, value: unknown, timestamp: number): MaybePromise<ProducedRecord> {
    const spec = specByName.get(store);
    const topic = changelogTopic(applicationId, store);
    if (spec === undefined) throw new OperatorError({ operator: store, topic, partition, offset: '-1' }, 'unknown store');
    return andThen(spec.keySerde.serialize(key, topic), (keyBytes) =>
      andThen(value === null ? null : spec.valueSerde.serialize(value, topic), (valueBytes) => ({ topic, partition, key: keyBytes, value: valueBytes, headers: {}, timestamp })),
    );
  }
}

/** True when the error or one of its causes says it is retriable (an operator's error wraps the serializer's). */
function isTransient(error: unknown): boolean {
  for (let current: unknown = error; typeof current === 'object' && current !== null; current = (current as { cause?: unknown }).cause) {
    if ((current as { retriable?: unknown }).retriable === true) return true;
  }
  return false;
}

/**
 * The source's event time for one record. An extractor that throws or returns no finite number (a
 * null value on a stream source, a field missing) fails that record as its source's operator, so it
 * is dead-lettered with a code and the source named, not as an anonymous TypeError.
 */
function extractTimestamp(source: SourceNode, record: Parameters<SourceNode['timestamp']>[0], raw: RawRecord): number {
  const context = { operator: `${source.name} (timestamp)`, topic: raw.topic, partition: raw.partition, offset: raw.offset };
  let timestamp: number;
  try {
    timestamp = source.timestamp(record);
  } catch (cause) {
    throw new OperatorError(context, record.value === null ? new TypeError(`a null value on stream source ${source.name}: ${cause instanceof Error ? cause.message : String(cause)}`) : cause);
  }
  if (!Number.isFinite(timestamp)) throw new OperatorError(context, new RangeError(`timestamp extractor returned ${timestamp}`));
  return timestamp;
}

import { setTimeout as delay } from 'node:timers/promises';
import type { Kafka } from 'kafkajs';
import type { Logger } from '../logging/index.js';
import { createKafkaSink, createRecordCodec, encodeLeniently, packPayload, type RecordSink } from '../producer/index.js';
import type { RawPropertyChange, SchemaRegistryClient } from '../serde/index.js';

export interface WriteLoadOptions {
  readonly kafka: Kafka;
  readonly registry: SchemaRegistryClient;
  /** The raw topic, e.g. `topicNames(prefix).raw`. */
  readonly topic: string;
  /** `lookup` (production: schemas registered by `schemas register`) or `register`. */
  readonly registration: 'lookup' | 'register';
  readonly records: Iterable<RawPropertyChange>;
  /** Records per second; omitted: as fast as Kafka takes them. */
  readonly rate?: number;
  /** Parallel Kafka producers; a node's records always use the same one (per-object order). Default 1. */
  readonly producers?: number;
  /** Records per send when not paced (default 2,000, the producer's own batch size). */
  readonly batch?: number;
  readonly logger: Logger;
  readonly signal?: AbortSignal;
  /** Called after every acknowledged send with the total so far. */
  readonly onProgress?: (written: number) => void;
}

export interface WriteLoadResult {
  readonly records: number;
  readonly seconds: number;
}

/** Largest Avro value body a producer accepts (Kafka's default message.max.bytes is 1 MiB). */
const MAX_VALUE_BYTES = 1_000_000;

/**
 * Writes records to the raw topic exactly as the producer does: encoded by the producer's record
 * codec (leniently, as its emitter does), framed with the registry ids and sent by its Kafka sink
 * (idempotent, `acks=all`, one request in flight). With `rate`, sends are paced in slices of 50 ms.
 * Resolves once every record is acknowledged, or after the send in flight when `signal` aborts.
 *
 * @example
 * await writeLoad({ kafka, registry, topic: names.raw, registration: 'lookup', records: generateLoad({ shape, seed: 1, records: 10_000 }), logger });
 */
export async function writeLoad(options: WriteLoadOptions): Promise<WriteLoadResult> {
  const codec = createRecordCodec();
  const count = Math.max(1, options.producers ?? 1);
  const sinks: { sink: RecordSink; buffer: Buffer[]; inFlight: Promise<void> }[] = Array.from({ length: count }, () => ({
    sink: createKafkaSink({ kafka: options.kafka, topic: options.topic, registry: options.registry, registration: options.registration, logger: options.logger }),
    buffer: [],
    inFlight: Promise.resolve(),
  }));
  const batch = options.rate === undefined ? (options.batch ?? 2_000) : Math.max(1, Math.round(options.rate / 20));
  const sinkOf = new Map<string, number>();
  const started = Date.now();
  let queued = 0;
  let written = 0;

  const flush = async (entry: (typeof sinks)[number]): Promise<void> => {
    if (entry.buffer.length === 0) return;
    const payloads = entry.buffer;
    entry.buffer = [];
    await entry.inFlight; // one send per producer at a time: order per node, and backpressure
    entry.inFlight = entry.sink.send(payloads).then(() => {
      written += payloads.length;
      options.onProgress?.(written);
    });
  };

  try {
    for (const record of options.records) {
      if (options.signal?.aborted === true) break;
      const index = sinkOf.get(record.nodeId) ?? sinkOf.size % count;
      sinkOf.set(record.nodeId, index);
      const entry = sinks[index];
      if (entry === undefined) continue;
      const { encoded } = encodeLeniently(codec, record, MAX_VALUE_BYTES);
      entry.buffer.push(packPayload(encoded));
      queued += 1;
      if (options.rate !== undefined && queued % batch === 0) {
        const due = started + (queued / options.rate) * 1_000;
        if (due > Date.now()) await delay(due - Date.now(), undefined, { signal: options.signal }).catch(() => undefined);
        for (const other of sinks) await flush(other);
      } else if (entry.buffer.length >= batch) await flush(entry);
    }
    for (const entry of sinks) await flush(entry);
    await Promise.all(sinks.map((entry) => entry.inFlight));
  } finally {
    await Promise.allSettled(sinks.map((entry) => entry.inFlight.finally(() => entry.sink.close())));
  }
  return { records: written, seconds: (Date.now() - started) / 1_000 };
}

/**
 * The record types the runtime moves around. Operators see {@link StreamRecord}s: typed key and value
 * plus where the record came from and its event time. The Kafka-facing edges use {@link RawRecord}
 * (consumed bytes) and {@link ProducedRecord} (bytes to write).
 */
export type RecordHeaders = Readonly<Record<string, string>>;

export interface StreamRecord<K, V> {
  readonly key: K;
  readonly value: V;
  /** Source coordinates of the input record this one derives from. */
  readonly topic: string;
  readonly partition: number;
  readonly offset: string;
  readonly headers: RecordHeaders;
  /** Event time in epoch ms, from the source's timestamp extractor (by default the Kafka record timestamp). */
  readonly timestamp: number;
}

/**
 * Picks a record's event time. Default: the Kafka record timestamp (set by the producer, e.g. to when
 * it observed the event). Must be pure; it runs after decoding.
 */
export type TimestampExtractor<K, V> = (record: {
  readonly key: K;
  readonly value: V;
  readonly timestamp: number;
  readonly headers: RecordHeaders;
}) => number;

export const recordTimestamp: TimestampExtractor<unknown, unknown> = (record) => record.timestamp;

/** A record as consumed: bytes, headers as bytes, Kafka timestamp. */
export interface RawRecord {
  readonly topic: string;
  readonly partition: number;
  readonly offset: string;
  readonly key: Buffer | null;
  readonly value: Buffer | null;
  readonly headers: Readonly<Record<string, Buffer | string | undefined>>;
  readonly timestamp: number;
}

/** A record to write. `partition` is set for changelogs (the task's partition); otherwise key hashing decides. */
export interface ProducedRecord {
  readonly topic: string;
  readonly partition?: number;
  readonly key: Buffer | null;
  readonly value: Buffer | null;
  readonly headers: Readonly<Record<string, string | Buffer>>;
  readonly timestamp: number;
}

export function decodeHeaders(headers: RawRecord['headers']): RecordHeaders {
  const decoded: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined) decoded[name] = typeof value === 'string' ? value : value.toString('utf8');
  }
  return decoded;
}

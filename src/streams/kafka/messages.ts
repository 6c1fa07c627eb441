import type { KafkaMessage, Message } from 'kafkajs';
import type { ProducedRecord, RawRecord } from '../record.js';

/** The kafkajs message shapes, translated at the edge so nothing else in the runtime sees them. */
export function toRawRecord(topic: string, partition: number, message: KafkaMessage): RawRecord {
  const headers: Record<string, Buffer | string | undefined> = {};
  for (const [name, value] of Object.entries(message.headers ?? {})) headers[name] = Array.isArray(value) ? value[0] : value;
  return { topic, partition, offset: message.offset, key: message.key, value: message.value, headers, timestamp: Number(message.timestamp) };
}

export function toMessage(record: ProducedRecord): Message {
  return {
    key: record.key,
    value: record.value,
    headers: { ...record.headers },
    timestamp: String(record.timestamp),
    ...(record.partition === undefined ? {} : { partition: record.partition }),
  };
}

/** Groups records per topic, keeping order within a topic (kafkajs `sendBatch` shape). */
export function topicMessages(records: readonly ProducedRecord[]): Array<{ topic: string; messages: Message[] }> {
  const byTopic = new Map<string, Message[]>();
  for (const record of records) {
    const list = byTopic.get(record.topic) ?? [];
    list.push(toMessage(record));
    byTopic.set(record.topic, list);
  }
  return [...byTopic].map(([topic, messages]) => ({ topic, messages }));
}

/**
 * Splits records into consecutive sends of at most `maxBytes` (estimated), order kept. kafkajs puts
 * a partition's records of one `sendBatch` into one record batch, and the broker rejects a batch
 * above `message.max.bytes` (1 MiB by default) — fatal for the task — so what one fetched batch
 * produced must not go out in one request. A single larger record goes alone (changelog topics allow
 * larger records, see `internal-topics.ts`).
 */
export function chunkRecords(records: readonly ProducedRecord[], maxBytes = MAX_SEND_BYTES): ProducedRecord[][] {
  return chunkBySize(records, estimatedSize, maxBytes);
}

/**
 * Splits items into consecutive groups of at most `maxBytes` by `sizeOf`, order kept; an item larger
 * than `maxBytes` goes alone. For any writer whose records may all land on one partition (one
 * request's records of one partition become one record batch, which the broker bounds).
 */
export function chunkBySize<T>(items: readonly T[], sizeOf: (item: T) => number, maxBytes = MAX_SEND_BYTES): T[][] {
  const chunks: T[][] = [];
  let current: T[] = [];
  let bytes = 0;
  for (const item of items) {
    const size = sizeOf(item);
    if (current.length > 0 && bytes + size > maxBytes) {
      chunks.push(current);
      current = [];
      bytes = 0;
    }
    current.push(item);
    bytes += size;
  }
  if (current.length > 0) chunks.push(current);
  return chunks;
}

export const MAX_SEND_BYTES = 512 * 1024;

/** A record's bytes in a record batch, roughly: key, value, headers and per-record framing. */
export function estimatedSize(record: {
  readonly key?: { readonly length: number } | null;
  readonly value?: { readonly length: number } | null;
  readonly headers?: Readonly<Record<string, { readonly length: number }>>;
}): number {
  let size = 70 + (record.key?.length ?? 0) + (record.value?.length ?? 0);
  for (const [name, value] of Object.entries(record.headers ?? {})) size += name.length + value.length;
  return size;
}

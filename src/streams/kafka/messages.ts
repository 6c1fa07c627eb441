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

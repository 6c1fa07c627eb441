import type { Consumer } from 'kafkajs';
import { createKafkaClient } from '../../src/kafka/index.js';
import { silentLogger } from '../../src/logging/index.js';
import { unframe, type SchemaRegistryClient } from '../../src/serde/index.js';

export interface ReadRecord<V> {
  readonly key: string;
  readonly value: V | null;
  /** When this reader saw it (ms, performance.now-independent wall clock). */
  readonly seenAt: number;
}

/**
 * A read_committed consumer that collects a derived topic's records (UTF-8 keys, Avro values through
 * the registry), as a downstream consumer would. `stop()` in `after`.
 */
export async function readTopic<V>(options: { brokers: readonly string[]; registry: SchemaRegistryClient; topic: string; groupId: string }): Promise<{
  readonly records: ReadRecord<V>[];
  stop(): Promise<void>;
}> {
  const kafka = createKafkaClient({ brokers: options.brokers, clientId: options.groupId, logger: silentLogger });
  const consumer: Consumer = kafka.consumer({ groupId: options.groupId, readUncommitted: false, maxWaitTimeInMs: 100 });
  const records: ReadRecord<V>[] = [];
  await consumer.connect();
  await consumer.subscribe({ topic: options.topic, fromBeginning: true });
  await consumer.run({
    eachMessage: async ({ message }) => {
      let value: V | null = null;
      if (message.value !== null) {
        const { schemaId, body } = unframe(message.value);
        value = (await options.registry.writerType(schemaId)).fromBuffer(body) as V;
      }
      records.push({ key: message.key?.toString('utf8') ?? '', value, seenAt: Date.now() });
    },
  });
  return { records, stop: () => consumer.disconnect() };
}

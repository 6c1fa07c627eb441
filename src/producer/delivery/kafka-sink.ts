import type { Kafka, Message, Producer } from 'kafkajs';
import { acknowledgedMessages } from '../../kafka/index.js';
import type { Logger } from '../../logging/index.js';
import { frame, readSchemaFile, type SchemaRegistryClient } from '../../serde/index.js';
import { unpackPayload } from '../records/record-codec.js';
import { rawRecordPartitioner } from './raw-partitioner.js';
import { chunkBySize, estimatedSize } from '../../streams/kafka/messages.js';

/** Where delivered records go. Tests inject a fake; production uses {@link createKafkaSink}. */
export interface RecordSink {
  /**
   * Sends spool payloads in order; resolves only when every one is acknowledged by all in-sync
   * replicas. After a failure the caller sends the same array again (the spool batch it holds).
   */
  send(payloads: readonly Buffer[]): Promise<void>;
  close(): Promise<void>;
}

export interface KafkaSinkOptions {
  readonly kafka: Kafka;
  readonly topic: string;
  readonly registry: SchemaRegistryClient;
  /** `lookup` in production (schemas are registered by `schemas register`); `register` for tests and demos. */
  readonly registration: 'lookup' | 'register';
  readonly logger: Logger;
}

/**
 * An idempotent kafkajs producer (acks=all, one request in flight, so retries can neither
 * duplicate nor reorder; every record of a node to one partition, see `raw-partitioner.ts`) that frames the spooled Avro bodies with the registry ids of the local
 * key/value schemas. The producer is never recreated after a failure, and a resend of a batch
 * leaves out the records whose partitions were acknowledged before the send failed (a batch spans
 * partitions led by several brokers; one of them dying must not duplicate what the others took).
 */
export function createKafkaSink(options: KafkaSinkOptions): RecordSink {
  const { topic, registry } = options;
  const producer: Producer = options.kafka.producer({
    idempotent: true,
    maxInFlightRequests: 1,
    allowAutoTopicCreation: false,
    createPartitioner: rawRecordPartitioner,
    retry: { retries: 5, initialRetryTime: 100, maxRetryTime: 2000 },
  });
  let connected: Promise<void> | null = null;
  // The batch being delivered and which of its payloads already landed (kept across its resends).
  let delivering: { readonly payloads: readonly Buffer[]; readonly landed: Set<number> } | null = null;
  let ids: Promise<{ key: number; value: number }> | null = null;
  const schemaId = (suffix: 'key' | 'value'): Promise<number> => {
    const schema = readSchemaFile(`raw-property-change-${suffix}.avsc`);
    const subject = `${topic}-${suffix}`;
    return options.registration === 'register' ? registry.register(subject, schema) : registry.lookupId(subject, schema);
  };

  return {
    async send(payloads) {
      connected ??= producer.connect().catch((error: unknown) => {
        connected = null;
        throw error;
      });
      // One subject after the other: concurrent first registrations raced in the registry (compatibility config).
      ids ??= schemaId('key')
        .then(async (key) => ({ key, value: await schemaId('value') }))
        .catch((error: unknown) => {
          ids = null;
          throw error;
        });
      const [, { key, value }] = await Promise.all([connected, ids]);
      if (delivering?.payloads !== payloads) delivering = { payloads, landed: new Set() };
      const { landed } = delivering;
      const pending: { readonly message: Message & { readonly key: Buffer; readonly value: Buffer }; readonly index: number }[] = [];
      payloads.forEach((payload, index) => {
        if (landed.has(index)) return;
        const encoded = unpackPayload(payload);
        pending.push({ message: { key: frame(key, encoded.key), value: frame(value, encoded.value) }, index });
      });
      // A node's records share one partition, and one request's records of a partition become one
      // record batch, which the broker refuses above message.max.bytes: the batch goes in chunks.
      for (const chunk of chunkBySize(pending, ({ message }) => estimatedSize({ key: message.key, value: message.value }))) {
        try {
          await producer.send({ topic, acks: -1, messages: chunk.map(({ message }) => message) });
        } catch (error) {
          const acknowledged = acknowledgedMessages(error);
          for (const { message, index } of chunk) if (acknowledged.has(message)) landed.add(index);
          throw error;
        }
        for (const { index } of chunk) landed.add(index);
      }
      delivering = null;
    },
    async close() {
      await producer.disconnect();
    },
  };
}

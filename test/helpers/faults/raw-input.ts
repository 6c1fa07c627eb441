import { setTimeout as delay } from 'node:timers/promises';
import type { Message } from 'kafkajs';
import { createKafkaClient } from '../../../src/kafka/index.js';
import { silentLogger } from '../../../src/logging/index.js';
import { rawRecordPartitioner } from '../../../src/producer/index.js';
import { murmur2Partitioner } from '../../../src/streams/index.js';
import { createRawSerdes, createSchemaRegistryClient, rawKeyOf, type RawPropertyChange } from '../../../src/serde/index.js';
import type { TestStack } from '../stack.js';

/** Raw records framed as a producer frames them (Avro key and value, observation time as the timestamp). */
export async function rawMessages(stack: TestStack, rawTopic: string, records: readonly RawPropertyChange[]): Promise<Message[]> {
  const serdes = createRawSerdes({ registry: createSchemaRegistryClient({ url: stack.registryUrl }), topic: rawTopic, registration: 'lookup' });
  const messages: Message[] = [];
  for (const record of records) messages.push({ key: await serdes.key.serialize(rawKeyOf(record)), value: await serdes.value.serialize(record), timestamp: String(record.observedAt) });
  return messages;
}

/**
 * How raw records are spread over partitions: `by-node` as producers do (the topic's contract,
 * `rawRecordPartitioner`), or `by-key` as producers before that did (the hash of the whole key).
 */
export type RawPartitioning = 'by-node' | 'by-key';

/**
 * Writes `messages` to `topic` with an idempotent `acks=all` producer, in sends of `chunk`, pausing
 * `pauseMs` between sends so that the input trickles in while faults happen. kafkajs retries each
 * send through leader changes and outages for up to about `deadlineMs`, resending only partitions no
 * broker acknowledged (infra/patches/kafkajs-retry-unacked-partitions.mjs). There is no resend here:
 * a send that failed may have been acknowledged for some partitions, and sending it again would
 * write those twice (new sequence numbers), which a fault test would blame on the processor.
 */
export async function produceRaw(
  stack: TestStack,
  topic: string,
  messages: readonly Message[],
  options: { chunk?: number; pauseMs?: number; deadlineMs?: number; partitioning?: RawPartitioning } = {},
): Promise<void> {
  const kafka = createKafkaClient({ brokers: stack.brokers, clientId: `${topic}-input`, logger: silentLogger });
  const retryTimeMs = 1000;
  const createPartitioner = options.partitioning === 'by-key' ? murmur2Partitioner : rawRecordPartitioner;
  const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1, createPartitioner, retry: { initialRetryTime: 100, maxRetryTime: retryTimeMs, retries: Math.ceil((options.deadlineMs ?? 120_000) / retryTimeMs) } });
  await producer.connect();
  const chunk = options.chunk ?? 500;
  try {
    for (let start = 0; start < messages.length; start += chunk) {
      await producer.send({ topic, acks: -1, messages: messages.slice(start, start + chunk) });
      if (options.pauseMs !== undefined) await delay(options.pauseMs); // the input's pace, not a wait for a condition
    }
  } finally {
    await producer.disconnect();
  }
}

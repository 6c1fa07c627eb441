import { setTimeout as delay } from 'node:timers/promises';
import type { Message } from 'kafkajs';
import { createKafkaClient } from '../../../src/kafka/index.js';
import { silentLogger } from '../../../src/logging/index.js';
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
 * Writes `messages` to `topic` with an idempotent `acks=all` producer, in sends of `chunk`, pausing
 * `pauseMs` between sends so that the input trickles in while faults happen. kafkajs retries each
 * send through leader changes; a send that still fails is retried here until `deadlineMs` (the
 * idempotent producer keeps a retried batch from being written twice).
 */
export async function produceRaw(stack: TestStack, topic: string, messages: readonly Message[], options: { chunk?: number; pauseMs?: number; deadlineMs?: number } = {}): Promise<void> {
  const kafka = createKafkaClient({ brokers: stack.brokers, clientId: `${topic}-input`, logger: silentLogger });
  const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
  await producer.connect();
  const chunk = options.chunk ?? 500;
  const deadline = Date.now() + (options.deadlineMs ?? 120_000);
  try {
    for (let start = 0; start < messages.length; start += chunk) {
      for (;;) {
        try {
          await producer.send({ topic, acks: -1, messages: messages.slice(start, start + chunk) });
          break;
        } catch (error) {
          if (Date.now() > deadline) throw error;
          await delay(500); // backoff before the retry of a send that outlived kafkajs' own retries
        }
      }
      if (options.pauseMs !== undefined) await delay(options.pauseMs); // the input's pace, not a wait for a condition
    }
  } finally {
    await producer.disconnect();
  }
}

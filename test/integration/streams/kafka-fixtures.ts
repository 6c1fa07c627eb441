import { after, before } from 'node:test';
import type { Kafka, Message } from 'kafkajs';
import { createKafkaClient } from '../../../src/kafka/index.js';
import { createLogger, silentLogger } from '../../../src/logging/index.js';
import { uniqueName, useTestStack, waitFor, type TestStack } from '../../helpers/stack.js';

/** Set STREAMS_IT_LOG=debug to see the runtime's and kafkajs' logs on stderr. */
/**
 * For tests that count one output per input to prove exactly-once: the record cache would coalesce
 * a key's table updates within a commit interval (see `stores/record-cache.ts`), so they turn it off.
 */
export const EVERY_UPDATE = { cacheMaxEntries: 0 } as const;

export const testLogger = process.env['STREAMS_IT_LOG'] === undefined ? silentLogger : createLogger({ level: process.env['STREAMS_IT_LOG'], component: 'streams-it' });

const loadedAt = Date.now();

/**
 * A recent event time for test records, `offsetMs` after this module loaded. Never a fixed date:
 * the broker deletes records older than a topic's retention (7 days by default) at its retention
 * check (about 30 s after it starts, then every 5 minutes), input not yet processed included. With
 * 2023 timestamps, a check that fell inside a test deleted its input, and the test then waited for
 * outputs that could never come.
 */
export const recentEventTime = (offsetMs: number): string => String(loadedAt + offsetMs);

/**
 * The hooks of a streams integration suite: the stack and a client before its tests; after them,
 * every instance handed to `stopAfter` (newest first), then the stack. Read `kafka` inside a test.
 */
export function streamsSuite(): { readonly kafka: Kafka; stopAfter<T extends { stop(): Promise<unknown> }>(instance: T): T } {
  let stack: TestStack | undefined;
  let client: Kafka | undefined;
  const running: Array<{ stop(): Promise<unknown> }> = [];
  before(async () => {
    stack = await useTestStack();
    client = kafkaFor(stack.brokers);
  });
  after(async () => {
    for (const instance of running.reverse()) await instance.stop();
    await stack?.stop();
  });
  return {
    get kafka(): Kafka {
      if (client === undefined) throw new Error('streamsSuite: kafka is ready only inside a test');
      return client;
    },
    stopAfter(instance) {
      running.push(instance);
      return instance;
    },
  };
}

export function kafkaFor(brokers: readonly string[]): Kafka {
  return createKafkaClient({ brokers, clientId: uniqueName('streams-it'), logger: testLogger });
}

export async function createTopics(kafka: Kafka, topics: ReadonlyArray<{ topic: string; partitions: number; compact?: boolean }>): Promise<void> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    await admin.createTopics({
      waitForLeaders: false,
      topics: topics.map(({ topic, partitions, compact }) => ({
        topic,
        numPartitions: partitions,
        configEntries: compact === true ? [{ name: 'cleanup.policy', value: 'compact' }] : [],
      })),
    });
    await waitFor(async () => {
      const { topics: metadata } = await admin.fetchTopicMetadata({ topics: topics.map(({ topic }) => topic) });
      return metadata.every((topic) => topic.partitions.length > 0 && topic.partitions.every((partition) => partition.leader >= 0));
    }, { timeoutMs: 30_000, what: 'topic leaders' });
  } finally {
    await admin.disconnect();
  }
}

export async function produce(kafka: Kafka, topic: string, messages: Message[]): Promise<void> {
  const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
  await producer.connect();
  try {
    await producer.send({ topic, messages });
  } finally {
    await producer.disconnect();
  }
}

export interface Collected {
  readonly topic: string;
  readonly partition: number;
  readonly offset: string;
  readonly key: string | null;
  readonly value: Buffer | null;
  readonly headers: Record<string, string>;
}

/** Reads `topic` from the beginning with read_committed into an array, until `stop()`. */
export async function collect(kafka: Kafka, topic: string): Promise<{ records: Collected[]; waitForCount(count: number, timeoutMs?: number): Promise<void>; stop(): Promise<void> }> {
  const consumer = kafka.consumer({ groupId: uniqueName('collector'), readUncommitted: false });
  const records: Collected[] = [];
  await consumer.connect();
  await consumer.subscribe({ topics: [topic], fromBeginning: true });
  await consumer.run({
    eachMessage: async ({ partition, message }) => {
      const headers: Record<string, string> = {};
      for (const [name, value] of Object.entries(message.headers ?? {})) if (value !== undefined) headers[name] = value.toString();
      records.push({ topic, partition, offset: message.offset, key: message.key?.toString() ?? null, value: message.value, headers });
    },
  });
  return {
    records,
    waitForCount: async (count, timeoutMs = 60_000) => {
      await waitFor(() => records.length >= count, { timeoutMs, what: `${count} records on ${topic} (have ${records.length})` });
    },
    stop: () => consumer.disconnect(),
  };
}

import type { Admin, ICustomPartitioner, Kafka, Message } from 'kafkajs';
import { setTimeout as delay } from 'node:timers/promises';
import { uniqueName, waitFor } from '../../helpers/stack.js';

/** Topic set-up, pre-production and the two outside observers (committed offsets, read_committed outputs). */
export async function createTopics(admin: Admin, topics: ReadonlyArray<{ topic: string; partitions: number; compact?: boolean }>): Promise<void> {
  await admin.createTopics({
    waitForLeaders: false,
    topics: topics.map(({ topic, partitions, compact }) => ({ topic, numPartitions: partitions, configEntries: compact === true ? [{ name: 'cleanup.policy', value: 'compact' }] : [] })),
  });
  await waitFor(async () => {
    const { topics: metadata } = await admin.fetchTopicMetadata({ topics: topics.map(({ topic }) => topic) });
    return metadata.every((topic) => topic.partitions.length > 0 && topic.partitions.every((partition) => partition.leader >= 0));
  }, { timeoutMs: 30_000, what: 'topic leaders' });
}

/** Writes the messages as an idempotent (non-transactional) producer would, in chunks; key hashing picks partitions unless `createPartitioner` says otherwise. */
export async function produceAll(kafka: Kafka, topic: string, messages: readonly Message[], options: { chunk?: number; createPartitioner?: ICustomPartitioner } = {}): Promise<void> {
  const chunk = options.chunk ?? 2_000;
  const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1, ...(options.createPartitioner === undefined ? {} : { createPartitioner: options.createPartitioner }) });
  await producer.connect();
  try {
    for (let start = 0; start < messages.length; start += chunk) await producer.send({ topic, messages: messages.slice(start, start + chunk) });
  } finally {
    await producer.disconnect();
  }
}

export interface CommitProgress {
  /** performance.now() of the first poll that saw every partition committed to its end. */
  readonly doneAt: number;
  readonly total: number;
}

/**
 * Polls the group's committed offsets on `topic` (every `everyMs`) until they reach the end offsets
 * the topic had when called. Under exactly-once the offsets commit in the same transaction as the
 * outputs, so "committed to the end" means "every output visible to read_committed readers".
 * Input written without transactions has no markers, so the end offset is exactly reachable.
 */
export async function watchCommitted(admin: Admin, options: { groupId: string; topic: string; timeoutMs: number; everyMs?: number; failure?: () => unknown }): Promise<CommitProgress> {
  const ends = new Map((await admin.fetchTopicOffsets(options.topic)).map((entry) => [entry.partition, Number(entry.high)]));
  const total = [...ends.values()].reduce((sum, high) => sum + high, 0);
  const deadline = performance.now() + options.timeoutMs;
  for (;;) {
    const [offsets] = await admin.fetchOffsets({ groupId: options.groupId, topics: [options.topic] });
    const now = performance.now();
    const committed = (offsets?.partitions ?? []).reduce((sum, entry) => sum + Math.max(0, Number(entry.offset)), 0);
    if (committed >= total) return { doneAt: now, total };
    const failure = options.failure?.();
    if (failure !== undefined) throw new Error(`${options.groupId} failed with ${committed} of ${total} input records committed`, { cause: failure });
    if (now > deadline) throw new Error(`${options.groupId}: ${committed} of ${total} input records committed after ${options.timeoutMs} ms`);
    await delay(options.everyMs ?? 50);
  }
}

export interface OutputReader {
  /** Records read so far (read_committed). */
  count(): number;
  /** Visible-at minus record timestamp (ms) of records stamped at or after `since` (epoch ms). */
  latencies(): number[];
  markSince(epochMs: number): void;
  stop(): Promise<void>;
}

/**
 * A read_committed consumer of `topic` from the beginning. A record's output timestamp is its input's
 * (the runtime and the bare loop both keep it), so receive time minus timestamp is input → visible.
 */
export async function readOutputs(kafka: Kafka, topic: string): Promise<OutputReader> {
  const consumer = kafka.consumer({ groupId: uniqueName('bench-reader'), readUncommitted: false, maxWaitTimeInMs: 100 });
  let count = 0;
  let since = Number.POSITIVE_INFINITY;
  const latencies: number[] = [];
  await consumer.connect();
  await consumer.subscribe({ topics: [topic], fromBeginning: true });
  await consumer.run({
    eachBatch: async ({ batch }) => {
      const now = Date.now();
      count += batch.messages.length;
      for (const message of batch.messages) {
        const stamped = Number(message.timestamp);
        if (stamped >= since) latencies.push(now - stamped);
      }
    },
  });
  return {
    count: () => count,
    latencies: () => [...latencies],
    markSince: (epochMs) => void (since = epochMs),
    stop: () => consumer.disconnect(),
  };
}

/**
 * The broker creates `__transaction_state` (50 partitions) on the first InitProducerId and
 * `__consumer_offsets` on the first group: seconds of work, under load more. One transaction with
 * sendOffsets and one consumer group join here keep that out of the first measured system.
 */
export async function warmUp(kafka: Kafka, admin: Admin): Promise<void> {
  const topic = uniqueName('sb-warm-up');
  const groupId = uniqueName('sb-warm-up');
  await createTopics(admin, [{ topic, partitions: 1 }]);
  const producer = kafka.producer({ transactionalId: groupId, idempotent: true, maxInFlightRequests: 1 });
  await producer.connect();
  try {
    // A fresh broker answers NOT_COORDINATOR / COORDINATOR_LOAD_IN_PROGRESS while the new internal
    // topics load: retried here (bounded), which is the point of warming up.
    await waitFor(async () => {
      const transaction = await producer.transaction();
      try {
        await transaction.send({ topic, messages: [{ key: 'warm-up', value: 'warm-up' }] });
        await transaction.sendOffsets({ consumerGroupId: groupId, topics: [{ topic, partitions: [{ partition: 0, offset: '0' }] }] });
        await transaction.commit();
        return true;
      } catch (error) {
        if (transaction.isActive()) await transaction.abort().catch(() => undefined);
        throw error;
      }
    }, { timeoutMs: 90_000, intervalMs: 500, what: 'a committed warm-up transaction' });
  } finally {
    await producer.disconnect();
  }
  const reader = await readOutputs(kafka, topic);
  try {
    await waitFor(() => reader.count() >= 1, { timeoutMs: 60_000, what: 'warm-up record read back' });
  } finally {
    await reader.stop();
  }
}

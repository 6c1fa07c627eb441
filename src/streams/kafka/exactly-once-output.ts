import type { Kafka, Transaction } from 'kafkajs';
import { transactionalId } from '../internal-topics.js';
import { murmur2Partitioner } from '../partitioner/index.js';
import { chunkRecords, topicMessages } from './messages.js';
import { offsetsByTopic, type TaskOutput } from './task-output.js';

/**
 * Exactly-once output of one task: a transactional producer with the stable id
 * `<applicationId>-<taskId>` (task = sub-topology + input partition), `idempotent: true`,
 * `maxInFlightRequests: 1`.
 *
 * Fencing without KIP-447: kafkajs speaks TxnOffsetCommit v0–1 only, so the broker cannot fence by
 * consumer-group generation. Instead whoever owns partition p of a sub-topology uses the same
 * transactional id; the new owner's `initTransactions` (done here, before restore) bumps the
 * producer epoch, aborts the previous owner's open transaction, and makes its later commits fail
 * with INVALID_PRODUCER_EPOCH / PRODUCER_FENCED. The runtime then drops that task (`isFenced`).
 */
export async function createExactlyOnceOutput(options: { kafka: Kafka; applicationId: string; taskId: string }): Promise<TaskOutput> {
  const producer = options.kafka.producer({
    transactionalId: transactionalId(options.applicationId, options.taskId),
    idempotent: true,
    maxInFlightRequests: 1,
    createPartitioner: murmur2Partitioner,
    // The broker answers CONCURRENT_TRANSACTIONS while the previous commit's markers are written;
    // kafkajs' default 300 ms first backoff would add that to every commit interval. Unbounded, as
    // kafkajs wants for an idempotent producer (it warns at every task start otherwise).
    retry: { initialRetryTime: 10, maxRetryTime: 1000, retries: Number.MAX_SAFE_INTEGER },
  });
  await producer.connect();
  // The first transaction() runs InitProducerId: this is the fencing point.
  let open: Transaction | undefined;
  try {
    open = await producer.transaction();
  } catch (error) {
    // Its connections would otherwise stay open (and keep the process alive) until the broker
    // drops them as idle; the task's start-up is retried with a new producer.
    await producer.disconnect().catch(() => undefined);
    throw error;
  }
  const transaction = async (): Promise<Transaction> => (open ??= await producer.transaction());
  return {
    async send(records) {
      const current = await transaction();
      for (const chunk of chunkRecords(records)) await current.sendBatch({ topicMessages: topicMessages(chunk) });
    },
    async commit(offsets) {
      const current = await transaction();
      open = undefined;
      if (offsets.length > 0) await current.sendOffsets({ consumerGroupId: options.applicationId, topics: offsetsByTopic(offsets) });
      await current.commit();
    },
    inFlight: () => 0,
    async close() {
      const current = open;
      open = undefined;
      try {
        if (current?.isActive() === true) await current.abort();
      } finally {
        await producer.disconnect();
      }
    },
  };
}

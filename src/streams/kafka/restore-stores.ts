import type { Admin, Kafka } from 'kafkajs';
import { randomUUID } from 'node:crypto';
import { setTimeout as delay } from 'node:timers/promises';
import type { Logger } from '../../logging/index.js';
import { StoreRestoreError } from '../errors/index.js';
import { restoreGroupId } from '../internal-topics.js';
import type { StreamTask } from '../task/stream-task.js';
import { changelogEnds } from './changelog-ends.js';
import { toRawRecord } from './messages.js';
import { singlePartitionAssigner } from './single-partition-assigner.js';

const RESTORE_FETCH_WAIT_MS = 100;
/** Per fetch: a changelog is read start to end, so bigger fetches mean fewer round trips. */
const RESTORE_FETCH_BYTES = 8 * 1024 * 1024;

export interface RestoreOptions {
  readonly kafka: Kafka;
  /** The instance's connected admin client, for the changelogs' end offsets (see `changelogEnds`). */
  readonly admin: Admin;
  readonly applicationId: string;
  readonly task: StreamTask;
  readonly logger: Logger;
  /** Monotonic milliseconds, for the deadline (`StreamsSettings.clock`). */
  readonly clock: () => number;
  readonly timeoutMs?: number;
  /** Aborted when the instance stops: the restore gives up at once instead of holding the exit. */
  readonly signal?: AbortSignal;
}

/**
 * Rebuilds a task's stores from their changelog partitions, reading committed records only, up to
 * the end offset taken *after* the task's producer fenced the previous owner (so nothing is pending).
 *
 * kafkajs has no manual `assign()`, so restore uses a throw-away consumer group (never committed)
 * whose assignor gives it the task's partition of each changelog and nothing else. Completion is
 * judged from the consumer's batch events, which also fire for batches holding only transaction
 * markers.
 */
export async function restoreStores(options: RestoreOptions): Promise<number> {
  const { task, kafka, admin } = options;
  const topics = [...task.changelogs.keys()];
  if (topics.length === 0) return 0;
  const pending = await changelogEnds({ admin, kafka, topics, partition: task.partition, logger: options.logger });
  if (pending.size === 0) return 0;
  const consumer = kafka.consumer({
    groupId: restoreGroupId(options.applicationId, task.id, randomUUID()),
    readUncommitted: false,
    partitionAssigners: [singlePartitionAssigner(task.partition)],
    // Caught up, the last fetch waits this long for more on the broker, and disconnect waits for it:
    // at kafkajs' 5 s default that was a 5 s floor under every restore, however small.
    maxWaitTimeInMs: RESTORE_FETCH_WAIT_MS,
    maxBytesPerPartition: RESTORE_FETCH_BYTES,
  });
  let restored = 0;
  let failure: unknown;
  const caughtUp = (topic: string, partition: number, lastOffset: string): void => {
    const end = pending.get(topic);
    if (partition === task.partition && end !== undefined && BigInt(lastOffset) + 1n >= end) pending.delete(topic);
  };
  try {
    await consumer.connect();
    await consumer.subscribe({ topics, fromBeginning: true });
    consumer.on(consumer.events.END_BATCH_PROCESS, (event) => caughtUp(event.payload.topic, event.payload.partition, event.payload.lastOffset));
    await consumer.run({
      autoCommit: false,
      eachBatch: async ({ batch }) => {
        if (batch.partition !== task.partition) return;
        try {
          for (const message of batch.messages) {
            await task.restore(batch.topic, toRawRecord(batch.topic, batch.partition, message));
            restored++;
          }
        } catch (error) {
          failure = error;
        }
      },
    });
    const deadline = options.clock() + (options.timeoutMs ?? 120_000);
    while (pending.size > 0 && failure === undefined) {
      if (options.signal?.aborted === true) throw new StoreRestoreError(`task ${task.id}: restore abandoned, the instance is stopping`, { topics, partition: task.partition });
      if (options.clock() > deadline) throw new StoreRestoreError(`task ${task.id} did not finish restoring ${[...pending.keys()].join(', ')}`, { topics, partition: task.partition, retriable: true });
      await delay(20); // the wait is for the consumer's fetch loop; the deadline bounds it
    }
    if (failure !== undefined) throw new StoreRestoreError(`task ${task.id} could not apply its changelog`, { topics, partition: task.partition, cause: failure });
  } finally {
    await consumer.disconnect();
  }
  return restored;
}

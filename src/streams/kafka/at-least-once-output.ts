import type { Consumer, Producer } from 'kafkajs';
import { chunkRecords, topicMessages } from './messages.js';
import { offsetsByTopic, type TaskOutput } from './task-output.js';

/**
 * At-least-once output of one task: sends go out on the instance's shared idempotent producer
 * without waiting; `commit` waits for them, then commits the consumed offsets. A crash between the
 * two replays the interval (duplicates, never loss). The runtime pauses the task's partitions while
 * `inFlight()` exceeds its bound.
 */
export function createAtLeastOnceOutput(options: { producer: Producer; consumer: Consumer }): TaskOutput {
  const pending = new Set<Promise<unknown>>();
  let inFlight = 0;
  let failure: unknown;
  return {
    async send(records) {
      if (records.length === 0) return;
      inFlight += records.length;
      const chunks = chunkRecords(records);
      const sent = chunks
        .reduce<Promise<unknown>>((previous, chunk) => previous.then(() => options.producer.sendBatch({ topicMessages: topicMessages(chunk) })), Promise.resolve())
        .catch((error: unknown) => {
          failure ??= error;
        })
        .finally(() => {
          inFlight -= records.length;
          pending.delete(sent);
        });
      pending.add(sent);
    },
    async commit(offsets) {
      await Promise.all(pending);
      if (failure !== undefined) throw failure;
      if (offsets.length > 0) await options.consumer.commitOffsets(offsetsByTopic(offsets).flatMap(({ topic, partitions }) => partitions.map((p) => ({ topic, ...p }))));
    },
    inFlight: () => inFlight,
    async close() {
      await Promise.allSettled(pending);
    },
  };
}

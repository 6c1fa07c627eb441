import type { Admin } from 'kafkajs';
import type { Logger } from '../../logging/index.js';
import type { TopicPartitionOffset } from './task-output.js';

/**
 * Deletes the records of repartition topics that the group has committed past, as Kafka Streams
 * does (`repartition.purge.interval.ms`): a repartition record is read once, by the task that owns
 * its partition, which resumes from the committed offset after any failure, so nothing before that
 * offset is ever read again. Without this, every repartition topic kept a copy of all re-keyed input
 * for its full retention (7 days): with several repartitions, several times the size of the input.
 *
 * Purging is housekeeping: a failed `deleteTopicRecords` is retried at the next round, and a
 * partition's offset is only ever moved forward. A topic's first failure is a warning; while it keeps
 * failing (a missing `Delete` ACL fails every round, every 30 s, for good) further failures are
 * logged at debug, and the round that works again says so at info with the number of failed rounds.
 */
export interface RepartitionPurger {
  /** After a successful commit: these offsets are the group's committed positions now. */
  committed(offsets: readonly TopicPartitionOffset[]): void;
  /** No more rounds; resolves when a round under way has ended (before the admin disconnects). */
  stop(): Promise<void>;
}

export interface RepartitionPurgerOptions {
  readonly admin: Admin;
  readonly repartitionTopics: ReadonlySet<string>;
  readonly intervalMs: number;
  readonly logger: Logger;
}

export function startRepartitionPurger(options: RepartitionPurgerOptions): RepartitionPurger {
  const { admin, repartitionTopics, logger } = options;
  /** Committed offsets not purged yet, by topic then partition. */
  const due = new Map<string, Map<number, bigint>>();
  /** Failed rounds in a row, per topic that is failing now. */
  const failedRounds = new Map<string, number>();
  let running: Promise<void> | undefined;

  const purge = async (): Promise<void> => {
    const rounds = [...due].map(([topic, partitions]) => ({ topic, partitions: [...partitions].map(([partition, offset]) => ({ partition, offset })) }));
    due.clear();
    for (const { topic, partitions } of rounds) {
      try {
        await admin.deleteTopicRecords({ topic, partitions: partitions.map(({ partition, offset }) => ({ partition, offset: String(offset) })) });
        logger.debug({ topic, partitions: partitions.length }, 'repartition records purged');
        const failed = failedRounds.get(topic);
        if (failed !== undefined) logger.info({ topic, failedRounds: failed }, 'purging committed repartition records works again');
        failedRounds.delete(topic);
      } catch (error) {
        const failed = (failedRounds.get(topic) ?? 0) + 1;
        failedRounds.set(topic, failed);
        if (failed === 1) logger.warn({ topic, err: error }, 'purging committed repartition records failed; retried every round, further failures at debug until it works');
        else logger.debug({ topic, err: error, failedRounds: failed }, 'purging committed repartition records still fails');
        for (const { partition, offset } of partitions) moveForward(topic, partition, offset);
      }
    }
  };

  const moveForward = (topic: string, partition: number, offset: bigint): void => {
    const partitions = due.get(topic) ?? new Map<number, bigint>();
    due.set(topic, partitions);
    if ((partitions.get(partition) ?? -1n) < offset) partitions.set(partition, offset);
  };

  const timer = setInterval(() => {
    if (running !== undefined || due.size === 0) return;
    running = purge().finally(() => (running = undefined));
  }, options.intervalMs);
  timer.unref();

  return {
    committed(offsets) {
      for (const { topic, partition, offset } of offsets) if (repartitionTopics.has(topic)) moveForward(topic, partition, BigInt(offset));
    },
    async stop() {
      clearInterval(timer);
      await running;
    },
  };
}

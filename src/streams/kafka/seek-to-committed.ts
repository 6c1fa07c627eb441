import type { Consumer } from 'kafkajs';
import type { Logger } from '../../logging/index.js';

/**
 * Moves a closed task's partition back to its last commit, so that its next batch starts it afresh
 * from there. kafkajs refuses a seek while its consumer group is not running: between a consumer
 * crash and kafkajs' own restart of it (what a Kafka outage causes), and once the instance stops.
 * Then there is nothing to move: a group that runs again reads from the committed offsets, which is
 * where the seek would have gone. So a refused seek is logged, not thrown; thrown, it escaped a
 * timer's commit as an unhandled rejection (found by the Kafka-outage fault test).
 *
 * Returns whether the seek was made.
 */
export function seekToCommitted(
  consumer: Pick<Consumer, 'seek'> | undefined,
  task: { readonly id: string; readonly partition: number },
  committed: ReadonlyMap<string, bigint>,
  logger: Logger,
): boolean {
  if (consumer === undefined) return false;
  try {
    for (const [topic, offset] of committed) consumer.seek({ topic, partition: task.partition, offset: String(offset) });
    return true;
  } catch (error) {
    logger.debug({ task: task.id, err: error }, 'no running consumer group to seek; it resumes from the committed offsets');
    return false;
  }
}

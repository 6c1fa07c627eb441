import { setTimeout as delay } from 'node:timers/promises';
import type { Admin } from 'kafkajs';

/**
 * Polls metadata until every partition of `topics` has a leader, for up to `timeoutMs` (then the
 * last error, or a plain one, is thrown). Use it after `createTopics({ waitForLeaders: false })`:
 * kafkajs' own wait retries only LEADER_NOT_AVAILABLE, but a KRaft broker answers
 * UNKNOWN_TOPIC_OR_PARTITION ("This server does not host this topic-partition") for a moment after
 * a create, until its metadata cache has the new topic; more so while others create topics too.
 *
 * @example await admin.createTopics({ waitForLeaders: false, topics }); await waitForLeaders(admin, topics.map((t) => t.topic));
 */
export async function waitForLeaders(admin: Admin, topics: readonly string[], timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    let failure: unknown;
    try {
      const { topics: metadata } = await admin.fetchTopicMetadata({ topics: [...topics] });
      if (metadata.every((topic) => topic.partitions.length > 0 && topic.partitions.every((partition) => partition.leader >= 0))) return;
    } catch (error) {
      failure = error;
    }
    if (Date.now() > deadline) {
      if (failure !== undefined) throw failure;
      throw new Error(`topics ${topics.join(', ')} have no leader for every partition after ${timeoutMs} ms`);
    }
    await delay(100);
  }
}

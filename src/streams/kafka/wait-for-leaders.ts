import type { Admin } from 'kafkajs';
import { setTimeout as delay } from 'node:timers/promises';
import { TopologyError } from '../errors/index.js';

/**
 * Polls metadata until every partition of `topics` has a leader, for up to `timeoutMs` (then the
 * last metadata error is thrown, or a `TopologyError`). Use it after
 * `createTopics({ waitForLeaders: false })`: kafkajs' own wait retries only LEADER_NOT_AVAILABLE,
 * but a KRaft broker answers UNKNOWN_TOPIC_OR_PARTITION for a moment after a create, until its
 * metadata cache has the new topic, more so while other clients create topics too.
 *
 * @example
 * await admin.createTopics({ waitForLeaders: false, topics });
 * await waitForLeaders(admin, topics.map((t) => t.topic), { clock: Date.now });
 */
export async function waitForLeaders(admin: Admin, topics: readonly string[], options: { readonly clock: () => number; readonly timeoutMs?: number }): Promise<void> {
  const timeoutMs = options.timeoutMs ?? 30_000;
  const deadline = options.clock() + timeoutMs;
  for (;;) {
    try {
      const { topics: metadata } = await admin.fetchTopicMetadata({ topics: [...topics] });
      if (metadata.every((topic) => topic.partitions.length > 0 && topic.partitions.every((partition) => partition.leader >= 0))) return;
    } catch (error) {
      if (options.clock() > deadline) throw error;
    }
    if (options.clock() > deadline) throw new TopologyError(`topics ${topics.join(', ')} have no leader for every partition after ${timeoutMs} ms`);
    await delay(100);
  }
}

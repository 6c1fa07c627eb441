import type { Admin, Kafka } from 'kafkajs';
import type { Logger } from '../../logging/index.js';
import { StoreRestoreError } from '../errors/index.js';

/**
 * End offsets of partition `partition` of each topic that holds records there (topics where it is
 * empty are left out): where a restore of that partition is complete.
 *
 * Read through the instance's admin client, which is already connected (a client per restore cost
 * a connect each: most of a restart with tens of tasks). kafkajs' `fetchTopicOffsets` reads leaders
 * from that client's cached metadata and fails with a TypeError when the cache knows no leader for
 * the topic, which happens with a changelog created moments before on 3 brokers (the broker that
 * answered the cache's refresh had not learnt the topic yet) and lasts until the cache expires. So
 * a failure is tried once more with a new client, whose metadata is fresh; if that fails too, the
 * error is retriable and the task start-up tries again after a backoff.
 */
export async function changelogEnds(options: { admin: Admin; kafka: Kafka; topics: readonly string[]; partition: number; logger: Logger }): Promise<Map<string, bigint>> {
  try {
    return await endsVia(options.admin, options.topics, options.partition);
  } catch (error) {
    options.logger.debug({ topics: options.topics, err: error }, 'changelog end offsets unavailable from the cached metadata; asking with a new client');
  }
  const fresh = options.kafka.admin();
  try {
    await fresh.connect();
    return await endsVia(fresh, options.topics, options.partition);
  } catch (error) {
    throw new StoreRestoreError(`end offsets of ${options.topics.join(', ')} partition ${options.partition} unavailable`, { topics: options.topics, partition: options.partition, cause: error, retriable: true });
  } finally {
    await fresh.disconnect();
  }
}

async function endsVia(admin: Admin, topics: readonly string[], partition: number): Promise<Map<string, bigint>> {
  const ends = new Map<string, bigint>();
  for (const topic of topics) {
    const own = (await admin.fetchTopicOffsets(topic)).find((entry) => entry.partition === partition);
    if (own === undefined) throw new StoreRestoreError(`${topic} has no partition ${partition} in the metadata`, { topics: [topic], partition, retriable: true });
    if (BigInt(own.high) > BigInt(own.low)) ends.set(topic, BigInt(own.high));
  }
  return ends;
}

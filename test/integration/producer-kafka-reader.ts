import kafkajs from 'kafkajs';
import { createKafkaClient } from '../../src/kafka/index.js';
import { silentLogger } from '../../src/logging/index.js';
import { createRawSerdes, createSchemaRegistryClient, type RawPropertyChange } from '../../src/serde/index.js';

/**
 * Returns a reader collecting the decoded records of `topic` from the beginning, with their partition.
 * Creates the topic (3 partitions) unless `create` is false; each reader uses its own consumer group,
 * so a second reader of the same topic sees everything again.
 */
export async function rawTopicReader(options: { brokers: readonly string[]; registryUrl: string; topic: string; create?: boolean }): Promise<{
  readonly records: (RawPropertyChange & { partition: number; offset: string })[];
  stop(): Promise<void>;
}> {
  const kafka = createKafkaClient({ brokers: options.brokers, clientId: 'producer-test', logger: silentLogger });
  if (options.create !== false) {
    const admin = kafka.admin();
    await admin.connect();
    await admin.createTopics({ waitForLeaders: true, topics: [{ topic: options.topic, numPartitions: 3, replicationFactor: 1 }] });
    await admin.disconnect();
  }
  readers += 1;
  const serdes = createRawSerdes({ registry: createSchemaRegistryClient({ url: options.registryUrl }), topic: options.topic, registration: 'register' });
  let stopped = false;
  // kafkajs restarts a crashed consumer on a timer; a crash racing `disconnect()` would otherwise
  // restart it after the test, and it would then retry against a stopped stack forever.
  const consumer = kafka.consumer({ groupId: `${options.topic}-reader-${readers}`, retry: { retries: 20, restartOnFailure: async () => !stopped } });
  await consumer.connect();
  await consumer.subscribe({ topic: options.topic, fromBeginning: true });
  const records: (RawPropertyChange & { partition: number; offset: string })[] = [];
  // A rebalance (the group coordinator loading after a broker restart) makes kafkajs deliver again
  // what it had not committed yet; a record is in the topic once per offset, so it is collected once
  // per offset: what the tests call a duplicate is a second offset with the same record.
  const seen = new Set<string>();
  await consumer.run({
    eachMessage: async ({ message, partition }) => {
      const position = `${partition}:${message.offset}`;
      if (seen.has(position)) return;
      seen.add(position);
      records.push({ ...(await serdes.value.deserialize(message.value)), partition, offset: message.offset });
    },
  });
  return {
    records,
    stop: () => {
      stopped = true;
      return consumer.disconnect();
    },
  };
}

let readers = 0;

export const { logLevel } = kafkajs;

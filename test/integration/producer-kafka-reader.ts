import kafkajs from 'kafkajs';
import { createKafkaClient } from '../../src/kafka/index.js';
import { silentLogger } from '../../src/logging/index.js';
import { createRawSerdes, createSchemaRegistryClient, type RawPropertyChange } from '../../src/serde/index.js';

/** Creates `topic` (3 partitions) and returns a reader collecting its decoded records, with their partition. */
export async function rawTopicReader(options: { brokers: readonly string[]; registryUrl: string; topic: string }): Promise<{
  readonly records: (RawPropertyChange & { partition: number })[];
  stop(): Promise<void>;
}> {
  const kafka = createKafkaClient({ brokers: options.brokers, clientId: 'producer-test', logger: silentLogger });
  const admin = kafka.admin();
  await admin.connect();
  await admin.createTopics({ waitForLeaders: true, topics: [{ topic: options.topic, numPartitions: 3, replicationFactor: 1 }] });
  await admin.disconnect();
  const serdes = createRawSerdes({ registry: createSchemaRegistryClient({ url: options.registryUrl }), topic: options.topic, registration: 'register' });
  const consumer = kafka.consumer({ groupId: `${options.topic}-reader`, retry: { retries: 20 } });
  await consumer.connect();
  await consumer.subscribe({ topic: options.topic, fromBeginning: true });
  const records: (RawPropertyChange & { partition: number })[] = [];
  await consumer.run({
    eachMessage: async ({ message, partition }) => {
      records.push({ ...(await serdes.value.deserialize(message.value)), partition });
    },
  });
  return { records, stop: () => consumer.disconnect() };
}

export const { logLevel } = kafkajs;

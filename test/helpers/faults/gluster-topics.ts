import { applyTopics, createKafkaClient, topicCatalog, topicNames, type TopicNames } from '../../../src/kafka/index.js';
import { silentLogger } from '../../../src/logging/index.js';
import { createSchemaRegistryClient, registerSubjects, subjectSchemas } from '../../../src/serde/index.js';
import type { TestStack } from '../stack.js';

/**
 * Creates the contract topics of `prefix` (replication min(3, brokers), min.insync.replicas
 * min(2, brokers), as `topics apply` does) and registers their schemas, so that input can be
 * written before any processor runs.
 */
export async function prepareGlusterTopics(stack: TestStack, prefix: string): Promise<TopicNames> {
  const admin = createKafkaClient({ brokers: stack.brokers, clientId: `${prefix}-apply`, logger: silentLogger }).admin();
  await admin.connect();
  try {
    await applyTopics(admin, topicCatalog(prefix));
  } finally {
    await admin.disconnect();
  }
  await registerSubjects(createSchemaRegistryClient({ url: stack.registryUrl }), subjectSchemas(prefix));
  return topicNames(prefix);
}

import kafkajs, { type Admin } from 'kafkajs';

// kafkajs is CommonJS; Node's ESM loader cannot see all of its named exports.
const { ConfigResourceTypes } = kafkajs;
import { replicationFor, type TopicSpec } from './topic-catalog.js';
import { waitForLeaders } from '../streams/index.js';

export type TopicChange =
  | { readonly topic: string; readonly action: 'created'; readonly partitions: number; readonly replicationFactor: number }
  | { readonly topic: string; readonly action: 'configs-updated'; readonly configs: Readonly<Record<string, string>> }
  | { readonly topic: string; readonly action: 'partitions-added'; readonly from: number; readonly to: number }
  | { readonly topic: string; readonly action: 'unchanged' }
  | { readonly topic: string; readonly action: 'more-partitions-than-declared'; readonly actual: number; readonly declared: number };

/**
 * Makes the cluster match the declared topics, idempotently: creates missing topics, sets configs
 * that differ, adds partitions that are missing. It never deletes a topic or removes partitions
 * (Kafka cannot), and reports a topic with more partitions than declared instead of failing.
 */
export async function applyTopics(admin: Admin, specs: readonly TopicSpec[]): Promise<TopicChange[]> {
  const { brokers } = await admin.describeCluster();
  const { replicationFactor, minInsyncReplicas } = replicationFor(brokers.length);
  const desired = (spec: TopicSpec): Record<string, string> => ({ ...spec.configs, 'min.insync.replicas': String(minInsyncReplicas) });

  const existing = new Set(await admin.listTopics());
  const missing = specs.filter((spec) => !existing.has(spec.name));
  if (missing.length > 0) {
    await admin.createTopics({
      waitForLeaders: false,
      topics: missing.map((spec) => ({
        topic: spec.name,
        numPartitions: spec.partitions,
        replicationFactor,
        configEntries: Object.entries(desired(spec)).map(([name, value]) => ({ name, value })),
      })),
    });
    // Not kafkajs' own wait: it fails at once when the broker does not know a new topic yet.
    await waitForLeaders(admin, missing.map((spec) => spec.name), { clock: Date.now });
  }
  const changes: TopicChange[] = missing.map((spec) => ({ topic: spec.name, action: 'created', partitions: spec.partitions, replicationFactor }));

  const present = specs.filter((spec) => existing.has(spec.name));
  if (present.length === 0) return changes;
  const metadata = await admin.fetchTopicMetadata({ topics: present.map((spec) => spec.name) });
  const described = await admin.describeConfigs({
    includeSynonyms: false,
    resources: present.map((spec) => ({ type: ConfigResourceTypes.TOPIC, name: spec.name })),
  });
  for (const spec of present) {
    const actualConfigs = new Map(
      described.resources.find((resource) => resource.resourceName === spec.name)?.configEntries.map((entry) => [entry.configName, entry.configValue]) ?? [],
    );
    const wanted = desired(spec);
    const differing = Object.fromEntries(Object.entries(wanted).filter(([name, value]) => actualConfigs.get(name) !== value));
    let touched = false;
    if (Object.keys(differing).length > 0) {
      await admin.alterConfigs({
        validateOnly: false,
        resources: [{ type: ConfigResourceTypes.TOPIC, name: spec.name, configEntries: Object.entries(wanted).map(([name, value]) => ({ name, value })) }],
      });
      changes.push({ topic: spec.name, action: 'configs-updated', configs: differing });
      touched = true;
    }
    const actualPartitions = metadata.topics.find((topic) => topic.name === spec.name)?.partitions.length ?? 0;
    if (actualPartitions < spec.partitions) {
      await admin.createPartitions({ topicPartitions: [{ topic: spec.name, count: spec.partitions }] });
      changes.push({ topic: spec.name, action: 'partitions-added', from: actualPartitions, to: spec.partitions });
      touched = true;
    } else if (actualPartitions > spec.partitions) {
      changes.push({ topic: spec.name, action: 'more-partitions-than-declared', actual: actualPartitions, declared: spec.partitions });
      touched = true;
    }
    if (!touched) changes.push({ topic: spec.name, action: 'unchanged' });
  }
  return changes;
}

import type { Admin } from 'kafkajs';
import { TopologyError } from '../errors/index.js';
import { internalTopicSpec, type InternalTopicSpec } from '../internal-topics.js';
import { resolveTopic } from '../topology/nodes.js';
import type { Topology } from '../topology/topology.js';
import { defaultReplicationFactor, internalReplication } from './internal-replication.js';
import { waitForLeaders } from './wait-for-leaders.js';

export interface TopicLayout {
  /** Resolved source topics of each sub-topology, by sub-topology id (the co-partitioned groups). */
  readonly sourceTopics: ReadonlyArray<readonly string[]>;
  /** Partition count of each sub-topology: its number of tasks. */
  readonly partitions: readonly number[];
  readonly internalTopics: readonly InternalTopicSpec[];
}

/**
 * Works out partition counts and creates the internal topics (idempotently). A repartition topic gets
 * the partition count of the sub-topology writing it; a changelog that of its store's sub-topology.
 * Every source of one sub-topology must have the same count (co-partitioning), else `TopologyError`.
 */
export async function setupInternalTopics(
  admin: Admin,
  topology: Topology,
  applicationId: string,
  options: { readonly replicationFactor?: number | undefined; readonly clock: () => number },
): Promise<TopicLayout> {
  const external = [...new Set(topology.nodes.flatMap((node) => (node.kind === 'source' && node.topic.kind === 'external' ? [node.topic.name] : [])))];
  const { topics } = await admin.fetchTopicMetadata({ topics: external });
  const counts = new Map(topics.map((topic) => [topic.name, topic.partitions.length]));
  const sourceTopics = topology.subtopologies.map((sub) => sub.sources.map((source) => resolveTopic(applicationId, source.topic)));
  const partitions: number[] = topology.subtopologies.map(() => 0);
  for (let pass = 0; pass <= topology.subtopologies.length; pass++) {
    for (const sub of topology.subtopologies) {
      const known = (sourceTopics[sub.id] ?? []).map((topic) => counts.get(topic)).filter((count): count is number => count !== undefined);
      if (new Set(known).size > 1) throw new TopologyError(`sub-topology ${sub.id} reads topics that are not co-partitioned: ${sourceTopics[sub.id]?.join(', ')} have ${known.join(', ')} partitions`);
      partitions[sub.id] = known[0] ?? 0;
      for (const sink of sub.sinks) if (sink.topic.kind === 'repartition' && known[0] !== undefined) counts.set(resolveTopic(applicationId, sink.topic), known[0]);
    }
  }
  const internalTopics: InternalTopicSpec[] = [];
  for (const sub of topology.subtopologies) {
    const count = partitions[sub.id] ?? 0;
    if (count === 0) throw new TopologyError(`the partition count of sub-topology ${sub.id} cannot be determined`);
    for (const store of sub.stores) internalTopics.push(internalTopicSpec(applicationId, 'changelog', store.name, count));
    for (const sink of sub.sinks) if (sink.topic.kind === 'repartition') internalTopics.push(internalTopicSpec(applicationId, 'repartition', sink.topic.name, count));
  }
  const replication = internalReplication(options.replicationFactor ?? defaultReplicationFactor((await admin.describeCluster()).brokers.length));
  await admin.createTopics({
    waitForLeaders: false,
    topics: internalTopics.map((spec) => ({
      topic: spec.name,
      numPartitions: spec.partitions,
      replicationFactor: replication.replicationFactor,
      configEntries: Object.entries({ ...spec.configs, 'min.insync.replicas': String(replication.minInsyncReplicas) }).map(([name, value]) => ({ name, value })),
    })),
  });
  await waitForLeaders(admin, internalTopics.map((spec) => spec.name), { clock: options.clock });
  return { sourceTopics, partitions, internalTopics };
}

import kafkajs, { type PartitionAssigner } from 'kafkajs';
import { encodeHostInfo } from './group-hosts.js';

const { AssignerProtocol } = kafkajs;

/**
 * The group's partition assignor. kafkajs ships only round-robin over topic-partitions, which would
 * split partition p of co-partitioned topics (a stream and the table it joins) across members. This
 * assigns *tasks*: task `<group>_<p>` = partition p of every topic of one co-partitioned group (the
 * source topics of a sub-topology), tasks dealt round-robin over the sorted member ids.
 *
 * Not sticky (kafkajs has no cooperative protocol or static membership; every rebalance is eager), so
 * a rebalance may move tasks; moved tasks restore their stores from the changelogs.
 *
 * `advertisedUrl` goes in the member's subscription userData (see `encodeHostInfo`), so that
 * `admin.describeGroups` tells every instance where each task's state is queried.
 */
export function copartitionAssigner(topicGroups: readonly (readonly string[])[], advertisedUrl?: string): PartitionAssigner {
  return ({ cluster }) => ({
    name: 'GlusterCopartitionAssigner',
    version: 1,
    async assign({ members, topics }) {
      const memberIds = members.map((member) => member.memberId).sort();
      const assignment = new Map<string, Record<string, number[]>>(memberIds.map((id) => [id, {}]));
      let next = 0;
      for (const group of topicGroups) {
        const subscribed = group.filter((topic) => topics.includes(topic));
        const first = subscribed[0];
        if (first === undefined) continue;
        for (const { partitionId } of cluster.findTopicPartitionMetadata(first)) {
          const owner = assignment.get(memberIds[next++ % memberIds.length] ?? '');
          if (owner === undefined) continue;
          for (const topic of subscribed) (owner[topic] ??= []).push(partitionId);
        }
      }
      return [...assignment].map(([memberId, topicPartitions]) => ({
        memberId,
        memberAssignment: AssignerProtocol.MemberAssignment.encode({ version: 1, assignment: topicPartitions, userData: Buffer.alloc(0) }),
      }));
    },
    protocol({ topics }) {
      return { name: 'GlusterCopartitionAssigner', metadata: AssignerProtocol.MemberMetadata.encode({ version: 1, topics, userData: encodeHostInfo(advertisedUrl) }) };
    },
  });
}

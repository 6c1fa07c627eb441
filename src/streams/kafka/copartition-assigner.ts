import kafkajs, { type PartitionAssigner } from 'kafkajs';
import { encodeHostInfo } from './group-hosts.js';

const { AssignerProtocol } = kafkajs;

/** The group protocol name under which members run the co-partition assignor. */
export const COPARTITION_ASSIGNOR = 'streams-copartition';

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
  return named(COPARTITION_ASSIGNOR, topicGroups, advertisedUrl);
}

/**
 * What a member offers the group: the co-partition assignor under {@link COPARTITION_ASSIGNOR}, then
 * under each of `legacyNames`, all with the same assignment and subscription metadata.
 *
 * Group protocol names must match across members: the broker picks a name that every member offers
 * (by the members' order of preference), and refuses a member that offers none of the group's
 * (INCONSISTENT_GROUP_PROTOCOL). An application whose earlier version registered this assignor under
 * another name lists that name here, so that during a rolling upgrade old members (the old name only)
 * and new ones share one group under the old name; once the last old member has left, the group
 * switches to the new name at the next rebalance. The legacy name can go in a later release, once
 * every member of the group offers the new name, as Kafka's two-step upgrade of
 * `partition.assignment.strategy`.
 *
 * @example kafka.consumer({ groupId, partitionAssigners: copartitionAssigners({ topicGroups, legacyNames: ['MyAppAssigner'] }) })
 */
export function copartitionAssigners(options: {
  readonly topicGroups: readonly (readonly string[])[];
  readonly advertisedUrl?: string | undefined;
  readonly legacyNames?: readonly string[];
}): PartitionAssigner[] {
  const names = [...new Set([COPARTITION_ASSIGNOR, ...(options.legacyNames ?? [])])];
  return names.map((name) => named(name, options.topicGroups, options.advertisedUrl));
}

function named(name: string, topicGroups: readonly (readonly string[])[], advertisedUrl: string | undefined): PartitionAssigner {
  return ({ cluster }) => ({
    name,
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
      return { name, metadata: AssignerProtocol.MemberMetadata.encode({ version: 1, topics, userData: encodeHostInfo(advertisedUrl) }) };
    },
  });
}

import kafkajs, { type PartitionAssigner } from 'kafkajs';

const { AssignerProtocol } = kafkajs;

/**
 * The assignor of a restore consumer's throw-away group: partition `partition` of every subscribed
 * topic, to its one member. kafkajs has no manual `assign()`, and its round-robin would hand the lone
 * member every partition, so each task's restore fetched the whole changelog and threw away all
 * but its own partition: N tasks read N times the data.
 */
export function singlePartitionAssigner(partition: number): PartitionAssigner {
  // Renamed from an application-specific name with no transition: a restore group has one member
  // and a unique id (`<applicationId>-restore-<task>-<uuid>`), so no two versions ever share one.
  const name = 'streams-single-partition';
  return () => ({
    name,
    version: 1,
    async assign({ members, topics }) {
      // A restore group has exactly one member; should another appear, it gets nothing to read twice.
      const [first, ...others] = members.map((member) => member.memberId).sort();
      const encode = (assignment: Record<string, number[]>): Buffer => AssignerProtocol.MemberAssignment.encode({ version: 1, assignment, userData: Buffer.alloc(0) });
      return [
        ...(first === undefined ? [] : [{ memberId: first, memberAssignment: encode(Object.fromEntries(topics.map((topic) => [topic, [partition]]))) }]),
        ...others.map((memberId) => ({ memberId, memberAssignment: encode({}) })),
      ];
    },
    protocol({ topics }) {
      return { name, metadata: AssignerProtocol.MemberMetadata.encode({ version: 1, topics, userData: Buffer.alloc(0) }) };
    },
  });
}

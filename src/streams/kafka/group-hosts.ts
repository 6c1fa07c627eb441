import kafkajs, { type Admin } from 'kafkajs';
import { taskId } from '../task/stream-task.js';

const { AssignerProtocol } = kafkajs;

/**
 * One instance of a streams application as the consumer group sees it (Kafka Streams'
 * `StreamsMetadata` from `metadataForAllStreamsClients`): where its interactive queries are served
 * and the tasks the last rebalance gave it. `url` is null for a member that advertised none.
 */
export interface StreamsHost {
  readonly memberId: string;
  readonly url: string | null;
  /** Task ids (`<subtopology>_<partition>`), sorted. */
  readonly tasks: readonly string[];
}

/** A described group member: the buffers kafkajs' `admin.describeGroups` returns. */
export interface DescribedMember {
  readonly memberId: string;
  readonly memberMetadata: Buffer;
  readonly memberAssignment: Buffer;
}

/**
 * The subscription userData of the copartition assignor: `{"url":"http://…"}`, so every member
 * learns where the others answer queries from the group itself, with no other registry.
 *
 * @example decodeHostInfo(encodeHostInfo('http://10.0.0.5:8088')) // 'http://10.0.0.5:8088'
 */
export function encodeHostInfo(url: string | undefined): Buffer {
  return url === undefined ? Buffer.alloc(0) : Buffer.from(JSON.stringify({ url }), 'utf8');
}

/** The advertised URL in a member's userData, or null (empty, not JSON, not ours). */
export function decodeHostInfo(userData: Buffer | null | undefined): string | null {
  if (userData === null || userData === undefined || userData.length === 0) return null;
  try {
    const parsed: unknown = JSON.parse(userData.toString('utf8'));
    const url = typeof parsed === 'object' && parsed !== null ? (parsed as { url?: unknown }).url : undefined;
    return typeof url === 'string' && url !== '' ? url : null;
  } catch {
    return null;
  }
}

/**
 * The routing table from described members: each member's advertised URL and the tasks its
 * assignment maps to (topic → sub-topology by `subtopologyOf`, as the GROUP_JOIN handler does).
 * A member whose buffers do not decode keeps its id with a null URL and no tasks.
 */
export function hostsFromMembers(members: readonly DescribedMember[], subtopologyOf: (topic: string) => number | undefined): StreamsHost[] {
  return members
    .map((member) => {
      let url: string | null = null;
      const tasks = new Set<string>();
      try {
        url = decodeHostInfo(AssignerProtocol.MemberMetadata.decode(member.memberMetadata)?.userData);
        const assignment = AssignerProtocol.MemberAssignment.decode(member.memberAssignment)?.assignment ?? {};
        for (const [topic, partitions] of Object.entries(assignment)) {
          const sub = subtopologyOf(topic);
          if (sub !== undefined) for (const partition of partitions) tasks.add(taskId(sub, partition));
        }
      } catch {
        // A member of another client library (or a rebalance in flight) has buffers we cannot read.
      }
      return { memberId: member.memberId, url, tasks: [...tasks].sort() };
    })
    .sort((left, right) => left.memberId.localeCompare(right.memberId));
}

/** Describes `groupId` and builds its routing table (empty while the group has no members). */
export async function describeGroupHosts(admin: Pick<Admin, 'describeGroups'>, groupId: string, subtopologyOf: (topic: string) => number | undefined): Promise<StreamsHost[]> {
  const { groups } = await admin.describeGroups([groupId]);
  return hostsFromMembers(groups[0]?.members ?? [], subtopologyOf);
}

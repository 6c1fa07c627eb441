import assert from 'node:assert/strict';
import { test } from 'node:test';
import kafkajs, { type Assigner, type Cluster, type GroupMemberAssignment } from 'kafkajs';
import { COPARTITION_ASSIGNOR, copartitionAssigner, copartitionAssigners } from '../../../../src/streams/index.js';
import { normalizeSettings, type KafkaStreamsOptions } from '../../../../src/streams/kafka/settings.js';
import { silentLogger } from '../../../../src/logging/index.js';

const { AssignerProtocol } = kafkajs;

const cluster = (partitions: Record<string, number>): Cluster =>
  ({ findTopicPartitionMetadata: (topic: string) => Array.from({ length: partitions[topic] ?? 0 }, (_, partitionId) => ({ partitionId })) }) as unknown as Cluster;

async function assign(groups: string[][], partitions: Record<string, number>, members: string[]) {
  const assigner = copartitionAssigner(groups)({ cluster: cluster(partitions), groupId: 'g', logger: silentLogger as never });
  const result = await assigner.assign({ members: members.map((memberId) => ({ memberId, memberMetadata: Buffer.alloc(0) })), topics: Object.keys(partitions) });
  return Object.fromEntries(result.map(({ memberId, memberAssignment }) => [memberId, AssignerProtocol.MemberAssignment.decode(memberAssignment)?.assignment]));
}

test('partition p of co-partitioned topics goes to the same member, tasks dealt evenly', async () => {
  const assignment = await assign([['bricks-by-drive', 'drives']], { 'bricks-by-drive': 6, drives: 6 }, ['m-b', 'm-a']);
  assert.deepEqual(assignment, {
    'm-a': { 'bricks-by-drive': [0, 2, 4], drives: [0, 2, 4] },
    'm-b': { 'bricks-by-drive': [1, 3, 5], drives: [1, 3, 5] },
  });
});

test('every task of every sub-topology is assigned exactly once, and a lone member gets all', async () => {
  const assignment = await assign([['raw'], ['repartition', 'table']], { raw: 6, repartition: 3, table: 3 }, ['only']);
  assert.deepEqual(assignment, { only: { raw: [0, 1, 2, 3, 4, 5], repartition: [0, 1, 2], table: [0, 1, 2] } });
});

const OLD_NAME = 'GlusterCopartitionAssigner';

test('the assignor is offered as streams-copartition first, then under each legacy name once', () => {
  const offered = (legacyNames?: string[]) =>
    copartitionAssigners({ topicGroups: [['raw']], ...(legacyNames === undefined ? {} : { legacyNames }) }).map((assigner) => assigner({ cluster: cluster({ raw: 1 }), groupId: 'g', logger: silentLogger as never }).name);
  assert.equal(COPARTITION_ASSIGNOR, 'streams-copartition');
  assert.deepEqual(offered(), ['streams-copartition']);
  assert.deepEqual(offered([OLD_NAME]), ['streams-copartition', OLD_NAME]);
  assert.deepEqual(offered([OLD_NAME, 'streams-copartition', OLD_NAME]), ['streams-copartition', OLD_NAME], 'no name twice');
});

test('under the new and the old name the assignor sends the same subscription and makes the same assignment', async () => {
  const groups = [['raw'], ['bricks-by-drive', 'drives']];
  const partitions = { raw: 6, 'bricks-by-drive': 3, drives: 3 };
  const topics = Object.keys(partitions);
  const [current, legacy]: Array<Assigner | undefined> = copartitionAssigners({ topicGroups: groups, advertisedUrl: 'http://10.0.0.5:8088', legacyNames: [OLD_NAME] }).map((assigner) =>
    assigner({ cluster: cluster(partitions), groupId: 'g', logger: silentLogger as never }),
  );
  assert.ok(current !== undefined && legacy !== undefined);
  const [currentProtocol, legacyProtocol] = [current.protocol({ topics }), legacy.protocol({ topics })];
  assert.deepEqual([currentProtocol.name, legacyProtocol.name], ['streams-copartition', OLD_NAME]);
  assert.ok(currentProtocol.metadata.equals(legacyProtocol.metadata), 'same topics and advertised URL in the subscription');
  assert.equal(AssignerProtocol.MemberMetadata.decode(legacyProtocol.metadata)?.userData.toString(), '{"url":"http://10.0.0.5:8088"}');
  for (const members of [['only'], ['m-b', 'm-a'], ['m-3', 'm-1', 'm-2', 'm-4', 'm-5', 'm-6', 'm-7']]) {
    const request = { members: members.map((memberId) => ({ memberId, memberMetadata: currentProtocol.metadata })), topics };
    const byCurrent: GroupMemberAssignment[] = await current.assign(request);
    assert.deepEqual(await legacy.assign(request), byCurrent, `${members.length} members`);
  }
  // The old name's assignment is the one the previous version computed (the first test's expectation).
  const decoded = Object.fromEntries(
    (await legacy.assign({ members: [{ memberId: 'm-b', memberMetadata: Buffer.alloc(0) }, { memberId: 'm-a', memberMetadata: Buffer.alloc(0) }], topics })).map(({ memberId, memberAssignment }) => [
      memberId,
      AssignerProtocol.MemberAssignment.decode(memberAssignment)?.assignment,
    ]),
  );
  assert.deepEqual(decoded, {
    'm-a': { raw: [0, 2, 4], 'bricks-by-drive': [0, 2], drives: [0, 2] },
    'm-b': { raw: [1, 3, 5], 'bricks-by-drive': [1], drives: [1] },
  });
});

test('legacy assignor names default to none and must be non-empty strings', () => {
  const options = (legacyAssignorNames?: string[]) => ({ ...(legacyAssignorNames === undefined ? {} : { legacyAssignorNames }) }) as unknown as KafkaStreamsOptions;
  assert.deepEqual(normalizeSettings(options()).legacyAssignorNames, []);
  assert.deepEqual(normalizeSettings(options([OLD_NAME])).legacyAssignorNames, [OLD_NAME]);
  assert.throws(() => normalizeSettings(options([' '])), /legacyAssignorNames must be non-empty strings/);
});

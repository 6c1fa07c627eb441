import assert from 'node:assert/strict';
import { test } from 'node:test';
import kafkajs, { type Cluster } from 'kafkajs';
import { silentLogger } from '../../../../src/logging/index.js';
import { singlePartitionAssigner } from '../../../../src/streams/kafka/single-partition-assigner.js';

const { AssignerProtocol } = kafkajs;

async function assign(partition: number, topics: string[], members: string[]) {
  const assigner = singlePartitionAssigner(partition)({ cluster: {} as Cluster, groupId: 'restore', logger: silentLogger as never });
  const result = await assigner.assign({ members: members.map((memberId) => ({ memberId, memberMetadata: Buffer.alloc(0) })), topics });
  return Object.fromEntries(result.map(({ memberId, memberAssignment }) => [memberId, AssignerProtocol.MemberAssignment.decode(memberAssignment)?.assignment]));
}

test('the restore consumer is given its task partition of every changelog, no other', async () => {
  assert.deepEqual(await assign(4, ['app-dedup-changelog', 'app-tally-changelog'], ['only']), {
    only: { 'app-dedup-changelog': [4], 'app-tally-changelog': [4] },
  });
});

test('a second member of the same restore group gets nothing, so no record is restored twice', async () => {
  assert.deepEqual(await assign(0, ['app-tally-changelog'], ['m-b', 'm-a']), { 'm-a': { 'app-tally-changelog': [0] }, 'm-b': {} });
});

import assert from 'node:assert/strict';
import { test } from 'node:test';
import kafkajs, { type Cluster } from 'kafkajs';
import { copartitionAssigner } from '../../../../src/streams/index.js';
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

import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Admin, Kafka } from 'kafkajs';
import { silentLogger } from '../../../../src/logging/index.js';
import { StoreRestoreError, StreamsError } from '../../../../src/streams/index.js';
import { changelogEnds } from '../../../../src/streams/kafka/changelog-ends.js';

type Offsets = Array<{ partition: number; low: string; high: string }>;

/** An admin answering from `offsets` per topic; `stale` makes it fail as kafkajs does with no leader cached. */
function fakeAdmin(offsets: Record<string, Offsets>, stale = false): Admin & { disconnected: boolean } {
  const admin = {
    disconnected: false,
    connect: async () => undefined,
    disconnect: async () => void (admin.disconnected = true),
    fetchTopicOffsets: async (topic: string) => {
      if (stale) throw new TypeError("Cannot destructure property 'partitions' of 'high.pop(...)' as it is undefined.");
      return (offsets[topic] ?? []).map((entry) => ({ ...entry, offset: entry.high }));
    },
  };
  return admin as unknown as Admin & { disconnected: boolean };
}

const OFFSETS: Record<string, Offsets> = {
  'app-a-changelog': [{ partition: 0, low: '0', high: '10' }, { partition: 1, low: '4', high: '4' }],
  'app-b-changelog': [{ partition: 0, low: '2', high: '3' }, { partition: 1, low: '0', high: '7' }],
};

test('end offsets of the partition, for the topics that hold records there', async () => {
  const ends = await changelogEnds({ admin: fakeAdmin(OFFSETS), kafka: {} as Kafka, topics: ['app-a-changelog', 'app-b-changelog'], partition: 1, logger: silentLogger });
  assert.deepEqual([...ends], [['app-b-changelog', 7n]]);
});

test('stale cached metadata: asked again with a new client, which is disconnected afterwards', async () => {
  const fresh = fakeAdmin(OFFSETS);
  const ends = await changelogEnds({ admin: fakeAdmin(OFFSETS, true), kafka: { admin: () => fresh } as unknown as Kafka, topics: ['app-a-changelog'], partition: 0, logger: silentLogger });
  assert.deepEqual([...ends], [['app-a-changelog', 10n]]);
  assert.equal(fresh.disconnected, true);
});

test('a partition no client can see is a retriable failure, never an empty restore', async () => {
  const fresh = fakeAdmin(OFFSETS);
  await assert.rejects(
    changelogEnds({ admin: fakeAdmin(OFFSETS), kafka: { admin: () => fresh } as unknown as Kafka, topics: ['app-a-changelog'], partition: 2, logger: silentLogger }),
    (error: unknown) =>
      error instanceof StreamsError &&
      error.code === 'STREAMS_RESTORE_FAILED' &&
      error.retriable &&
      error instanceof StoreRestoreError &&
      error.partition === 2 &&
      error.topics.join() === 'app-a-changelog',
  );
  assert.equal(fresh.disconnected, true);
});

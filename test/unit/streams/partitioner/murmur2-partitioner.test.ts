import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import fc from 'fast-check';
import kafkajs, { type PartitionMetadata } from 'kafkajs';
import { murmur2, murmur2Partitioner } from '../../../../src/streams/index.js';

// kafkajs' own hash and partitioner: what every record of this project was partitioned by so far.
const require = createRequire(import.meta.url);
const kafkajsMurmur2 = require('kafkajs/src/producer/partitioners/default/murmur2.js') as (key: Buffer | string) => number;
const kafkajsDefault = kafkajs.Partitioners.DefaultPartitioner;

const partitions = (count: number, leaderless: readonly number[] = []): PartitionMetadata[] =>
  Array.from({ length: count }, (_, partitionId) => ({ partitionId, leader: leaderless.includes(partitionId) ? -1 : 0, replicas: [0], isr: [0], offlineReplicas: [], partitionErrorCode: 0 }));

test('murmur2 equals kafkajs for random keys of every length remainder', () => {
  fc.assert(
    fc.property(fc.uint8Array({ minLength: 0, maxLength: 300 }), (bytes) => {
      const key = Buffer.from(bytes);
      assert.equal(murmur2(key), kafkajsMurmur2(key));
    }),
    { numRuns: 2_000 },
  );
});

test('murmur2 equals kafkajs on keys whose bytes have the high bit set (sign of the 4th byte)', () => {
  for (const key of [Buffer.alloc(4, 0xff), Buffer.alloc(7, 0x80), Buffer.from([0, 0, 0, 0x80]), Buffer.alloc(0)]) {
    assert.equal(murmur2(key), kafkajsMurmur2(key), key.toString('hex'));
  }
});

test('the partitioner picks the partition kafkajs picks for keyed records, Buffer or string keys', () => {
  const ours = murmur2Partitioner();
  const theirs = kafkajsDefault();
  fc.assert(
    fc.property(fc.oneof(fc.uint8Array({ maxLength: 120 }).map((bytes) => Buffer.from(bytes)), fc.string({ maxLength: 60 })), fc.integer({ min: 1, max: 64 }), (key, count) => {
      const args = { topic: 't', partitionMetadata: partitions(count), message: { key, value: 'v' } };
      assert.equal(ours(args), theirs(args));
    }),
    { numRuns: 1_000 },
  );
});

test('an explicit partition wins; a keyed record keeps its partition while that leader is unknown, as in the Java client', () => {
  const ours = murmur2Partitioner();
  const key = Buffer.from('node-1|/org/freedesktop/UDisks2/drives/disk1');
  const count = 6;
  const home = (murmur2(key) & 0x7fffffff) % count;
  assert.equal(ours({ topic: 't', partitionMetadata: partitions(count), message: { key, value: 'v', partition: (home + 1) % count } }), (home + 1) % count);
  assert.equal(ours({ topic: 't', partitionMetadata: partitions(count, [home]), message: { key, value: 'v' } }), home);
});

test('keyless records go to partitions with a leader', () => {
  const ours = murmur2Partitioner();
  const metadata = partitions(4, [0, 2]);
  for (let index = 0; index < 20; index += 1) {
    const partition = ours({ topic: 't', partitionMetadata: metadata, message: { key: null, value: 'v' } });
    assert.ok(partition === 1 || partition === 3, `partition ${partition} has no leader`);
  }
});

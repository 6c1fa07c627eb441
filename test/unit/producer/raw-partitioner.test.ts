import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import type { Message, PartitionMetadata } from 'kafkajs';
import { createRecordCodec, rawRecordPartitioner } from '../../../src/producer/index.js';
import { frame, rawPartitionKey, rawPartitionKeyOfBody, type RawPropertyChange } from '../../../src/serde/index.js';
import { murmur2Partitioner, partitionForKey } from '../../../src/streams/index.js';

const codec = createRecordCodec();
const PARTITIONS = 12;
const metadata: PartitionMetadata[] = Array.from({ length: PARTITIONS }, (_, partitionId) => ({ partitionId, leader: 0, replicas: [0], isr: [0], offlineReplicas: [], partitionErrorCode: 0 }));

function record(nodeId: string, glusterUuid: string | null, objectPath: string): RawPropertyChange {
  return {
    nodeId,
    glusterUuid,
    sessionId: 's',
    sequence: 1,
    observedAt: 1_700_000_000_000,
    busName: 'org.freedesktop.UDisks2',
    objectPath,
    interface: 'org.freedesktop.UDisks2.Drive.Ata',
    kind: 'CHANGED',
    properties: { SmartFailing: { signature: 'b', value: true } },
    invalidated: [],
  };
}

/** A producer's message for `raw`: Avro key and value framed with registry ids, as the Kafka sink sends it. */
function message(raw: RawPropertyChange): Message {
  const encoded = codec.encode(raw);
  return { key: frame(1, encoded.key), value: frame(2, encoded.value) };
}

const partitionOf = (candidate: Message): number => rawRecordPartitioner()({ topic: 'gluster.raw.v1', partitionMetadata: metadata, message: candidate });

test('the partition key is the Gluster UUID, or node:<id> for a node without one', () => {
  assert.equal(rawPartitionKey({ nodeId: 'srv1', glusterUuid: '0b1f3a1e-5c1d-4a6e-9a53-1d6f1e6a0001' }), '0b1f3a1e-5c1d-4a6e-9a53-1d6f1e6a0001');
  assert.equal(rawPartitionKey({ nodeId: 'srv1', glusterUuid: null }), 'node:srv1');
});

test('the partition key is read from the first two fields of an encoded value, whatever follows', () => {
  const uuid = '0b1f3a1e-5c1d-4a6e-9a53-1d6f1e6a0001';
  assert.equal(rawPartitionKeyOfBody(codec.encode(record('srv1', uuid, '/a')).value), uuid);
  assert.equal(rawPartitionKeyOfBody(codec.encode(record('srv2', null, '/a')).value), 'node:srv2');
  assert.throws(() => rawPartitionKeyOfBody(Buffer.alloc(0)));
});

test('every record of one node goes to the partition of its partition key, whatever its object', () => {
  fc.assert(
    fc.property(fc.string({ minLength: 1, maxLength: 20 }), fc.option(fc.uuid(), { nil: null }), fc.array(fc.string({ maxLength: 40 }), { minLength: 1, maxLength: 5 }), (nodeId, uuid, paths) => {
      const expected = partitionForKey(Buffer.from(rawPartitionKey({ nodeId, glusterUuid: uuid }), 'utf8'), PARTITIONS);
      for (const path of paths) assert.equal(partitionOf(message(record(nodeId, uuid, `/${path}`))), expected);
    }),
    { numRuns: 300 },
  );
});

test('an explicit partition is kept; a value that is not a framed raw record falls back to the hash of its key', () => {
  assert.equal(partitionOf({ ...message(record('srv1', null, '/a')), partition: 3 }), 3);
  const foreign: Message = { key: Buffer.from('some key'), value: Buffer.from('not avro') };
  assert.equal(partitionOf(foreign), murmur2Partitioner()({ topic: 'gluster.raw.v1', partitionMetadata: metadata, message: foreign }));
});

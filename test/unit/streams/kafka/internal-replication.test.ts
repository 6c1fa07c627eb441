import assert from 'node:assert/strict';
import { test } from 'node:test';
import { internalReplication } from '../../../../src/streams/kafka/internal-topic-setup.js';

test('internal topics keep min.insync.replicas 2 where a replica can be spared, 1 on a single broker', () => {
  assert.deepEqual(internalReplication(3), { replicationFactor: 3, minInsyncReplicas: 2 });
  assert.deepEqual(internalReplication(1), { replicationFactor: 1, minInsyncReplicas: 1 });
});

test('a replication factor that is not a positive integer is refused with a clear error', () => {
  assert.throws(() => internalReplication(0), /replicationFactor must be a positive integer, got 0/);
  assert.throws(() => internalReplication(2.5), /positive integer/);
});

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { replicationFor, replicationWithFactor } from '../../../../src/kafka/index.js';
import { normalizeSettings, type KafkaStreamsOptions } from '../../../../src/streams/kafka/settings.js';

test('internal topics keep min.insync.replicas 2 where a replica can be spared, 1 on a single broker', () => {
  assert.deepEqual(replicationWithFactor(3), { replicationFactor: 3, minInsyncReplicas: 2 });
  assert.deepEqual(replicationWithFactor(1), { replicationFactor: 1, minInsyncReplicas: 1 });
  assert.deepEqual(replicationFor(5), { replicationFactor: 3, minInsyncReplicas: 2 }, 'the default for a cluster: the contract topics’ rule');
});

test('a replication factor that is not a positive integer is refused with a clear error', () => {
  const options = (replicationFactor: number) => ({ replicationFactor }) as unknown as KafkaStreamsOptions;
  assert.throws(() => normalizeSettings(options(0)), /replicationFactor must be a positive integer, got 0/);
  assert.throws(() => normalizeSettings(options(2.5)), /positive integer/);
});

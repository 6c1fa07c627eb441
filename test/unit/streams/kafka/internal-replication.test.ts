import assert from 'node:assert/strict';
import { test } from 'node:test';
import { replicationFor } from '../../../../src/kafka/index.js';
import { defaultReplicationFactor, internalReplication } from '../../../../src/streams/index.js';
import { normalizeSettings, type KafkaStreamsOptions } from '../../../../src/streams/kafka/settings.js';

test('internal topics keep min.insync.replicas 2 where a replica can be spared, 1 on a single broker', () => {
  assert.deepEqual(internalReplication(3), { replicationFactor: 3, minInsyncReplicas: 2 });
  assert.deepEqual(internalReplication(1), { replicationFactor: 1, minInsyncReplicas: 1 });
  assert.deepEqual(internalReplication(defaultReplicationFactor(5)), { replicationFactor: 3, minInsyncReplicas: 2 }, 'the default for a cluster: 3 replicas');
  assert.equal(defaultReplicationFactor(2), 2, 'never more replicas than brokers');
});

test('the processor’s internal topics are replicated as its contract topics, on clusters of 1 to 6 brokers', () => {
  // The runtime keeps its own rule (it must not import src/kafka); the README promises the processor
  // that both agree, so a task's state survives what its inputs survive.
  for (let brokers = 1; brokers <= 6; brokers++) assert.deepEqual(internalReplication(defaultReplicationFactor(brokers)), replicationFor(brokers), `${brokers} brokers`);
});

test('a replication factor that is not a positive integer is refused with a clear error', () => {
  const options = (replicationFactor: number) => ({ replicationFactor }) as unknown as KafkaStreamsOptions;
  assert.throws(() => normalizeSettings(options(0)), /replicationFactor must be a positive integer, got 0/);
  assert.throws(() => normalizeSettings(options(2.5)), /positive integer/);
});

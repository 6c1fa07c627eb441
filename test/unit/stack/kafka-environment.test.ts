import assert from 'node:assert/strict';
import { test } from 'node:test';
import { environmentName, kafkaContainerEnvironment } from '../../../src/stack/kafka-environment.js';

test('property names become the KAFKA_* names the Kafka images read back ("." -> "_", "_" -> "__", "-" -> "___")', () => {
  assert.equal(environmentName('node.id'), 'KAFKA_NODE_ID');
  assert.equal(environmentName('transaction.state.log.min.isr'), 'KAFKA_TRANSACTION_STATE_LOG_MIN_ISR');
  assert.equal(environmentName('listener.name.sasl_ssl.x'), 'KAFKA_LISTENER_NAME_SASL__SSL_X');
  assert.equal(environmentName('a-b'), 'KAFKA_A___B');
});

test("a container broker gets the embedded stack's one-node settings, listens on every interface and advertises the host's address", () => {
  const env = kafkaContainerEnvironment('127.0.0.1:41234');
  assert.equal(env['KAFKA_ADVERTISED_LISTENERS'], 'PLAINTEXT://127.0.0.1:41234');
  assert.equal(env['KAFKA_LISTENERS'], 'PLAINTEXT://:9092,CONTROLLER://:9093');
  assert.equal(env['KAFKA_CONTROLLER_QUORUM_VOTERS'], '1@localhost:9093');
  assert.equal(env['KAFKA_PROCESS_ROLES'], 'broker,controller');
  assert.equal(env['KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR'], '1');
  assert.equal(env['KAFKA_TRANSACTION_STATE_LOG_MIN_ISR'], '1');
  assert.equal(env['KAFKA_GROUP_INITIAL_REBALANCE_DELAY_MS'], '0');
  assert.equal(env['KAFKA_LOG_DIRS'], '/var/lib/kafka/data');
});

import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { describe, test } from 'node:test';
import { failureLine } from '../../../src/cli/failure-line.js';
import { ConfigError } from '../../../src/config/index.js';
import { StreamsFatalError, TopologyError } from '../../../src/streams/index.js';

// kafkajs' own error classes, so the test sees the chains kafkajs really builds.
const require = createRequire(import.meta.url);
const { KafkaJSConnectionError, KafkaJSNumberOfRetriesExceeded, KafkaJSSASLAuthenticationError } = require('kafkajs/src/errors.js') as {
  KafkaJSConnectionError: new (message: string, options: { broker: string; code?: string }) => Error;
  KafkaJSNumberOfRetriesExceeded: new (error: Error, options: { retryCount: number; retryTime: number }) => Error;
  KafkaJSSASLAuthenticationError: new (message: string) => Error;
};

describe('failureLine: one line for what the user can fix, undefined for bugs', () => {
  test("the project's errors: their message", () => {
    assert.equal(failureLine(new ConfigError('KAFKA_BROKERS', 'a comma-separated list of host:port')), 'invalid setting KAFKA_BROKERS: a comma-separated list of host:port');
  });

  test("the streams runtime's errors: their message, also when a Kafka error stopped the runtime", () => {
    assert.equal(failureLine(new TopologyError('store counts is declared twice')), 'store counts is declared twice');
    const refused = new KafkaJSConnectionError('Connection error: connect ECONNREFUSED 127.0.0.1:9092', { broker: '127.0.0.1:9092', code: 'ECONNREFUSED' });
    const stopped = new StreamsFatalError('orders', 'a task could not commit', new KafkaJSNumberOfRetriesExceeded(refused, { retryCount: 5, retryTime: 3000 }));
    assert.equal(failureLine(stopped), 'streams application orders stopped: a task could not commit: Connection error: connect ECONNREFUSED 127.0.0.1:9092');
  });

  test('kafkajs after its retries: the broker error once, on one line, no stack', () => {
    const refused = new KafkaJSConnectionError('Connection error: connect ECONNREFUSED 127.0.0.1:9092', { broker: '127.0.0.1:9092', code: 'ECONNREFUSED' });
    const line = failureLine(new KafkaJSNumberOfRetriesExceeded(refused, { retryCount: 5, retryTime: 3000 }));
    assert.equal(line, 'Kafka: Connection error: connect ECONNREFUSED 127.0.0.1:9092');
  });

  test('authentication failures name the mechanism', () => {
    assert.equal(failureLine(new KafkaJSSASLAuthenticationError('SASL SCRAM SHA512 authentication failed: Authentication failed')), 'Kafka: SASL SCRAM SHA512 authentication failed: Authentication failed');
  });

  test('an untrusted certificate is a TLS error', () => {
    const untrusted = new KafkaJSConnectionError('Connection error: unable to verify the first certificate', { broker: 'localhost:9192', code: 'UNABLE_TO_VERIFY_LEAF_SIGNATURE' });
    assert.equal(failureLine(new KafkaJSNumberOfRetriesExceeded(untrusted, { retryCount: 0, retryTime: 0 })), 'TLS: Connection error: unable to verify the first certificate');
    const fromHttps = Object.assign(new Error('self-signed certificate in certificate chain'), { code: 'SELF_SIGNED_CERT_IN_CHAIN' });
    assert.equal(failureLine(fromHttps), 'TLS: self-signed certificate in certificate chain');
  });

  test('anything else is a bug: undefined, so the stack trace is printed', () => {
    assert.equal(failureLine(new TypeError("Cannot read properties of undefined (reading 'x')")), undefined);
    assert.equal(failureLine(Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' })), undefined);
  });
});

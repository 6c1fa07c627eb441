import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { isFenced } from '../../../../src/streams/kafka/kafka-errors.js';

// kafkajs' own error factory, so the test sees exactly what a Kafka 4 broker's code 90 becomes.
const require = createRequire(import.meta.url);
const { createErrorFromCode } = require('kafkajs/src/protocol/error.js') as { createErrorFromCode: (code: number) => Error };

test('PRODUCER_FENCED (code 90), unknown to kafkajs 2.2.4, is treated as fencing', () => {
  const error = createErrorFromCode(90);
  assert.equal((error as Error & { type: string }).type, 'KAFKAJS_UNKNOWN_ERROR_CODE');
  assert.equal(isFenced(error), true);
  assert.equal(isFenced(Object.assign(new Error('commit failed'), { cause: error })), true);
});

test('INVALID_PRODUCER_EPOCH (code 47) is fencing; other unknown codes are not', () => {
  assert.equal(isFenced(createErrorFromCode(47)), true);
  assert.equal(isFenced(createErrorFromCode(999)), false);
  assert.equal(isFenced(createErrorFromCode(3)), false);
});

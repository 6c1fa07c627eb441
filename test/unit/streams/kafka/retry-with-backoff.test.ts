import assert from 'node:assert/strict';
import { test } from 'node:test';
import { GlusterEventingError } from '../../../../src/errors/index.js';
import { retryWithBackoff, TASK_START_RETRY } from '../../../../src/streams/kafka/retry-with-backoff.js';

const policy = { retries: 3, initialDelayMs: 1, maxDelayMs: 2 };

test('retryWithBackoff retries retriable errors until the work succeeds', async () => {
  let calls = 0;
  const result = await retryWithBackoff(async () => {
    calls++;
    if (calls < 3) throw new GlusterEventingError('KAFKA_TRANSIENT', 'broker busy', { retriable: true });
    return 'ok';
  }, policy);
  assert.equal(result, 'ok');
  assert.equal(calls, 3);
});

test('retryWithBackoff rethrows a non-retriable error at once, and a retriable one after the last retry', async () => {
  let calls = 0;
  await assert.rejects(retryWithBackoff(async () => {
    calls++;
    throw new GlusterEventingError('KAFKA_FATAL', 'no');
  }, policy), /no/);
  assert.equal(calls, 1);
  calls = 0;
  await assert.rejects(retryWithBackoff(async () => {
    calls++;
    throw Object.assign(new Error('still busy'), { retriable: true });
  }, policy), /still busy/);
  assert.equal(calls, 4);
});

test('task start-up also retries what kafkajs gave up on when a broker died, but not a permanent failure', async () => {
  const fast = { ...TASK_START_RETRY, initialDelayMs: 1, maxDelayMs: 2 };
  let calls = 0;
  // kafkajs' give-up error is not retriable itself; the connection refusal in its cause chain is.
  const gaveUp = () => Object.assign(new Error('Connection error: connect ECONNREFUSED'), { name: 'KafkaJSNumberOfRetriesExceeded', retriable: false, cause: Object.assign(new Error('connect ECONNREFUSED'), { name: 'KafkaJSConnectionError', retriable: true }) });
  const result = await retryWithBackoff(async () => {
    calls++;
    if (calls < 4) throw gaveUp();
    return 'started';
  }, fast);
  assert.equal(result, 'started');
  assert.equal(calls, 4);
  calls = 0;
  await assert.rejects(retryWithBackoff(async () => {
    calls++;
    throw Object.assign(new Error('denied'), { type: 'TRANSACTIONAL_ID_AUTHORIZATION_FAILED', retriable: false });
  }, fast), /denied/);
  assert.equal(calls, 1);
});

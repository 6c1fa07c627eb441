import assert from 'node:assert/strict';
import { test } from 'node:test';
import { GlusterEventingError } from '../../../../src/errors/index.js';
import { retryWithBackoff } from '../../../../src/streams/kafka/retry-with-backoff.js';

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

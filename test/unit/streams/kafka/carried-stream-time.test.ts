import assert from 'node:assert/strict';
import { test } from 'node:test';
import { carriedStreamTime } from '../../../../src/streams/kafka/carried-stream-time.js';

test('a quiet partition: its stream time is carried forward by the wall time since it last advanced', () => {
  const time = carriedStreamTime(5_000, 100);
  assert.equal(time.offered(5_000, 100), 5_000);
  assert.equal(time.offered(5_000, 2_600), 7_500);
});

test('a backlog: each advance of stream time restarts the carry, so the wall clock does not push it ahead of its event time', () => {
  const time = carriedStreamTime(5_000, 0);
  time.observe(9_000, 1_000);
  assert.equal(time.offered(9_000, 1_200), 9_200);
  assert.equal(time.offered(9_500, 1_300), 9_500, 'advanced at this reading: nothing carried');
  time.observe(9_400, 2_000); // not an advance
  assert.equal(time.offered(9_500, 2_300), 10_500);
});

test('before any record (stream time -∞) nothing is offered but -∞', () => {
  const time = carriedStreamTime(Number.NEGATIVE_INFINITY, 0);
  assert.equal(time.offered(Number.NEGATIVE_INFINITY, 60_000), Number.NEGATIVE_INFINITY);
  assert.equal(time.offered(1_000, 61_000), 1_000);
});

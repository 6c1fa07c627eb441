import assert from 'node:assert/strict';
import { test } from 'node:test';
import { stepTimer } from '../../../../src/streams/kafka/step-timer.js';

test('each step is timed from the end of the previous one, rounded to whole milliseconds', () => {
  const clock = [100, 112.4, 112.6, 150];
  const timer = stepTimer(() => clock.shift() ?? Number.NaN);
  assert.equal(timer.step('fenceMs'), 12);
  assert.equal(timer.step('offsetsMs'), 0);
  assert.equal(timer.step('restoreMs'), 37);
  assert.deepEqual(timer.steps, { fenceMs: 12, offsetsMs: 0, restoreMs: 37 });
});

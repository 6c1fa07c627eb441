import { test } from 'node:test';
import assert from 'node:assert/strict';
import { andThen, catching, isPromiseLike, mapInOrder } from '../../../../src/streams/task/maybe-async.js';

test('ready values stay synchronous through andThen and mapInOrder', () => {
  const doubled = mapInOrder([1, 2, 3], (n) => n * 2);
  assert.deepEqual(doubled, [2, 4, 6]);
  assert.equal(andThen(5, (n) => n + 1), 6);
});

test('the first promise switches to async, and the rest still run one after the other, in order', async () => {
  const started: number[] = [];
  const result = mapInOrder([1, 2, 3, 4], (n) => {
    started.push(n);
    return n === 2 ? Promise.resolve(20) : n * 10;
  });
  assert.ok(isPromiseLike(result));
  assert.deepEqual(started, [1, 2], 'nothing after the promise starts before it resolves');
  assert.deepEqual(await result, [10, 20, 30, 40]);
});

test('catching handles a synchronous throw and a rejection alike', async () => {
  assert.equal(catching(() => { throw new Error('sync'); }, (error) => (error as Error).message), 'sync');
  assert.equal(await catching(() => Promise.reject(new Error('async')), (error) => (error as Error).message), 'async');
  assert.equal(catching(() => 1, () => 2), 1);
});

test('a synchronous throw after a pending promise leaves no unhandled rejection', async () => {
  const failing = mapInOrder([1, 2], (n) => {
    if (n === 1) return Promise.reject(new Error('first'));
    throw new Error('never reached: the second item waits for the first');
  });
  await assert.rejects(Promise.resolve(failing), /first/);
});

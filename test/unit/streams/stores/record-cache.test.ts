import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createRecordCache } from '../../../../src/streams/stores/record-cache.js';

test('the record cache keeps the last write per identity, in the order of each identity\'s last write', () => {
  const cache = createRecordCache<string>(10);
  cache.put('a', 'a1');
  cache.put('b', 'b1');
  cache.put('a', 'a2');
  cache.accept();
  assert.equal(cache.size, 2);
  assert.deepEqual(cache.drain(), ['b1', 'a2']);
  assert.equal(cache.size, 0);
});

test('the record cache evicts the oldest entries beyond its bound, and everything when it is off', () => {
  const bounded = createRecordCache<string>(2);
  for (const id of ['a', 'b', 'c', 'd']) bounded.put(id, id);
  bounded.accept();
  assert.deepEqual(bounded.overflow(), ['a', 'b']);
  assert.deepEqual(bounded.drain(), ['c', 'd']);

  const off = createRecordCache<string>(0);
  off.put('a', 'a1');
  off.put('a', 'a2');
  off.accept();
  assert.deepEqual(off.overflow(), ['a2']);
  assert.equal(off.size, 0);
});

test('a rolled-back record leaves the cache as it was before the record', () => {
  const cache = createRecordCache<string>(10);
  cache.put('a', 'a1');
  cache.accept();
  cache.put('a', 'a2');
  cache.put('b', 'b1');
  cache.put('a', 'a3');
  cache.rollback();
  assert.deepEqual(cache.drain(), ['a1']);
});

test('the record cache refuses a negative or fractional bound', () => {
  assert.throws(() => createRecordCache(-1), RangeError);
  assert.throws(() => createRecordCache(1.5), RangeError);
});

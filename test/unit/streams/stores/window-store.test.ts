import assert from 'node:assert/strict';
import { test } from 'node:test';
import { jsonSerde, StoreFullError, stringSerde, windowStore, type StoreChange } from '../../../../src/streams/index.js';
import { createStoreRegistry } from '../../../../src/streams/task/store-registry.js';

const spec = windowStore('w', { keySerde: stringSerde, valueSerde: jsonSerde<number>(), windowSizeMs: 10, retentionMs: 30, maxEntries: 4 });

function open() {
  const writes: StoreChange[] = [];
  const stores = createStoreRegistry([spec], (change) => writes.push(change));
  return { store: stores.window<string, number>(spec), stores, writes };
}

test('fetch yields a key\'s windows whose start is in the range, oldest first, whatever the order of puts', () => {
  const { store } = open();
  store.put('a', 3, 20);
  store.put('a', 1, 0);
  store.put('b', 9, 10);
  store.put('a', 2, 10);
  assert.deepEqual([...store.fetch('a', 0, 20)], [{ windowStart: 0, value: 1 }, { windowStart: 10, value: 2 }, { windowStart: 20, value: 3 }]);
  assert.deepEqual([...store.fetch('a', 5, 15)], [{ windowStart: 10, value: 2 }]);
  assert.deepEqual([...store.fetch('c', 0, 20)], []);
  assert.equal(store.fetch('a', 10), 2);
  assert.equal(store.fetch('a', 5), undefined);
  assert.deepEqual([...store.fetchAll(10, 10)].map(([key, value]) => [key.key, key.window, value]), [['b', { start: 10, end: 20 }, 9], ['a', { start: 10, end: 20 }, 2]]);
});

test('every write is logged under its windowed key, and a null value deletes the window with a tombstone', () => {
  const { store, writes } = open();
  store.put('a', 1, 10);
  store.put('a', null, 10);
  store.put('a', null, 10);
  assert.deepEqual(writes, [
    { store: 'w', key: { key: 'a', window: { start: 10, end: 20 } }, value: 1, timestamp: 10 },
    { store: 'w', key: { key: 'a', window: { start: 10, end: 20 } }, value: null, timestamp: 10 },
  ]);
  assert.equal(store.size, 0);
});

test('windows expire once the newest window start is retention past theirs: tombstoned, unreadable, and closed to puts', () => {
  const { store, writes } = open();
  store.put('a', 1, 0);
  store.put('a', 2, 10);
  store.put('a', 3, 29);
  assert.deepEqual([...store.fetch('a', 0, 100)].map((entry) => entry.value), [1, 2, 3]);
  store.put('b', 4, 30);
  assert.deepEqual([...store.fetch('a', 0, 100)].map((entry) => entry.value), [2, 3]);
  assert.deepEqual(writes.at(-2), { store: 'w', key: { key: 'a', window: { start: 0, end: 10 } }, value: null, timestamp: 0 });
  store.put('a', 5, 0);
  assert.equal(store.fetch('a', 0), undefined);
  assert.equal(store.size, 3);
});

test('a failed record\'s writes are undone, expiries included', () => {
  const { store, stores } = open();
  store.put('a', 1, 0);
  stores.commit();
  store.put('a', 2, 40);
  assert.equal(store.size, 1);
  stores.rollback();
  assert.deepEqual([...store.all()].map(([key, value]) => [key.key, key.window.start, value]), [['a', 0, 1]]);
});

test('a put past the bound fails with StoreFullError; overwriting a window does not count', () => {
  const { store } = open();
  for (let start = 0; start < 4; start++) store.put('k', start, start);
  store.put('k', 9, 3);
  assert.throws(() => store.put('k', 4, 4), StoreFullError);
});

test('restore rebuilds windows from changelog records without logging them', () => {
  const { store, writes } = open();
  store.restore({ key: 'a', window: { start: 10, end: 20 } }, 7);
  store.restore({ key: 'a', window: { start: 20, end: 30 } }, 8);
  store.restore({ key: 'a', window: { start: 20, end: 30 } }, null);
  assert.deepEqual([...store.fetch('a', 0, 100)], [{ windowStart: 10, value: 7 }]);
  assert.equal(writes.length, 0);
});

test('the builder refuses a retention shorter than the window', () => {
  assert.throws(() => windowStore('x', { keySerde: stringSerde, valueSerde: jsonSerde<number>(), windowSizeMs: 10, retentionMs: 5 }), RangeError);
});

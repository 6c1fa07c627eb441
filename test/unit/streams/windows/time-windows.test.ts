import assert from 'node:assert/strict';
import { test } from 'node:test';
import { stringSerde, TimeWindows, TopologyError, windowedSerde } from '../../../../src/streams/index.js';

test('tumbling windows put a record in the one window that contains it, start inclusive and end exclusive', () => {
  const windows = TimeWindows.ofSizeWithNoGrace(100);
  assert.deepEqual(windows.windowsFor(0), [{ start: 0, end: 100 }]);
  assert.deepEqual(windows.windowsFor(99), [{ start: 0, end: 100 }]);
  assert.deepEqual(windows.windowsFor(100), [{ start: 100, end: 200 }]);
  assert.deepEqual(windows.windowsFor(1234), [{ start: 1200, end: 1300 }]);
});

test('hopping windows put a record in size / advance windows, oldest first, none starting before 0', () => {
  const windows = TimeWindows.ofSizeAndGrace(100, 10).advanceBy(25);
  assert.deepEqual(windows.windowsFor(130), [
    { start: 50, end: 150 },
    { start: 75, end: 175 },
    { start: 100, end: 200 },
    { start: 125, end: 225 },
  ]);
  assert.deepEqual(windows.windowsFor(30), [
    { start: 0, end: 100 },
    { start: 25, end: 125 },
  ]);
  assert.equal(windows.graceMs, 10);
  assert.equal(windows.minimumRetentionMs, 110);
});

test('window definitions refuse sizes, advances and graces that make no windows', () => {
  assert.throws(() => TimeWindows.ofSizeWithNoGrace(0), TopologyError);
  assert.throws(() => TimeWindows.ofSizeAndGrace(100, -1), TopologyError);
  assert.throws(() => TimeWindows.ofSizeWithNoGrace(100).advanceBy(101), TopologyError);
  assert.throws(() => TimeWindows.ofSizeWithNoGrace(100).advanceBy(0), TopologyError);
});

test('the windowed serde writes the key then the start as 8 big-endian bytes, and derives the end from the size', async () => {
  const serde = windowedSerde(stringSerde, 3_600_000);
  const bytes = await serde.serialize({ key: 'sda', window: { start: 7_200_000, end: 10_800_000 } }, 't');
  assert.equal(bytes.length, 3 + 8);
  assert.equal(bytes.subarray(0, 3).toString(), 'sda');
  assert.equal(bytes.readBigInt64BE(3), 7_200_000n);
  assert.deepEqual(await serde.deserialize(bytes, 't'), { key: 'sda', window: { start: 7_200_000, end: 10_800_000 } });
  assert.throws(() => serde.deserialize(Buffer.alloc(3), 't'), RangeError);
});

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { chunkRecords } from '../../../../src/streams/kafka/messages.js';
import type { ProducedRecord } from '../../../../src/streams/index.js';

const record = (index: number, bytes: number): ProducedRecord => ({ topic: index % 2 === 0 ? 'a' : 'b', key: Buffer.from(`k${index}`), value: Buffer.alloc(bytes), headers: {}, timestamp: index });

test('sends are split below the size bound, in order, and a larger record goes alone', () => {
  const records = [record(0, 300_000), record(1, 300_000), record(2, 100), record(3, 2_000_000), record(4, 10)];
  const chunks = chunkRecords(records, 512 * 1024);
  assert.deepEqual(chunks.map((chunk) => chunk.map((item) => item.timestamp)), [[0], [1, 2], [3], [4]]);
  assert.deepEqual(chunks.flat(), records, 'nothing lost, order kept');
  assert.deepEqual(chunkRecords([]), []);
});

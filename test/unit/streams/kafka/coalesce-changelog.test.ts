import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ProducedRecord } from '../../../../src/streams/record.js';
import { createChangelogBuffer } from '../../../../src/streams/kafka/coalesce-changelog.js';

const CHANGELOGS = new Map([['app-latest-changelog', 'latest']]);
const write = (topic: string, key: string | null, value: string | null, partition?: number): ProducedRecord => ({
  topic,
  key: key === null ? null : Buffer.from(key),
  value: value === null ? null : Buffer.from(value),
  headers: {},
  timestamp: 1,
  ...(partition === undefined ? {} : { partition }),
});
const show = (records: readonly ProducedRecord[]): string[] => records.map((r) => `${r.topic}/${r.partition ?? '-'}/${r.key?.toString() ?? 'null'}=${r.value?.toString() ?? 'null'}`);

test('outputs pass through in order; changelog writes are held, last value per key, in the order of their last write', () => {
  const buffer = createChangelogBuffer(CHANGELOGS);
  const rest = buffer.hold([
    write('app-latest-changelog', 'vol-1', 'a', 0),
    write('out', 'vol-1', 'a'),
    write('app-latest-changelog', 'vol-2', 'x', 0),
    write('app-latest-changelog', 'vol-1', 'b', 0),
    write('out', 'vol-1', 'b'),
    write('app-latest-changelog', 'vol-1', null, 0),
  ]);
  assert.deepEqual(show(rest), ['out/-/vol-1=a', 'out/-/vol-1=b']);
  assert.equal(buffer.size, 2);
  assert.deepEqual(show(buffer.drain()), ['app-latest-changelog/0/vol-2=x', 'app-latest-changelog/0/vol-1=null']);
});

test('writes of later batches in the same interval replace earlier ones; drain empties the buffer for the next interval', () => {
  const buffer = createChangelogBuffer(CHANGELOGS);
  buffer.hold([write('app-latest-changelog', 'vol-1', 'a', 0), write('app-latest-changelog', 'vol-2', 'x', 0)]);
  buffer.hold([write('app-latest-changelog', 'vol-1', 'b', 0)]);
  assert.deepEqual(show(buffer.drain()), ['app-latest-changelog/0/vol-2=x', 'app-latest-changelog/0/vol-1=b']);
  assert.equal(buffer.size, 0);
  assert.deepEqual(buffer.drain(), []);
  buffer.hold([write('app-latest-changelog', 'vol-1', 'c', 0)]);
  assert.deepEqual(show(buffer.drain()), ['app-latest-changelog/0/vol-1=c']);
});

test('outputs are never held, and the same key on another changelog partition is another entry', () => {
  const buffer = createChangelogBuffer(CHANGELOGS);
  const outputs = [write('out', 'k', '1'), write('out', 'k', '2')];
  assert.deepEqual(show(buffer.hold([...outputs, write('app-latest-changelog', 'k', '1', 0), write('app-latest-changelog', 'k', '2', 1)])), show(outputs));
  assert.deepEqual(show(buffer.drain()), ['app-latest-changelog/0/k=1', 'app-latest-changelog/1/k=2']);
});

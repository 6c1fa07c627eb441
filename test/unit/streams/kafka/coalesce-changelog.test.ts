import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ProducedRecord } from '../../../../src/streams/record.js';
import { coalesceChangelogWrites } from '../../../../src/streams/kafka/coalesce-changelog.js';

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

test('a changelog key written several times in one batch keeps only its last write, at its place', () => {
  const records = [
    write('app-latest-changelog', 'vol-1', 'a', 0),
    write('out', 'vol-1', 'a'),
    write('app-latest-changelog', 'vol-2', 'x', 0),
    write('app-latest-changelog', 'vol-1', 'b', 0),
    write('out', 'vol-1', 'b'),
    write('app-latest-changelog', 'vol-1', null, 0),
  ];
  assert.deepEqual(show(coalesceChangelogWrites(records, CHANGELOGS)), ['out/-/vol-1=a', 'app-latest-changelog/0/vol-2=x', 'out/-/vol-1=b', 'app-latest-changelog/0/vol-1=null']);
});

test('outputs are never coalesced, and the same key on another partition is another entry', () => {
  const records = [write('out', 'k', '1'), write('out', 'k', '2'), write('app-latest-changelog', 'k', '1', 0), write('app-latest-changelog', 'k', '2', 1)];
  assert.deepEqual(show(coalesceChangelogWrites(records, CHANGELOGS)), show(records));
});

test('a batch without repeated changelog keys is returned as it is', () => {
  const records = [write('app-latest-changelog', 'a', '1', 0), write('app-latest-changelog', 'b', '1', 0)];
  assert.equal(coalesceChangelogWrites(records, CHANGELOGS), records);
});

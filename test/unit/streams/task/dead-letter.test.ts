import assert from 'node:assert/strict';
import { test } from 'node:test';
import { deadLetterRecord } from '../../../../src/streams/task/dead-letter.js';

class ParseFailure extends Error {
  override readonly name = 'ParseFailure';
  readonly code = 'DECODE_TRUNCATED';
}

const raw = {
  topic: 'readings',
  partition: 4,
  offset: '1207',
  key: Buffer.from('k1'),
  value: Buffer.from([0, 0, 0]),
  headers: { origin: 'sensor-7', skipped: undefined },
  timestamp: 1_700_000_000_000,
};

test('a dead-letter record keeps the bytes and headers, and names the failure in Kafka Streams’ __streams.errors.* headers', () => {
  const dead = deadLetterRecord(raw, new ParseFailure('3 bytes, no schema id'), 'dlq');
  // Literal names on purpose: they are a contract with every reader of the dead-letter topic.
  assert.deepEqual(dead, {
    topic: 'dlq',
    key: raw.key,
    value: raw.value,
    timestamp: raw.timestamp,
    headers: {
      origin: 'sensor-7',
      '__streams.errors.exception': 'ParseFailure',
      '__streams.errors.code': 'DECODE_TRUNCATED',
      '__streams.errors.message': '3 bytes, no schema id',
      '__streams.errors.topic': 'readings',
      '__streams.errors.partition': '4',
      '__streams.errors.offset': '1207',
    },
  });
});

test('a thrown non-Error is dead-lettered with its type, its text and code UNKNOWN', () => {
  const { headers } = deadLetterRecord(raw, 'not an error', 'dlq');
  assert.equal(headers?.['__streams.errors.exception'], 'string');
  assert.equal(headers?.['__streams.errors.message'], 'not an error');
  assert.equal(headers?.['__streams.errors.code'], 'UNKNOWN');
});

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DecodeError, frame, unframe } from '../../../src/serde/index.js';
import { createKafkaStreams, DEAD_LETTER_HEADERS, mapValues, StreamsBuilder, StreamsFatalError, stringSerde, type Serde } from '../../../src/streams/index.js';
import { uniqueName } from '../../helpers/stack.js';
import { collect, createTopics, produce, streamsSuite, testLogger } from './kafka-fixtures.js';

interface Reading {
  readonly volume: string;
  readonly n: number;
}
const SCHEMA_ID = 7;

/** The Confluent wire format around JSON: the same failure modes as the Avro serde, without a registry. */
const framedReading: Serde<Reading> = {
  serialize: (value) => frame(SCHEMA_ID, Buffer.from(JSON.stringify(value))),
  deserialize: (bytes) => {
    const { schemaId, body } = unframe(bytes);
    if (schemaId !== SCHEMA_ID) throw new DecodeError('DECODE_UNKNOWN_SCHEMA_ID', `schema id ${schemaId} is not registered`, { schemaId });
    let parsed: unknown;
    try {
      parsed = JSON.parse(body.toString());
    } catch (cause) {
      throw new DecodeError('DECODE_SCHEMA_MISMATCH', 'body does not match schema 7', { schemaId, cause });
    }
    if (typeof parsed !== 'object' || parsed === null || typeof (parsed as Reading).n !== 'number') throw new DecodeError('DECODE_SCHEMA_MISMATCH', 'field n missing', { schemaId });
    return parsed as Reading;
  },
};

const suite = streamsSuite();

test('each kind of bad record between good ones is dead-lettered with its bytes and error headers; good ones flow on', { timeout: 120_000 }, async () => {
  const { kafka } = suite;
  const [input, output, dlq] = [uniqueName('readings'), uniqueName('doubled'), uniqueName('dlq')];
  await createTopics(kafka, [{ topic: input, partitions: 1 }, { topic: output, partitions: 1 }, { topic: dlq, partitions: 1 }]);
  const builder = new StreamsBuilder();
  builder
    .stream(input, { key: stringSerde, value: framedReading })
    .pipe(
      mapValues((reading) => {
        if (reading.n === 13) throw new RangeError('13 is not a reading');
        return { ...reading, n: reading.n * 2 };
      }),
    )
    .to(output, { key: stringSerde, value: framedReading });
  const streams = suite.stopAfter(createKafkaStreams({ topology: builder.build(), kafka, applicationId: uniqueName('dlq-app'), deadLetterTopic: dlq, logger: testLogger }));

  const good = (n: number) => ({ key: 'v1', value: frame(SCHEMA_ID, Buffer.from(JSON.stringify({ volume: 'v1', n }))) });
  const bad = [
    { kind: 'DECODE_WRONG_MAGIC_BYTE', value: Buffer.from([1, 0, 0, 0, 7, 0x7b]) },
    { kind: 'DECODE_TRUNCATED', value: Buffer.from([0, 0, 0]) },
    { kind: 'DECODE_UNKNOWN_SCHEMA_ID', value: frame(99, Buffer.from('{"n":1}')) },
    { kind: 'DECODE_SCHEMA_MISMATCH', value: frame(SCHEMA_ID, Buffer.from('{"volume":"v1"}')) },
    { kind: 'OPERATOR_FAILED', value: frame(SCHEMA_ID, Buffer.from('{"volume":"v1","n":13}')) },
  ];
  await produce(kafka, input, [good(0), ...bad.flatMap((record, index) => [{ key: 'v1', value: record.value, headers: { origin: `bad-${index}` } }, good(index + 1)])]);

  const outputs = await collect(kafka, output);
  const deadLetters = await collect(kafka, dlq);
  try {
    await streams.start();
    await Promise.all([outputs.waitForCount(bad.length + 1), deadLetters.waitForCount(bad.length)]);
    assert.deepEqual(outputs.records.map((record) => (framedReading.deserialize(record.value ?? Buffer.alloc(0), output) as Reading).n), [0, 2, 4, 6, 8, 10]);
    assert.deepEqual(deadLetters.records.map((record) => record.headers[DEAD_LETTER_HEADERS.errorCode]), bad.map((record) => record.kind));
    assert.deepEqual(deadLetters.records.map((record) => record.value), bad.map((record) => record.value));
    deadLetters.records.forEach((record, index) => {
      assert.equal(record.key, 'v1');
      assert.equal(record.headers['origin'], `bad-${index}`);
      assert.equal(record.headers[DEAD_LETTER_HEADERS.sourceTopic], input);
      assert.equal(record.headers[DEAD_LETTER_HEADERS.sourcePartition], '0');
      assert.equal(record.headers[DEAD_LETTER_HEADERS.sourceOffset], String(1 + index * 2));
      assert.equal(record.headers[DEAD_LETTER_HEADERS.errorClass], index === 4 ? 'OperatorError' : 'DecodeError');
      assert.ok((record.headers[DEAD_LETTER_HEADERS.errorMessage] ?? '').length > 0);
    });
  } finally {
    await Promise.allSettled([outputs.stop(), deadLetters.stop()]);
  }
});

test('under the stop policy an operator failure stops the instance cleanly with a typed fatal error, nothing committed past it', { timeout: 120_000 }, async () => {
  const { kafka } = suite;
  const [input, output, dlq, applicationId] = [uniqueName('readings'), uniqueName('doubled'), uniqueName('dlq'), uniqueName('stop-app')];
  await createTopics(kafka, [{ topic: input, partitions: 1 }, { topic: output, partitions: 1 }, { topic: dlq, partitions: 1 }]);
  const builder = new StreamsBuilder();
  builder
    .stream(input, { key: stringSerde, value: framedReading })
    .pipe(mapValues((reading) => {
      if (reading.n === 13) throw new RangeError('13 is not a reading');
      return reading;
    }))
    .to(output, { key: stringSerde, value: framedReading });
  const stopping = createKafkaStreams({ topology: builder.build(), kafka, applicationId, deadLetterTopic: dlq, onOperatorError: 'stop', logger: testLogger });
  await produce(kafka, input, [1, 2, 13, 4].map((n) => ({ key: 'v1', value: framedReading.serialize({ volume: 'v1', n }, input) as Buffer })));
  await stopping.start();
  await assert.rejects(stopping.done, (error: unknown) => error instanceof StreamsFatalError && error.code === 'OPERATOR_FAILED' && /13 is not a reading/.test(error.message));
  const admin = kafka.admin();
  await admin.connect();
  try {
    const [committed] = await admin.fetchOffsets({ groupId: applicationId, topics: [input] });
    assert.ok(Number(committed?.partitions[0]?.offset ?? -1) <= 2, 'no offset past the failing record is committed');
  } finally {
    await admin.disconnect();
  }
});

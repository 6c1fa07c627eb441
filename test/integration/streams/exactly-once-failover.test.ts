import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Kafka } from 'kafkajs';
import { createKafkaStreams, createMemoryMetrics, type KafkaStreams } from '../../../src/streams/index.js';
import { PARTITIONS, perKey, reports, tallyTopology, VOLUMES, type Tally } from './tally-topology.js';
import { uniqueName, useTestStack, waitFor, type TestStack } from '../../helpers/stack.js';
import { EVERY_UPDATE, collect, createTopics, kafkaFor, produce, testLogger } from './kafka-fixtures.js';

let stack: TestStack;
let kafka: Kafka;
const running: KafkaStreams[] = [];

before(async () => {
  stack = await useTestStack();
  kafka = kafkaFor(stack.brokers);
});
after(async () => {
  await Promise.allSettled(running.map((streams) => streams.stop()));
  await stack?.stop();
});

function start(topology: ReturnType<typeof tallyTopology>, applicationId: string, dlq: string) {
  const metrics = createMemoryMetrics();
  const streams = createKafkaStreams({ topology, kafka, applicationId, deadLetterTopic: dlq, commitIntervalMs: 100, metrics, sessionTimeoutMs: 10_000, logger: testLogger, ...EVERY_UPDATE });
  running.push(streams);
  return { streams, metrics };
}

const restoredRecords = (metrics: ReturnType<typeof createMemoryMetrics>): number =>
  [...metrics.values].filter(([name]) => name.startsWith('streams_restored_records_total')).reduce((sum, [, value]) => sum + value, 0);

test('two instances over a 6-partition topic produce what one does; a stopped instance is taken over with its state', { timeout: 300_000 }, async () => {
  const [input, single, pair, dlq] = [uniqueName('raw'), uniqueName('tally-single'), uniqueName('tally-pair'), uniqueName('dlq')];
  await createTopics(kafka, [
    { topic: input, partitions: PARTITIONS },
    { topic: single, partitions: PARTITIONS, compact: true },
    { topic: pair, partitions: PARTITIONS, compact: true },
    { topic: dlq, partitions: 1 },
  ]);
  const singleOut = await collect(kafka, single);
  const pairOut = await collect(kafka, pair);
  try {
    await produce(kafka, input, reports(1, 5));
    const reference = start(tallyTopology(input, single), uniqueName('single'), dlq);
    const pairId = uniqueName('pair');
    const first = start(tallyTopology(input, pair), pairId, dlq);
    const second = start(tallyTopology(input, pair), pairId, dlq);
    await Promise.all([reference.streams.start(), first.streams.start(), second.streams.start()]);

    await Promise.all([singleOut.waitForCount(VOLUMES * 5), pairOut.waitForCount(VOLUMES * 5)]);
    const owned = (): number[] => [first.streams.tasks().length, second.streams.tasks().length];
    await waitFor(() => owned().every((count) => count > 0) && owned()[0]! + owned()[1]! === PARTITIONS, { timeoutMs: 30_000, what: 'the instances share the 6 tasks' });

    await first.streams.stop();
    await produce(kafka, input, reports(6, 10));
    await Promise.all([singleOut.waitForCount(VOLUMES * 10, 120_000), pairOut.waitForCount(VOLUMES * 10, 120_000)]);
    await waitFor(() => second.streams.tasks().length === PARTITIONS, { timeoutMs: 30_000, what: 'the survivor owns all tasks' });

    assert.ok(restoredRecords(second.metrics) > 0, 'the survivor restored the moved tasks from their changelogs');
    assert.equal(pairOut.records.length, VOLUMES * 10, 'no duplicates across the failover');
    assert.deepEqual(perKey(pairOut.records), perKey(singleOut.records));
    for (const [volume, values] of perKey(pairOut.records)) {
      assert.deepEqual(values.map((value) => (JSON.parse(value) as Tally).changes), [1, 2, 3, 4, 5, 6, 7, 8, 9, 10], volume);
    }
  } finally {
    await Promise.allSettled([singleOut.stop(), pairOut.stop()]);
  }
});

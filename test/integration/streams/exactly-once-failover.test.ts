import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Kafka } from 'kafkajs';
import {
  aggregate,
  createKafkaStreams,
  createMemoryMetrics,
  dedupe,
  jsonSerde,
  StreamsBuilder,
  stringSerde,
  type KafkaStreams,
} from '../../../src/streams/index.js';
import { uniqueName, useTestStack, waitFor, type TestStack } from '../../helpers/stack.js';
import { collect, createTopics, kafkaFor, produce, testLogger, type Collected } from './kafka-fixtures.js';

interface Report {
  readonly volume: string;
  readonly seq: number;
  readonly node: string;
}
interface Tally {
  readonly lastSeq: number;
  readonly changes: number;
}

const PARTITIONS = 6;
const VOLUMES = 24;
const NODES = ['n1', 'n2', 'n3'];

/** Dedupes the 3 nodes' reports of each (volume, seq) and keeps a per-volume tally table. */
function tallyTopology(input: string, output: string) {
  const builder = new StreamsBuilder();
  builder
    .stream(input, { key: stringSerde, value: jsonSerde<Report>() })
    .pipe(
      dedupe({ store: 'dedup', idOf: (report) => `${report.volume}:${report.seq}`, windowMs: 3_600_000 }),
      aggregate<string, Report, Tally>({
        store: 'tally',
        keySerde: stringSerde,
        valueSerde: jsonSerde<Tally>(),
        initializer: () => ({ lastSeq: 0, changes: 0 }),
        aggregator: (_volume, report, tally) => ({ lastSeq: report.seq, changes: tally.changes + 1 }),
      }),
    )
    .toTable(output, { key: stringSerde, value: jsonSerde<Tally>() });
  return builder.build();
}

function reports(fromSeq: number, toSeq: number) {
  const messages = [];
  for (let seq = fromSeq; seq <= toSeq; seq++) {
    for (const node of NODES) {
      for (let v = 0; v < VOLUMES; v++) {
        const volume = `vol-${v}`;
        messages.push({ key: volume, value: JSON.stringify({ volume, seq, node }), timestamp: String(1_700_000_000_000 + seq * 1000) });
      }
    }
  }
  return messages;
}

/** Per key, the sequence of values written: what "the same outputs" means across partitionings. */
function perKey(records: readonly Collected[]): Map<string, string[]> {
  const result = new Map<string, string[]>();
  for (const record of records) result.set(record.key ?? '', [...(result.get(record.key ?? '') ?? []), record.value?.toString() ?? 'null']);
  return result;
}

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
  const streams = createKafkaStreams({ topology, kafka, applicationId, deadLetterTopic: dlq, commitIntervalMs: 100, metrics, sessionTimeoutMs: 10_000, logger: testLogger });
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

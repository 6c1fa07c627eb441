import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  createMemoryMetrics,
  createStreamTask,
  createTopologyTestDriver,
  jsonSerde,
  partitionForKey,
  selectKey,
  StreamsBuilder,
  stringSerde,
  type ProducedRecord,
  type Serde,
} from '../../../../src/streams/index.js';
import { silentLogger } from '../../../../src/logging/index.js';

const PARTITIONS = 4;
const values = jsonSerde<{ readonly node: string; readonly n: number }>();

/** `in` (keyed by anything) → re-keyed by `node`, marked as partitioned → `out`. */
function topology(keySerde: Serde<string> = stringSerde) {
  const builder = new StreamsBuilder();
  builder
    .stream('in', { key: stringSerde, value: values })
    .pipe(selectKey((value) => value.node))
    .markAsPartitioned('by-node', { key: keySerde, value: values })
    .to('out', { key: stringSerde, value: values });
  return builder.build();
}

function taskOn(partition: number, keySerde?: Serde<string>) {
  const built = topology(keySerde);
  const [subtopology] = built.subtopologies;
  assert.ok(subtopology !== undefined);
  const metrics = createMemoryMetrics();
  const task = createStreamTask({ applicationId: 'app', topology: built, subtopology, partition, partitionCount: PARTITIONS, deadLetterTopic: 'dlq', onOperatorError: 'stop', metrics, logger: silentLogger });
  return { task, metrics };
}

const partitionOf = (key: string): number => partitionForKey(Buffer.from(key, 'utf8'), PARTITIONS);
/** A node whose key belongs to partition `partition`, and one whose key does not. */
function nodeOn(partition: number, belongs: boolean): string {
  for (let index = 0; ; index++) {
    const node = `node-${index}`;
    if ((partitionOf(node) === partition) === belongs) return node;
  }
}

async function processed(task: ReturnType<typeof taskOn>['task'], topic: string, partition: number, node: string, n: number): Promise<ProducedRecord[]> {
  return task.process({ topic, partition, offset: String(n), key: Buffer.from('ignored'), value: Buffer.from(JSON.stringify({ node, n })), headers: {}, timestamp: n });
}

test('marking a re-keyed stream as partitioned keeps it in the source sub-topology, the repartition topic feeding the same tasks', () => {
  const built = topology();
  assert.equal(built.subtopologies.length, 1, 'no new sub-topology: the placed records are processed where they were read');
  assert.deepEqual(built.subtopologies[0]?.sources.map((source) => source.topic.name).sort(), ['by-node', 'in']);
});

test('a record on the partition its key belongs to goes straight on, with no repartition write', async () => {
  const { task, metrics } = taskOn(2);
  const node = nodeOn(2, true);
  const out = await processed(task, 'in', 2, node, 1);
  assert.deepEqual(out.map((record) => record.topic), ['out']);
  assert.equal(out[0]?.key?.toString(), node);
  assert.equal(metrics.values.get('streams_records_misplaced_total{processor=by-node}'), undefined);
});

test('a record on another partition is rerouted through the repartition topic to the partition of its key, and counted', async () => {
  const { task, metrics } = taskOn(2);
  const node = nodeOn(2, false);
  const out = await processed(task, 'in', 2, node, 1);
  assert.deepEqual(out.map((record) => record.topic), ['app-by-node-repartition'], 'not processed by the wrong task');
  assert.equal(out[0]?.key?.toString(), node, 'written under its key, so the default partitioner sends it to its partition');
  assert.equal(metrics.values.get('streams_records_misplaced_total{processor=by-node}'), 1);

  // Read back by the task that owns the key: it arrives on the right partition and goes on.
  const owner = taskOn(partitionOf(node));
  const back = await owner.task.process({ topic: 'app-by-node-repartition', partition: partitionOf(node), offset: '0', key: out[0]?.key ?? null, value: out[0]?.value ?? null, headers: {}, timestamp: 1 });
  assert.deepEqual(back.map((record) => record.topic), ['out']);
});

test('a key serializer that answers with a promise sends the record through the repartition topic, which awaits it', async () => {
  const asyncKeys: Serde<string> = { serialize: async (value) => Buffer.from(value, 'utf8'), deserialize: (bytes) => bytes.toString('utf8') };
  const { task } = taskOn(0, asyncKeys);
  const out = await processed(task, 'in', 0, nodeOn(0, true), 1);
  assert.deepEqual(out.map((record) => record.topic), ['app-by-node-repartition']);
});

test('with one partition (the test driver) every record is placed', async () => {
  const driver = createTopologyTestDriver(topology());
  await driver.pipeInput('in', { key: 'x', value: { node: 'a', n: 1 }, timestamp: 1 });
  await driver.pipeInput('in', { key: 'y', value: { node: 'b', n: 2 }, timestamp: 2 });
  assert.deepEqual((await driver.readOutput<string, { n: number }>('out')).map((record) => record.value?.n), [1, 2]);
  assert.deepEqual(await driver.readOutput('test-app-by-node-repartition'), []);
});

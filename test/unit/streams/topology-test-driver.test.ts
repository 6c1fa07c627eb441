import assert from 'node:assert/strict';
import { test } from 'node:test';
import { delay } from 'rxjs';
import { GlusterEventingError } from '../../../src/errors/index.js';
import {
  aggregate,
  createMemoryMetrics,
  createTopologyTestDriver,
  DEAD_LETTER_HEADERS,
  dedupe,
  joinTable,
  jsonSerde,
  mapValues,
  OperatorError,
  selectKey,
  StreamsBuilder,
  StreamsError,
  stringSerde,
  type Serde,
  type StreamOperator,
  type StreamRecord,
} from '../../../src/streams/index.js';

interface Report {
  readonly volume: string;
  readonly seq: number;
  readonly status: 'Started' | 'Stopped' | 'Deleted';
}
interface VolumeState {
  readonly status: string;
  readonly reports: number;
}

const reportSerde = jsonSerde<Report>((value): value is Report => typeof value === 'object' && value !== null && 'volume' in value);
const stateSerde = jsonSerde<VolumeState>();

/** N nodes report the same volume change; one state update per change, tombstone on delete. */
function volumeStateTopology(operatorThrowsOn?: number) {
  const builder = new StreamsBuilder();
  builder
    .stream('raw', { key: stringSerde, value: reportSerde, timestamp: (record) => record.timestamp })
    .pipe(
      dedupe({ store: 'report-dedup', idOf: (report) => `${report.volume}:${report.seq}`, windowMs: 60_000 }),
      mapValues((report) => {
        if (report.seq === operatorThrowsOn) throw new Error('operator bug');
        return report;
      }),
      aggregate<string, Report, VolumeState>({
        store: 'volumes',
        keySerde: stringSerde,
        valueSerde: stateSerde,
        initializer: () => ({ status: 'unknown', reports: 0 }),
        aggregator: (_volume, report, state) => (report.status === 'Deleted' ? null : { status: report.status, reports: state.reports + 1 }),
      }),
    )
    .toTable('volumes', { key: stringSerde, value: stateSerde });
  return builder.build();
}

const fromNodes = (seq: number, status: Report['status'], timestamp: number) =>
  ['n1', 'n2', 'n3'].map((node, index) => ({ key: 'v1', value: { volume: 'v1', seq, status }, timestamp: timestamp + index, headers: { node } }));

test('three redundant reports of one volume change become one table update; delete becomes a tombstone', async () => {
  const driver = createTopologyTestDriver(volumeStateTopology());
  for (const input of [...fromNodes(1, 'Started', 1000), ...fromNodes(2, 'Stopped', 2000), ...fromNodes(3, 'Deleted', 3000)]) {
    await driver.pipeInput('raw', input);
  }
  const out = await driver.readOutput<string, VolumeState>('volumes');
  assert.deepEqual(
    out.map((record) => [record.key, record.value, record.timestamp]),
    [['v1', { status: 'Started', reports: 1 }, 1000], ['v1', { status: 'Stopped', reports: 2 }, 2000], ['v1', null, 3000]],
  );
  assert.equal(driver.store('volumes').size, 0);
  assert.equal(driver.readRaw('test-app-volumes-changelog').length, 3);
  assert.equal(driver.readRaw('test-app-volumes-changelog').at(-1)?.value, null);
});

test('after a restart, state restored from the changelogs gives the same outputs as an uninterrupted run', async () => {
  const inputs = [...fromNodes(1, 'Started', 1000), ...fromNodes(2, 'Stopped', 2000), ...fromNodes(3, 'Started', 3000)];
  const straight = createTopologyTestDriver(volumeStateTopology());
  for (const input of inputs) await straight.pipeInput('raw', input);
  const restarted = createTopologyTestDriver(volumeStateTopology());
  for (const [index, input] of inputs.entries()) {
    if (index === 4) await restarted.restart();
    await restarted.pipeInput('raw', input);
  }
  assert.deepEqual(await restarted.readOutput('volumes'), await straight.readOutput('volumes'));
  assert.deepEqual(restarted.store('report-dedup'), straight.store('report-dedup'));
});

test('undecodable records go to the dead-letter topic with their bytes and error headers; the task goes on', async () => {
  const metrics = createMemoryMetrics();
  const failing: Serde<Report> = {
    serialize: (value) => reportSerde.serialize(value, 'raw'),
    deserialize: (bytes) => {
      if (bytes[0] === 0xff) throw Object.assign(new Error('unknown schema id 42'), { name: 'DecodeError', code: 'DECODE_UNKNOWN_SCHEMA_ID' });
      return reportSerde.deserialize(bytes, 'raw');
    },
  };
  const builder = new StreamsBuilder();
  builder.stream('raw', { key: stringSerde, value: failing }).to('copy', { key: stringSerde, value: reportSerde });
  const driver = createTopologyTestDriver(builder.build(), { metrics, deadLetterTopic: 'dlq' });
  const good = (seq: number) => driver.pipeInput('raw', { key: 'v1', value: { volume: 'v1', seq, status: 'Started' }, timestamp: seq });
  const bad = [Buffer.from([0xff, 0, 0, 0, 42]), Buffer.from('{"volume":'), Buffer.from('{"other":1}')];
  await good(1);
  for (const value of bad) {
    await driver.pipeRaw('raw', { key: Buffer.from('v1'), value, headers: { node: 'n1' }, timestamp: 5 });
    await good(2);
  }
  assert.deepEqual((await driver.readOutput<string, Report>('copy')).map((record) => record.value?.seq), [1, 2, 2, 2]);
  const dead = driver.readRaw('dlq');
  assert.deepEqual(dead.map((record) => record.value), bad);
  assert.deepEqual(dead.map((record) => record.headers[DEAD_LETTER_HEADERS.errorCode]), ['DECODE_UNKNOWN_SCHEMA_ID', 'UNKNOWN', 'UNKNOWN']);
  assert.deepEqual(dead.map((record) => record.headers[DEAD_LETTER_HEADERS.errorClass]), ['DecodeError', 'SyntaxError', 'TypeError']);
  assert.deepEqual(dead.map((record) => record.headers[DEAD_LETTER_HEADERS.sourceOffset]), ['1', '3', '5']);
  assert.equal(dead[0]?.headers['node'], 'n1');
  assert.equal(dead[0]?.headers[DEAD_LETTER_HEADERS.sourceTopic], 'raw');
  assert.equal(metrics.values.get('streams_records_dead_lettered_total{topic=raw,code=DECODE_UNKNOWN_SCHEMA_ID}'), 1);
});

test('a null value on a stream source whose timestamp reads the value is dead-lettered as that source failing, with a code', async () => {
  const metrics = createMemoryMetrics();
  const builder = new StreamsBuilder();
  builder.stream('raw', { key: stringSerde, value: reportSerde, timestamp: ({ value }) => value.seq, name: 'reports' }).to('copy', { key: stringSerde, value: reportSerde });
  const driver = createTopologyTestDriver(builder.build(), { metrics, deadLetterTopic: 'dlq' });
  await driver.pipeRaw('raw', { key: Buffer.from('v1'), value: null, headers: {}, timestamp: 5 });
  await driver.pipeInput('raw', { key: 'v1', value: { volume: 'v1', seq: 7, status: 'Started' }, timestamp: 7 });
  assert.deepEqual((await driver.readOutput<string, Report>('copy')).map((record) => record.value?.seq), [7], 'the task goes on');
  const [dead, ...more] = driver.readRaw('dlq');
  assert.equal(more.length, 0);
  assert.equal(dead?.headers[DEAD_LETTER_HEADERS.errorCode], 'OPERATOR_FAILED');
  assert.match(String(dead?.headers[DEAD_LETTER_HEADERS.errorMessage]), /reports \(timestamp\).*a null value on stream source reports/);
  assert.equal(metrics.values.get('streams_records_dead_lettered_total{topic=raw,code=OPERATOR_FAILED}'), 1);
});

test('a record whose schema cannot be fetched during a registry outage is not dead-lettered: processing stops on the retriable error', async () => {
  let registryUp = false;
  const flaky: Serde<Report> = {
    serialize: (value) => reportSerde.serialize(value, 'raw'),
    deserialize: (bytes) => {
      if (!registryUp) throw new GlusterEventingError('SCHEMA_REGISTRY_UNAVAILABLE', 'schema registry at http://registry is unreachable', { retriable: true });
      return reportSerde.deserialize(bytes, 'raw');
    },
  };
  const builder = new StreamsBuilder();
  builder.stream('raw', { key: stringSerde, value: flaky }).to('copy', { key: stringSerde, value: reportSerde });
  const driver = createTopologyTestDriver(builder.build(), { deadLetterTopic: 'dlq' });
  const bytes = await reportSerde.serialize({ volume: 'v1', seq: 1, status: 'Started' }, 'raw');
  await assert.rejects(driver.pipeRaw('raw', { key: Buffer.from('v1'), value: bytes, headers: {}, timestamp: 1 }), /unreachable/);
  assert.deepEqual(driver.readRaw('dlq'), [], 'nothing dead-lettered');
  registryUp = true;
  await driver.pipeRaw('raw', { key: Buffer.from('v1'), value: bytes, headers: {}, timestamp: 1 });
  assert.deepEqual((await driver.readOutput<string, Report>('copy')).map((record) => record.value?.seq), [1], 'processed once the registry answers');
});

test('an output whose serializer cannot reach the registry is not dead-lettered either: processing stops on the retriable error', async () => {
  let registryUp = false;
  const flaky: Serde<Report> = {
    serialize: (value) => {
      if (!registryUp) throw new GlusterEventingError('SCHEMA_REGISTRY_UNAVAILABLE', 'schema registry at http://registry is unreachable', { retriable: true });
      return reportSerde.serialize(value, 'copy');
    },
    deserialize: (bytes) => reportSerde.deserialize(bytes, 'copy'),
  };
  const builder = new StreamsBuilder();
  builder.stream('raw', { key: stringSerde, value: reportSerde }).to('copy', { key: stringSerde, value: flaky });
  const driver = createTopologyTestDriver(builder.build(), { deadLetterTopic: 'dlq' });
  const bytes = await reportSerde.serialize({ volume: 'v1', seq: 1, status: 'Started' }, 'raw');
  await assert.rejects(driver.pipeRaw('raw', { key: Buffer.from('v1'), value: bytes, headers: {}, timestamp: 1 }), /unreachable/);
  assert.deepEqual(driver.readRaw('dlq'), [], 'nothing dead-lettered');
  registryUp = true;
  await driver.pipeRaw('raw', { key: Buffer.from('v1'), value: bytes, headers: {}, timestamp: 1 });
  assert.deepEqual((await driver.readOutput<string, Report>('copy')).map((record) => record.value?.seq), [1], 'written once the registry answers');
});

test('an operator that throws dead-letters the record and undoes its store writes (dead-letter policy)', async () => {
  const driver = createTopologyTestDriver(volumeStateTopology(2));
  for (const input of [...fromNodes(1, 'Started', 1000), ...fromNodes(2, 'Stopped', 2000)]) await driver.pipeInput('raw', input);
  const dead = driver.readRaw('dead-letter');
  assert.equal(dead.length, 3);
  assert.equal(dead[0]?.headers[DEAD_LETTER_HEADERS.errorCode], 'OPERATOR_FAILED');
  assert.equal(dead[0]?.headers[DEAD_LETTER_HEADERS.errorClass], 'OperatorError');
  // each report of seq 2 had its dedup write undone, so every redundant copy was judged (and failed) again
  assert.equal(driver.store('report-dedup').size, 1);
});

test('an operator that throws stops processing with OperatorError under the stop policy', async () => {
  const driver = createTopologyTestDriver(volumeStateTopology(1), { onOperatorError: 'stop' });
  const [first] = fromNodes(1, 'Started', 1000);
  await assert.rejects(driver.pipeInput('raw', first ?? assert.fail()), (error: unknown) => error instanceof OperatorError && error.code === 'OPERATOR_FAILED');
});

test('a full store fails the write with STREAMS_STORE_FULL, handled by the operator-error policy', async () => {
  const builder = new StreamsBuilder();
  builder
    .stream('in', { key: stringSerde, value: jsonSerde<number>() })
    .pipe(aggregate<string, number, number>({ store: 's', keySerde: stringSerde, valueSerde: jsonSerde<number>(), initializer: () => 0, aggregator: (_k, v, a) => a + v, maxEntries: 1 }))
    .toTable('out', { key: stringSerde, value: jsonSerde<number>() });
  const driver = createTopologyTestDriver(builder.build());
  await driver.pipeInput('in', { key: 'a', value: 1 });
  await driver.pipeInput('in', { key: 'b', value: 1 });
  assert.match(String(driver.readRaw('dead-letter')[0]?.headers[DEAD_LETTER_HEADERS.errorMessage]), /store s is full/);
});

test('an operator that does not complete synchronously is rejected', async () => {
  const asyncOperator: StreamOperator<StreamRecord<string, number>, StreamRecord<string, number>> = { kind: 'delay', stores: [], reads: [], bind: () => delay(1) };
  const builder = new StreamsBuilder();
  builder.stream('in', { key: stringSerde, value: jsonSerde<number>() }).pipe(asyncOperator).to('out', { key: stringSerde, value: jsonSerde<number>() });
  const driver = createTopologyTestDriver(builder.build(), { onOperatorError: 'stop' });
  await assert.rejects(driver.pipeInput('in', { key: 'a', value: 1 }), (error: unknown) => error instanceof StreamsError && error.code === 'OPERATOR_FAILED' && error.cause instanceof StreamsError && error.cause.code === 'STREAMS_OPERATOR_ASYNC');
});

interface Brick {
  readonly id: string;
  readonly drive: string;
}
interface Smart {
  readonly healthy: boolean;
}

function brickHealthTopology() {
  const builder = new StreamsBuilder();
  const drives = builder.table('drives', { key: stringSerde, value: jsonSerde<Smart>() });
  const { healthy, failing } = builder
    .stream('bricks', { key: stringSerde, value: jsonSerde<Brick>() })
    .pipe(selectKey((brick) => brick.drive))
    .repartition('bricks-by-drive', { key: stringSerde, value: jsonSerde<Brick>() })
    .pipe(joinTable(drives, (brick, smart) => ({ brick: brick.id, healthy: smart?.healthy ?? false }), { left: true }))
    .branch({ healthy: (value) => value.healthy, failing: () => true });
  healthy.to('healthy-bricks', { key: stringSerde, value: jsonSerde() });
  failing.pipe(mapValues((value) => value.brick)).to('alerts', { key: stringSerde, value: stringSerde });
  return builder.build();
}

test('re-keyed bricks are repartitioned, joined with drive SMART status and branched', async () => {
  const driver = createTopologyTestDriver(brickHealthTopology(), { applicationId: 'health' });
  await driver.pipeInput('drives', { key: 'sda', value: { healthy: true }, timestamp: 1 });
  await driver.pipeInput('drives', { key: 'sdb', value: { healthy: false }, timestamp: 2 });
  await driver.pipeInput('bricks', { key: 'b1', value: { id: 'b1', drive: 'sda' }, timestamp: 3 });
  await driver.pipeInput('bricks', { key: 'b2', value: { id: 'b2', drive: 'sdb' }, timestamp: 4 });
  await driver.pipeInput('drives', { key: 'sda', value: null, timestamp: 5 });
  await driver.pipeInput('bricks', { key: 'b3', value: { id: 'b3', drive: 'sda' }, timestamp: 6 });
  assert.deepEqual((await driver.readOutput('healthy-bricks')).map((r) => [r.key, r.value]), [['sda', { brick: 'b1', healthy: true }]]);
  assert.deepEqual((await driver.readOutput('alerts')).map((r) => [r.key, r.value]), [['sdb', 'b2'], ['sda', 'b3']]);
  assert.equal(driver.readRaw('health-bricks-by-drive-repartition').length, 3);
});

test('describe() lists sub-topologies, sources, operators, stores, sinks and internal topics', () => {
  const text = brickHealthTopology().describe('health');
  assert.match(text, /Sub-topology 0\n {4}Source: table-source-0000 \(topic: drives\) \(table, store: drives-table\)/);
  assert.match(text, /Source: source-0004 \(topic: health-bricks-by-drive-repartition\) --> leftJoin-0005/);
  assert.match(text, /Sub-topology 1\n {4}Source: source-0001 \(topic: bricks\) --> selectKey-0002/);
  assert.match(text, /--> branch-healthy-0006, branch-failing-0007/);
  assert.match(text, /Processor: leftJoin-0005 \(leftJoin, stores: drives-table\)/);
  assert.match(text, /Sink: sink-0003 \(topic: health-bricks-by-drive-repartition\)/);
  assert.match(text, /health-drives-table-changelog \(cleanup.policy=compact\)/);
  assert.match(text, /health-bricks-by-drive-repartition \(cleanup.policy=delete\)/);
});

test('with a record cache, a commit writes each key\'s last state and changelog value once', async () => {
  const driver = createTopologyTestDriver(volumeStateTopology(), { cacheMaxEntries: 100 });
  for (const input of [...fromNodes(1, 'Started', 1000), ...fromNodes(2, 'Stopped', 2000)]) await driver.pipeInput('raw', input);
  assert.deepEqual(await driver.readOutput('volumes'), [], 'nothing leaves before the commit');
  await driver.commit();
  assert.deepEqual((await driver.readOutput<string, VolumeState>('volumes')).map((record) => [record.key, record.value]), [['v1', { status: 'Stopped', reports: 2 }]]);
  const changelog = driver.readRaw('test-app-volumes-changelog');
  assert.equal(changelog.length, 1, 'one changelog write for the interval');
  // Six dedup entries (one per report id... two ids) were cached too; restore rebuilds both stores from what was flushed.
  await driver.restart();
  assert.deepEqual(driver.store('volumes').get('v1'), { status: 'Stopped', reports: 2 });
});

test('what a cache held is lost by a crash before the commit, as in Kafka Streams', async () => {
  const driver = createTopologyTestDriver(volumeStateTopology(), { cacheMaxEntries: 100 });
  for (const input of fromNodes(1, 'Started', 1000)) await driver.pipeInput('raw', input);
  await driver.restart();
  assert.equal(driver.store('volumes').size, 0);
});

test('a failing record leaves nothing of its own in the cache', async () => {
  const driver = createTopologyTestDriver(volumeStateTopology(2), { cacheMaxEntries: 100 });
  for (const input of [...fromNodes(1, 'Started', 1000), ...fromNodes(2, 'Stopped', 2000)]) await driver.pipeInput('raw', input);
  await driver.commit();
  assert.deepEqual((await driver.readOutput<string, VolumeState>('volumes')).map((record) => record.value), [{ status: 'Started', reports: 1 }]);
  // Each of the three reports of change 2 fails (its dedup entry is undone with it), so each is dead-lettered.
  assert.equal(driver.readRaw('dead-letter').length, 3);
  assert.deepEqual(driver.store('volumes').get('v1'), { status: 'Started', reports: 1 });
});

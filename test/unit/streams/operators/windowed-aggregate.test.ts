import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  createMemoryMetrics,
  createTopologyTestDriver,
  jsonSerde,
  StreamsBuilder,
  stringSerde,
  TimeWindows,
  windowedSerde,
  windowStore,
  type Output,
  type ProcessorContext,
  type WindowStore,
} from '../../../../src/streams/index.js';

const HOUR = 3_600_000;
const sumSerde = jsonSerde<number>();

/** Sums readings per key per window; the windowed table's changes go to `sums`. */
function sums(windows: TimeWindows) {
  const builder = new StreamsBuilder();
  const table = builder
    .stream('readings', { key: stringSerde, value: jsonSerde<number>() })
    .groupByKey()
    .windowedBy(windows)
    .aggregate(() => 0, (_key, value, total) => total + value, { name: 'sums', keySerde: stringSerde, valueSerde: sumSerde });
  table.toStream().to('sums', { key: windowedSerde(stringSerde, windows.sizeMs), value: sumSerde });
  return builder.build();
}

const read = async (driver: ReturnType<typeof createTopologyTestDriver>) =>
  (await driver.readOutput<{ key: string; window: { start: number } }, number>('sums')).map((out) => [out.key.key, out.key.window.start, out.value]);

test('a windowed aggregate adds each record to its window and emits the window\'s new aggregate', async () => {
  const driver = createTopologyTestDriver(sums(TimeWindows.ofSizeWithNoGrace(HOUR)));
  await driver.pipeInput('readings', { key: 'a', value: 1, timestamp: 10 });
  await driver.pipeInput('readings', { key: 'a', value: 2, timestamp: HOUR - 1 });
  await driver.pipeInput('readings', { key: 'b', value: 5, timestamp: HOUR - 1 });
  await driver.pipeInput('readings', { key: 'a', value: 4, timestamp: HOUR });
  assert.deepEqual(await read(driver), [['a', 0, 1], ['a', 0, 3], ['b', 0, 5], ['a', HOUR, 4]]);
});

test('hopping windows update every window that contains the record, oldest first', async () => {
  const driver = createTopologyTestDriver(sums(TimeWindows.ofSizeWithNoGrace(HOUR).advanceBy(HOUR / 2)));
  await driver.pipeInput('readings', { key: 'a', value: 1, timestamp: HOUR });
  assert.deepEqual(await read(driver), [['a', HOUR / 2, 1], ['a', HOUR, 1]]);
});

test('a record later than its windows\' end plus grace is dropped and counted; within grace it still counts', async () => {
  const metrics = createMemoryMetrics();
  const driver = createTopologyTestDriver(sums(TimeWindows.ofSizeAndGrace(HOUR, 60_000)), { metrics });
  await driver.pipeInput('readings', { key: 'a', value: 1, timestamp: HOUR + 30_000 });
  await driver.pipeInput('readings', { key: 'a', value: 2, timestamp: HOUR - 1 }); // window [0, 1h) closes at 1h + 1 min
  await driver.pipeInput('readings', { key: 'a', value: 4, timestamp: HOUR + 60_000 });
  await driver.pipeInput('readings', { key: 'a', value: 8, timestamp: 10 }); // now closed
  assert.deepEqual(await read(driver), [['a', HOUR, 1], ['a', 0, 2], ['a', HOUR, 5]]);
  assert.equal(metrics.values.get('streams_records_late_total{operator=sums-aggregate}'), 1);
});

test('after a restart the windows are restored from the changelog and aggregation continues where it was', async () => {
  const driver = createTopologyTestDriver(sums(TimeWindows.ofSizeWithNoGrace(HOUR)));
  await driver.pipeInput('readings', { key: 'a', value: 1, timestamp: 10 });
  await driver.pipeInput('readings', { key: 'a', value: 2, timestamp: 20 });
  await driver.commit();
  await driver.restart();
  await driver.pipeInput('readings', { key: 'a', value: 4, timestamp: 30 });
  assert.deepEqual((await read(driver)).at(-1), ['a', 0, 7]);
  assert.deepEqual([...driver.store('sums').entries()], [[{ key: 'a', window: { start: 0, end: HOUR } }, 7]]);
});

test('windows past the store\'s retention are dropped from the store and tombstoned in its changelog', async () => {
  const driver = createTopologyTestDriver(sums(TimeWindows.ofSizeWithNoGrace(HOUR)));
  await driver.pipeInput('readings', { key: 'a', value: 1, timestamp: 10 });
  await driver.pipeInput('readings', { key: 'a', value: 1, timestamp: HOUR + 10 });
  await driver.commit();
  assert.equal(driver.store('sums').size, 1);
  const changelog = driver.readRaw('test-app-sums-changelog');
  assert.equal(changelog.at(-2)?.value, null);
});

type TrendOutputs = { readonly growth: Output<string, number> };

test('a processor reads and writes a connected window store: the growth of a counter over the last two windows', async () => {
  const builder = new StreamsBuilder();
  const store = windowStore('last-per-minute', { keySerde: stringSerde, valueSerde: jsonSerde<number>(), windowSizeMs: 60_000, retentionMs: 120_000 });
  builder.addStateStore(store);
  const { growth } = builder.stream('counters', { key: stringSerde, value: jsonSerde<number>() }).process<TrendOutputs>(
    () => {
      let context: ProcessorContext<TrendOutputs>;
      let windows: WindowStore<string, number>;
      return {
        init(given) {
          context = given;
          windows = given.getWindowStore(store);
        },
        process(record) {
          const start = record.timestamp - (record.timestamp % 60_000);
          windows.put(record.key, record.value, start);
          const seen = [...windows.fetch(record.key, start - 60_000, start)];
          const first = seen[0]?.value ?? record.value;
          context.forward({ key: record.key, value: record.value - first, timestamp: record.timestamp }, 'growth');
        },
      };
    },
    { name: 'growth', stores: [store.name], outputs: ['growth'] },
  );
  growth.to('growth', { key: stringSerde, value: jsonSerde<number>() });
  const driver = createTopologyTestDriver(builder.build());
  for (const [value, timestamp] of [[5, 0], [8, 61_000], [9, 125_000]] as const) await driver.pipeInput('counters', { key: 'sda', value, timestamp });
  assert.deepEqual((await driver.readOutput<string, number>('growth')).map((out) => out.value), [0, 3, 1]);
});

test('with hopping windows, a late record updates only its windows that are still open', async () => {
  const metrics = createMemoryMetrics();
  const driver = createTopologyTestDriver(sums(TimeWindows.ofSizeWithNoGrace(HOUR).advanceBy(HOUR / 2)), { metrics });
  await driver.pipeInput('readings', { key: 'a', value: 1, timestamp: HOUR + 20 * 60_000 }); // in [30 min, 90 min) and [1 h, 2 h); closes [0, 1 h)
  await read(driver);
  await driver.pipeInput('readings', { key: 'a', value: 2, timestamp: HOUR - 1 }); // in [0, 1 h), closed, and [30 min, 90 min), open
  assert.deepEqual(await read(driver), [['a', HOUR / 2, 3]]);
  assert.equal(metrics.values.get('streams_records_late_total{operator=sums-aggregate}'), undefined, 'not late: one of its windows took it');
});

test('count() counts records per key and window', async () => {
  const builder = new StreamsBuilder();
  builder
    .stream('events', { key: stringSerde, value: stringSerde })
    .groupByKey()
    .windowedBy(TimeWindows.ofSizeWithNoGrace(HOUR))
    .count({ name: 'counts', keySerde: stringSerde, valueSerde: jsonSerde<number>() })
    .toStream()
    .to('counts', { key: windowedSerde(stringSerde, HOUR), value: jsonSerde<number>() });
  const driver = createTopologyTestDriver(builder.build());
  for (const timestamp of [1, 2, HOUR + 1]) await driver.pipeInput('events', { key: 'x', value: 'e', timestamp });
  assert.deepEqual((await driver.readOutput<{ window: { start: number } }, number>('counts')).map((out) => [out.key.window.start, out.value]), [[0, 1], [0, 2], [HOUR, 1]]);
});

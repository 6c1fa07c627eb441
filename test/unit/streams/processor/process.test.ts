import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  createTopologyTestDriver,
  jsonSerde,
  keyValueStore,
  StreamsBuilder,
  stringSerde,
  TopologyError,
  type KeyValueStore,
  type Output,
  type Processor,
  type ProcessorContext,
  type StreamRecord,
} from '../../../../src/streams/index.js';

interface Reading {
  readonly celsius: number;
}
type Outs = { readonly states: Output<string, number>; readonly alerts: Output<string, string> };

const readings = jsonSerde<Reading>();
const numbers = jsonSerde<number>();
const texts = jsonSerde<string>();

/** Keeps the last temperature per sensor; an alert when it crosses 50, and one when a sensor is quiet for 10 s of stream time. */
class Thermometer implements Processor<string, Reading, Outs> {
  #context!: ProcessorContext<Outs>;
  #last!: KeyValueStore<string, number>;
  #seen!: KeyValueStore<string, number>;

  init(context: ProcessorContext<Outs>): void {
    this.#context = context;
    this.#last = context.getStateStore<string, number>('last');
    this.#seen = context.getStateStore<string, number>('seen');
    context.schedule(1_000, 'stream-time', (now) => {
      for (const [sensor, at] of [...this.#seen.entries()]) {
        if (now - at < 10_000) continue;
        this.#seen.delete(sensor, now);
        context.forward({ key: sensor, value: `${sensor} quiet`, timestamp: now }, 'alerts');
      }
    });
  }

  process(record: StreamRecord<string, Reading>): void {
    const previous = this.#last.get(record.key);
    this.#last.put(record.key, record.value.celsius, record.timestamp);
    this.#seen.put(record.key, record.timestamp, record.timestamp);
    if (previous === record.value.celsius) return;
    this.#context.forward({ key: record.key, value: record.value.celsius, timestamp: record.timestamp }, 'states');
    if (record.value.celsius > 50 && (previous ?? 0) <= 50) this.#context.forward({ key: record.key, value: `${record.key} hot`, timestamp: record.timestamp }, 'alerts');
  }
}

function thermometerTopology() {
  const builder = new StreamsBuilder();
  builder.addStateStore(keyValueStore('last', { keySerde: stringSerde, valueSerde: numbers }));
  builder.addStateStore(keyValueStore('seen', { keySerde: stringSerde, valueSerde: numbers }));
  const { states, alerts } = builder
    .stream('readings', { key: stringSerde, value: readings })
    .process(() => new Thermometer(), { name: 'thermometer', stores: ['last', 'seen'], outputs: ['states', 'alerts'] });
  states.toTable('states', { key: stringSerde, value: numbers });
  alerts.to('alerts', { key: stringSerde, value: texts });
  return builder.build();
}

test('a processor forwards each record to the output it names, and only there', async () => {
  const driver = createTopologyTestDriver(thermometerTopology());
  for (const [key, celsius, timestamp] of [['s1', 40, 1000], ['s1', 40, 2000], ['s1', 55, 3000], ['s2', 20, 3500]] as const) {
    await driver.pipeInput('readings', { key, value: { celsius }, timestamp });
  }
  assert.deepEqual((await driver.readOutput<string, number>('states')).map((r) => [r.key, r.value, r.timestamp]), [['s1', 40, 1000], ['s1', 55, 3000], ['s2', 20, 3500]]);
  assert.deepEqual((await driver.readOutput<string, string>('alerts')).map((r) => r.value), ['s1 hot']);
});

test('a stream-time punctuation scheduled in init fires with the task time and forwards', async () => {
  const driver = createTopologyTestDriver(thermometerTopology());
  await driver.pipeInput('readings', { key: 's1', value: { celsius: 20 }, timestamp: 1000 });
  await driver.pipeInput('readings', { key: 's2', value: { celsius: 20 }, timestamp: 9000 });
  await driver.punctuate(5000); // stream time 9000: nobody quiet yet
  assert.deepEqual(await driver.readOutput('alerts'), []);
  await driver.punctuate(12_000);
  assert.deepEqual((await driver.readOutput<string, string>('alerts')).map((r) => [r.key, r.value, r.timestamp]), [['s1', 's1 quiet', 12_000]]);
  assert.equal(driver.store('seen').has('s1'), false);
});

test('processor state survives a restart through the changelogs of its connected stores', async () => {
  const driver = createTopologyTestDriver(thermometerTopology());
  await driver.pipeInput('readings', { key: 's1', value: { celsius: 55 }, timestamp: 1000 });
  await driver.restart();
  await driver.pipeInput('readings', { key: 's1', value: { celsius: 55 }, timestamp: 2000 });
  assert.deepEqual((await driver.readOutput<string, number>('states')).map((r) => r.value), [55], 'the restored state suppresses the repeat');
});

test('wall-clock punctuation fires on the injected clock, not on stream time', async () => {
  const builder = new StreamsBuilder();
  const { ticks } = builder.stream('in', { key: stringSerde, value: texts }).process<{ ticks: Output<string, string> }>(
    () => ({
      init(context) {
        context.schedule(60_000, 'wall-clock-time', (now) => context.forward({ key: 'tick', value: `at ${now} clock ${context.currentWallClockTime()}`, timestamp: now }, 'ticks'));
      },
      process: () => undefined,
    }),
    { name: 'ticker', outputs: ['ticks'] },
  );
  ticks.to('ticks', { key: stringSerde, value: texts });
  const driver = createTopologyTestDriver(builder.build());
  await driver.pipeInput('in', { key: 'k', value: 'v', timestamp: 10_000_000 });
  await driver.punctuate(1_000);
  await driver.punctuate(30_000); // within the interval: nothing
  await driver.punctuate(61_000);
  assert.deepEqual((await driver.readOutput<string, string>('ticks')).map((r) => r.value), ['at 1000 clock 1000', 'at 61000 clock 61000']);
});

test('processors connected to one store run in one sub-topology, whatever their inputs', () => {
  const builder = new StreamsBuilder();
  builder.addStateStore(keyValueStore('shared', { keySerde: stringSerde, valueSerde: texts }));
  const write = () => ({ process: () => undefined });
  builder.stream('left', { key: stringSerde, value: texts }).process<{ out: Output<string, string> }>(write, { name: 'left-side', stores: ['shared'], outputs: ['out'] });
  builder.stream('right', { key: stringSerde, value: texts }).process<{ out: Output<string, string> }>(write, { name: 'right-side', stores: ['shared'], outputs: ['out'] });
  const topology = builder.build();
  assert.equal(topology.subtopologies.length, 1);
  assert.deepEqual(topology.subtopologies[0]?.stores.map((store) => store.name), ['shared']);
  assert.match(topology.describe('app'), /Processor: left-side \(process, stores: shared\)/);
});

test('a processor that uses a store it is not connected to fails the record with a clear error', async () => {
  const builder = new StreamsBuilder();
  builder.addStateStore(keyValueStore('other', { keySerde: stringSerde, valueSerde: texts }));
  builder.stream('in2', { key: stringSerde, value: texts }).process<{ out: Output<string, string> }>(
    () => ({ process: () => undefined, init: (context) => void context.getStateStore('other') }),
    { name: 'sneaky', stores: [], outputs: ['out'] },
  );
  assert.throws(() => createTopologyTestDriver(builder.build()), (error: unknown) => error instanceof TopologyError && /not connected to processor sneaky/.test(error.message));
});

test('building fails for an unknown store name or an output the processor does not have', () => {
  const noStore = new StreamsBuilder();
  noStore.stream('in', { key: stringSerde, value: texts }).process<{ out: Output<string, string> }>(() => ({ process: () => undefined }), { name: 'p', stores: ['missing'], outputs: ['out'] });
  assert.throws(() => noStore.build(), /reads store missing/);
  assert.throws(
    () => new StreamsBuilder().stream('in', { key: stringSerde, value: texts }).process<{ out: Output<string, string> }>(() => ({ process: () => undefined }), { name: 'p', outputs: [] }),
    /declares no outputs/,
  );
});

test('forwarding to an output the processor did not declare fails the record', async () => {
  const builder = new StreamsBuilder();
  const { out } = builder.stream('in', { key: stringSerde, value: texts }).process<{ out: Output<string, string> }>(
    () => {
      let context: ProcessorContext<{ out: Output<string, string> }> | undefined;
      return {
        init: (given) => void (context = given),
        process: (record) => context?.forward({ key: record.key, value: record.value, timestamp: 0 }, 'elsewhere' as 'out'),
      };
    },
    { name: 'p', outputs: ['out'] },
  );
  out.to('out', { key: stringSerde, value: texts });
  const driver = createTopologyTestDriver(builder.build());
  await driver.pipeInput('in', { key: 'k', value: 'v', timestamp: 1 });
  assert.equal(driver.readRaw('dead-letter').length, 1);
  assert.deepEqual(await driver.readOutput('out'), []);
});

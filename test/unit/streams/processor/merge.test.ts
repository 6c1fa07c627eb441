import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createTopologyTestDriver, jsonSerde, keyValueStore, StreamsBuilder, stringSerde, type KeyValueStore, type Output } from '../../../../src/streams/index.js';

const texts = jsonSerde<string>();
const numbers = jsonSerde<number>();

test('a merged stream feeds one processor from two topics, in one sub-topology, in arrival order', async () => {
  const builder = new StreamsBuilder();
  builder.addStateStore(keyValueStore('seen', { keySerde: stringSerde, valueSerde: numbers }));
  const left = builder.stream('left', { key: stringSerde, value: texts });
  const right = builder.stream('right', { key: stringSerde, value: texts });
  const { counts } = left.merge(right, { name: 'both' }).process<{ counts: Output<string, number> }>(
    () => {
      let store: KeyValueStore<string, number>;
      let forward: (key: string, value: number, timestamp: number) => void;
      return {
        init(context) {
          store = context.getStateStore<string, number>('seen');
          forward = (key, value, timestamp) => context.forward({ key, value, timestamp }, 'counts');
        },
        process(record) {
          const count = (store.get(record.key) ?? 0) + 1;
          store.put(record.key, count, record.timestamp);
          forward(record.key, count, record.timestamp);
        },
      };
    },
    { name: 'counter', stores: ['seen'], outputs: ['counts'] },
  );
  counts.to('counts', { key: stringSerde, value: numbers });
  const topology = builder.build();
  assert.equal(topology.subtopologies.length, 1);
  assert.match(topology.describe('app'), /Source: source-0000 \(topic: left\) --> both/);
  assert.match(topology.describe('app'), /Source: source-0001 \(topic: right\) --> both/);
  const driver = createTopologyTestDriver(topology);
  await driver.pipeInput('left', { key: 'k', value: 'a', timestamp: 1 });
  await driver.pipeInput('right', { key: 'k', value: 'b', timestamp: 2 });
  await driver.pipeInput('left', { key: 'k', value: 'c', timestamp: 3 });
  assert.deepEqual((await driver.readOutput<string, number>('counts')).map((record) => record.value), [1, 2, 3]);
});

test('a merge of a processor output and a plain stream reads only that output', async () => {
  const builder = new StreamsBuilder();
  const source = builder.stream('in', { key: stringSerde, value: texts });
  const { odd } = source.process<{ odd: Output<string, string>; even: Output<string, string> }>(
    () => {
      let n = 0;
      let forward: (value: string, to: 'odd' | 'even') => void;
      return {
        init: (context) => void (forward = (value, to) => context.forward({ key: 'k', value, timestamp: 0 }, to)),
        process: (record) => forward(record.value, (n += 1) % 2 === 1 ? 'odd' : 'even'),
      };
    },
    { name: 'splitter', outputs: ['odd', 'even'] },
  );
  odd.merge(builder.stream('extra', { key: stringSerde, value: texts })).to('out', { key: stringSerde, value: texts });
  const driver = createTopologyTestDriver(builder.build());
  for (const value of ['1', '2', '3']) await driver.pipeInput('in', { key: 'k', value, timestamp: 0 });
  await driver.pipeInput('extra', { key: 'k', value: 'x', timestamp: 0 });
  assert.deepEqual((await driver.readOutput<string, string>('out')).map((record) => record.value), ['1', '3', 'x']);
});

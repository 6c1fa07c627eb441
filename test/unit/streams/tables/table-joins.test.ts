import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { createTopologyTestDriver, jsonSerde, keyListSerde, keyValueStore, StreamsBuilder, stringSerde, type KTable } from '../../../../src/streams/index.js';

interface Brick {
  readonly drives: readonly string[];
}
interface Drive {
  readonly failing: boolean;
}
interface BrickHealth {
  readonly brick: string;
  readonly failing: readonly string[];
}

const bricksSerde = jsonSerde<Brick>();
const drivesSerde = jsonSerde<Drive>();
const healthSerde = jsonSerde<BrickHealth>();

/** Bricks and drives as tables of one task (one input topic, split by key prefix), joined by the drives each brick names. */
function brickHealthTopology(options: { left: boolean; calls?: { count: number } }) {
  const builder = new StreamsBuilder();
  const input = builder.stream('storage', { key: stringSerde, value: jsonSerde<Brick | Drive | null>() });
  const split = input.branch({ brick: (_value, record) => record.key.startsWith('brick:'), drive: () => true });
  const bricks = split.brick.toTable({ name: 'bricks', store: keyValueStore('bricks', { keySerde: stringSerde, valueSerde: bricksSerde }) }) as KTable<string, Brick>;
  const drives = split.drive.toTable({ name: 'drives', store: keyValueStore('drives', { keySerde: stringSerde, valueSerde: drivesSerde }) }) as KTable<string, Drive>;
  const store = keyValueStore('brick-health', { keySerde: stringSerde, valueSerde: healthSerde });
  const joined = { name: 'brick-health', store };
  const health = options.left
    ? bricks.leftJoin(drives, (brick) => brick.drives, (brick, found) => {
        if (options.calls !== undefined) options.calls.count += 1;
        return { brick: brick.drives.join('+'), failing: brick.drives.filter((_drive, index) => found[index]?.failing !== false) };
      }, joined)
    : bricks.join(drives, (brick) => brick.drives, (brick, found) => {
        if (options.calls !== undefined) options.calls.count += 1;
        return { brick: brick.drives.join('+'), failing: brick.drives.filter((_drive, index) => found[index]?.failing === true) };
      }, joined);
  health.toStream().toTable('health', { key: stringSerde, value: healthSerde });
  return builder.build();
}

async function put(driver: ReturnType<typeof createTopologyTestDriver>, key: string, value: Brick | Drive | null, timestamp: number): Promise<void> {
  await driver.pipeInput('storage', { key, value, timestamp });
}

describe('KTable foreign-key join (tables of one task)', () => {
  test('a row joins the rows its value names; a change of one of those rows updates only the rows that name it', async () => {
    const driver = createTopologyTestDriver(brickHealthTopology({ left: false }));
    await put(driver, 'sda', { failing: false }, 1);
    await put(driver, 'sdb', { failing: false }, 2);
    await put(driver, 'sdc', { failing: false }, 3);
    await put(driver, 'brick:b1', { drives: ['sda', 'sdb'] }, 4);
    await put(driver, 'brick:b2', { drives: ['sdc'] }, 5);
    assert.deepEqual((await driver.readOutput<string, BrickHealth>('health')).map((r) => [r.key, r.value?.failing]), [['brick:b1', []], ['brick:b2', []]]);

    await put(driver, 'sdb', { failing: true }, 6);
    assert.deepEqual((await driver.readOutput<string, BrickHealth>('health')).map((r) => [r.key, r.value?.failing, r.timestamp]), [['brick:b1', ['sdb'], 6]]);
    await put(driver, 'sdb', { failing: true }, 7);
    assert.deepEqual(await driver.readOutput('health'), [], 'an unchanged result is not forwarded again');
  });

  test('an inner join has a result only while every named row is there; a missing one deletes it', async () => {
    const driver = createTopologyTestDriver(brickHealthTopology({ left: false }));
    await put(driver, 'brick:b1', { drives: ['sda', 'sdb'] }, 1);
    await put(driver, 'sda', { failing: false }, 2);
    assert.deepEqual(await driver.readOutput('health'), [], 'sdb is not known yet');
    await put(driver, 'sdb', { failing: false }, 3);
    assert.deepEqual((await driver.readOutput<string, BrickHealth>('health')).map((r) => [r.key, r.value]), [['brick:b1', { brick: 'sda+sdb', failing: [] }]]);
    await put(driver, 'sdb', null, 4);
    assert.deepEqual((await driver.readOutput<string, BrickHealth>('health')).map((r) => [r.key, r.value]), [['brick:b1', null]]);
    await put(driver, 'brick:b1', null, 5);
    assert.deepEqual(await driver.readOutput('health'), [], 'no second tombstone for a result already gone');
  });

  test('a left join joins what is missing as null, and follows a row that names other keys', async () => {
    const driver = createTopologyTestDriver(brickHealthTopology({ left: true }));
    await put(driver, 'brick:b1', { drives: ['sda'] }, 1);
    assert.deepEqual((await driver.readOutput<string, BrickHealth>('health')).map((r) => r.value?.failing), [['sda']], 'unknown counts as failing in this joiner');
    await put(driver, 'sda', { failing: false }, 2);
    assert.deepEqual((await driver.readOutput<string, BrickHealth>('health')).map((r) => r.value?.failing), [[]]);
    await put(driver, 'brick:b1', { drives: ['sdz'] }, 3);
    assert.deepEqual((await driver.readOutput<string, BrickHealth>('health')).map((r) => r.value?.failing), [['sdz']]);
    await put(driver, 'sda', { failing: true }, 4);
    assert.deepEqual(await driver.readOutput('health'), [], 'b1 no longer names sda: its subscription moved');
    assert.deepEqual([...driver.store('brick-health-subscriptions').keys()], ['sdz']);
  });

  test('a drive change costs joiner calls for the rows that name it, whatever the size of the tables', async () => {
    const calls = { count: 0 };
    const driver = createTopologyTestDriver(brickHealthTopology({ left: false, calls }));
    for (let index = 0; index < 500; index += 1) {
      await put(driver, `d${index}`, { failing: false }, index);
      await put(driver, `brick:b${index}`, { drives: [`d${index}`] }, index);
    }
    await put(driver, 'brick:shared', { drives: ['d7', 'd8'] }, 600);
    calls.count = 0;
    await put(driver, 'd7', { failing: true }, 601);
    assert.equal(calls.count, 2, 'brick b7 and the brick on d7 and d8, not the other 499');
  });

  test('the join state survives a restart: its subscriptions are restored from their changelog', async () => {
    const driver = createTopologyTestDriver(brickHealthTopology({ left: false }));
    await put(driver, 'sda', { failing: false }, 1);
    await put(driver, 'brick:b1', { drives: ['sda'] }, 2);
    await driver.readOutput('health');
    await driver.restart();
    await put(driver, 'sda', { failing: true }, 3);
    assert.deepEqual((await driver.readOutput<string, BrickHealth>('health')).map((r) => [r.key, r.value?.failing]), [['brick:b1', ['sda']]]);
  });
});

describe('KTable primary-key join', () => {
  function topology(left: boolean) {
    const builder = new StreamsBuilder();
    const names = builder.table('names', { key: stringSerde, value: jsonSerde<string>() });
    const ages = builder.table('ages', { key: stringSerde, value: jsonSerde<number>() });
    const store = keyValueStore('people', { keySerde: stringSerde, valueSerde: jsonSerde<string>() });
    const people = left
      ? names.leftJoin(ages, (name, age) => `${name}:${age ?? '?'}`, { name: 'people', store })
      : names.join(ages, (name, age) => `${name}:${age}`, { name: 'people', store });
    people.toStream().toTable('people', { key: stringSerde, value: jsonSerde<string>() });
    return builder.build();
  }

  test('inner: a result while both sides have the key, updated from either side, deleted when one goes', async () => {
    const driver = createTopologyTestDriver(topology(false));
    await driver.pipeInput('names', { key: 'p1', value: 'ann', timestamp: 1 });
    assert.deepEqual(await driver.readOutput('people'), []);
    await driver.pipeInput('ages', { key: 'p1', value: 30, timestamp: 2 });
    await driver.pipeInput('ages', { key: 'p1', value: 31, timestamp: 3 });
    await driver.pipeInput('names', { key: 'p1', value: null, timestamp: 4 });
    assert.deepEqual((await driver.readOutput<string, string>('people')).map((r) => r.value), ['ann:30', 'ann:31', null]);
  });

  test('left: every row of this table has a result', async () => {
    const driver = createTopologyTestDriver(topology(true));
    await driver.pipeInput('ages', { key: 'p2', value: 40, timestamp: 1 });
    await driver.pipeInput('names', { key: 'p1', value: 'bob', timestamp: 2 });
    assert.deepEqual((await driver.readOutput<string, string>('people')).map((r) => [r.key, r.value]), [['p1', 'bob:?']]);
  });
});

test('keyListSerde writes keys with their own serde and reads them back', () => {
  const serde = keyListSerde(stringSerde);
  const bytes = serde.serialize(['a', 'b\u0000c'], 't') as Buffer;
  assert.deepEqual(serde.deserialize(bytes, 't'), ['a', 'b\u0000c']);
  assert.throws(() => serde.deserialize(Buffer.from('{"not":"a list"}'), 't'), /JSON array/);
});

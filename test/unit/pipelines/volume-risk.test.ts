import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { buildGlusterTopology, type GlusterSerdes } from '../../../pipelines/gluster-topology.js';
import { taggedJsonSerde } from '../../../pipelines/internal-serde.js';
import { DEFAULT_PIPELINE_SETTINGS } from '../../../pipelines/pipeline-settings.js';
import { topicNames } from '../../../src/kafka/index.js';
import { rawKeyOf, type Alert, type RawPropertyChange, type VolumeState } from '../../../src/serde/index.js';
import { createTopologyTestDriver, type TopologyTestDriver } from '../../../src/streams/index.js';
import { blockRecord, driveRecords, smartFailingChange } from '../../fixtures/disk-records.js';
import { BRICK_INTERFACE, brickPath, rawRecord, STORAGED, UDISKS, volumePath, volumeRecord } from '../../fixtures/raw-records.js';

const names = topicNames('gluster');
const json = taggedJsonSerde<never>();
const serdes: GlusterSerdes = { rawKey: json, rawValue: json, volumes: json, bricks: json, drives: json, nodes: json, alerts: json };
const NODES = ['a', 'b', 'c'].map((letter, index) => ({ nodeId: `node-${letter}`, glusterUuid: `${letter.repeat(8)}-0000-4000-8000-00000000000${index + 1}`, brick: `srv-${letter}:/bricks/b1/data`, drive: `/org/freedesktop/UDisks2/drives/WDC_${letter}` }));
const BRICKS = NODES.map((node) => node.brick);
const REPLICA3 = { type: 'Replicate', replicaCount: 3, arbiterCount: 0, disperseCount: 0, redundancyCount: 0 };

async function feed(driver: TopologyTestDriver, records: readonly RawPropertyChange[]): Promise<void> {
  for (const record of records) await driver.pipeInput(names.raw, { key: rawKeyOf(record), value: record, timestamp: record.observedAt });
}

/** Every node's exporter reports `brick` with `online` (every node exports every brick). */
function brickOnline(brick: string, online: boolean, at: number, kind: 'SNAPSHOT' | 'CHANGED' = 'CHANGED'): RawPropertyChange[] {
  const host = NODES.find((node) => node.brick === brick) ?? assert.fail(brick);
  return NODES.map((node, index) =>
    rawRecord({ ...node, at: at + index, kind }, { busName: STORAGED, objectPath: brickPath(brick), interface: BRICK_INTERFACE }, {
      ...(kind === 'SNAPSHOT' ? { hostUuid: { signature: 's', value: host.glusterUuid }, name: { signature: 's', value: brick }, volume: { signature: 'o', value: volumePath('gv0') } } : {}),
      online: { signature: 'b', value: online },
    }),
  );
}

/** Moves the volume tasks' stream time to `at` with a report that changes nothing and runs the punctuators, so the offline grace (5 s) is re-evaluated. */
async function advance(driver: TopologyTestDriver, at: number): Promise<void> {
  await feed(driver, [volumeRecord({ ...NODES[0]!, at }, { name: 'gv0', status: 1 })]);
  await driver.punctuate(at);
}

async function started(): Promise<TopologyTestDriver> {
  const driver = createTopologyTestDriver(buildGlusterTopology({ names, serdes, settings: DEFAULT_PIPELINE_SETTINGS }));
  for (const node of NODES) {
    await feed(driver, [
      ...driveRecords(node, 1_000, { path: node.drive, model: 'WDC', serial: node.nodeId }),
      ...blockRecord(node, 1_000, { path: `/org/freedesktop/UDisks2/block_devices/sdb1_${node.nodeId}`, device: '/dev/sdb1', drive: node.drive, mountPoints: ['/bricks/b1'] }),
    ]);
  }
  await feed(driver, NODES.map((node, index) => volumeRecord({ ...node, at: 2_000 + index, kind: 'SNAPSHOT' }, { name: 'gv0', id: '9e0c7d5e-3c1a-4a57-9d7e-4b2f3b1a0c11', status: 1, brickcount: 3, bricks: BRICKS, layout: REPLICA3 })));
  for (const brick of BRICKS) await feed(driver, brickOnline(brick, true, 2_100, 'SNAPSHOT'));
  return driver;
}

const risks = async (driver: TopologyTestDriver): Promise<(VolumeState['risk'] | undefined)[]> => (await driver.readOutput<string, VolumeState>(names.volumes)).map((record) => record.value?.risk);
const volumeAlerts = async (driver: TopologyTestDriver): Promise<[string, string][]> =>
  (await driver.readOutput<string, Alert>(names.alerts)).filter((record) => record.value?.type.startsWith('VOLUME_') === true && record.value.type !== 'VOLUME_STOPPED').map((record) => [record.value?.type ?? '', record.value?.state ?? '']);

describe('volume risk in the Gluster topology (test driver): layout, bricks online, drives', () => {
  test('a replica 3 volume: healthy; a brick down raises VOLUME_AT_RISK once however many nodes report it; a failing drive on another brick shows as evidence; all well resolves it', async () => {
    const driver = await started();
    const first = (await risks(driver)).at(-1);
    assert.deepEqual([first?.level, first?.tolerates, first?.designedTolerance, first?.sets.length], ['HEALTHY', 1, 1, 1]);
    assert.deepEqual(await volumeAlerts(driver), []);

    await feed(driver, brickOnline(BRICKS[2]!, false, 3_000));
    assert.deepEqual(await risks(driver), [], 'offline for less than the grace: nothing yet');
    await advance(driver, 8_100);
    const down = (await risks(driver)).at(-1);
    assert.equal(down?.level, 'AT_RISK');
    assert.deepEqual(down?.sets[0]?.bricks.map((brick) => [brick.name, brick.condition, brick.nodeId]), [
      [BRICKS[0], 'UP', 'node-a'], [BRICKS[1], 'UP', 'node-b'], [BRICKS[2], 'DOWN', 'node-c'],
    ]);
    const raised = (await driver.readOutput<string, Alert>(names.alerts)).filter((record) => record.value?.type === 'VOLUME_AT_RISK');
    assert.equal(raised.length, 1, 'one alert, though three nodes reported the brick offline');
    assert.deepEqual([raised[0]?.key, raised[0]?.value?.state, raised[0]?.value?.evidence['bricks'], raised[0]?.value?.evidence['nodes']], ['VOLUME_AT_RISK|gv0', 'RAISED', `${BRICKS[2]}:DOWN`, 'node-c']);

    await feed(driver, [smartFailingChange(NODES[1]!, 9_000, NODES[1]!.drive, true)]);
    const threatened = (await risks(driver)).at(-1);
    assert.deepEqual(threatened?.sets[0]?.bricks[1]?.condition, 'THREATENED');
    assert.deepEqual(threatened?.sets[0]?.bricks[1]?.reasons, ['drive WDC node-b failing SMART']);
    assert.deepEqual(await volumeAlerts(driver), [], 'still the same condition: no second alert');

    await feed(driver, brickOnline(BRICKS[2]!, true, 10_000));
    assert.equal((await risks(driver)).at(-1)?.level, 'AT_RISK', 'the brick on the failing drive keeps it at risk');
    await feed(driver, [smartFailingChange(NODES[1]!, 11_000, NODES[1]!.drive, false)]);
    assert.equal((await risks(driver)).at(-1)?.level, 'HEALTHY');
    assert.deepEqual(await volumeAlerts(driver), [['VOLUME_AT_RISK', 'RESOLVED']]);
  });

  test('a drive predicted to fail (DRIVE_DEGRADING: an attribute newly failed in the past) counts toward the risk before the drive reports its own failure', async () => {
    const driver = await started();
    await driver.readOutput(names.alerts);
    const failedInThePast = (count: number, at: number): RawPropertyChange =>
      rawRecord({ ...NODES[0]!, at }, { busName: UDISKS, objectPath: NODES[0]!.drive, interface: 'org.freedesktop.UDisks2.Drive.Ata' }, { SmartNumAttributesFailedInThePast: { signature: 'i', value: count } });
    await feed(driver, [failedInThePast(0, 3_000), failedInThePast(1, 60_000)]);
    const alerts = (await driver.readOutput<string, Alert>(names.alerts)).map((record) => [record.value?.type, record.value?.state]);
    assert.deepEqual(alerts.filter(([type]) => type === 'DRIVE_DEGRADING' || type === 'VOLUME_AT_RISK' || type === 'DRIVE_SMART_FAILING'), [['DRIVE_DEGRADING', 'RAISED'], ['VOLUME_AT_RISK', 'RAISED']]);
    const brick = (await risks(driver)).at(-1)?.sets[0]?.bricks[0];
    assert.deepEqual([brick?.name, brick?.condition, brick?.reasons], [BRICKS[0], 'THREATENED', ['drive WDC node-a predicted to fail']]);
  });

  test('two bricks down: VOLUME_AT_RISK resolves as VOLUME_UNAVAILABLE raises; stopping the volume resolves it and drops the risk', async () => {
    const driver = await started();
    await feed(driver, brickOnline(BRICKS[0]!, false, 3_000));
    await advance(driver, 8_000);
    await feed(driver, brickOnline(BRICKS[1]!, false, 8_100));
    await advance(driver, 13_100);
    assert.deepEqual(await volumeAlerts(driver), [['VOLUME_AT_RISK', 'RAISED'], ['VOLUME_UNAVAILABLE', 'RAISED'], ['VOLUME_AT_RISK', 'RESOLVED']]);
    await feed(driver, NODES.map((node, index) => volumeRecord({ ...node, at: 14_000 + index }, { name: 'gv0', status: 2 })));
    assert.equal((await risks(driver)).at(-1), null, 'a stopped volume has no risk: its bricks are offline by design');
    assert.deepEqual(await volumeAlerts(driver), [['VOLUME_UNAVAILABLE', 'RESOLVED']]);
  });

  test('a volume start whose bricks read offline (from when it was created) until they come up within the grace raises nothing', async () => {
    const driver = createTopologyTestDriver(buildGlusterTopology({ names, serdes, settings: DEFAULT_PIPELINE_SETTINGS }));
    await feed(driver, NODES.map((node, index) => volumeRecord({ ...node, at: 1_000 + index, kind: 'SNAPSHOT' }, { name: 'gv0', status: 0, brickcount: 3, bricks: BRICKS, layout: REPLICA3 })));
    for (const brick of BRICKS) await feed(driver, brickOnline(brick, false, 1_100, 'SNAPSHOT'));
    await feed(driver, NODES.map((node, index) => volumeRecord({ ...node, at: 20_000 + index }, { name: 'gv0', status: 1 })));
    await advance(driver, 22_000);
    for (const brick of BRICKS) await feed(driver, brickOnline(brick, true, 23_000));
    await advance(driver, 30_000);
    assert.deepEqual((await risks(driver)).map((risk) => risk?.level ?? null).filter((level) => level !== null), ['HEALTHY'], 'created (no risk, one state per node joining), then started and healthy, never worse');
    assert.deepEqual(await volumeAlerts(driver), []);
    // A brick that stays offline after a start counts as DOWN once the grace has passed since the start.
    await feed(driver, brickOnline(BRICKS[0]!, false, 31_000));
    await advance(driver, 35_000);
    assert.deepEqual(await volumeAlerts(driver), [], 'within the grace');
    await advance(driver, 36_100);
    assert.deepEqual(await volumeAlerts(driver), [['VOLUME_AT_RISK', 'RAISED']]);
  });

  test('no risk until every brick\'s online state is known, nor without a layout (an exporter without the extension)', async () => {
    const driver = createTopologyTestDriver(buildGlusterTopology({ names, serdes, settings: DEFAULT_PIPELINE_SETTINGS }));
    await feed(driver, [volumeRecord({ ...NODES[0]!, at: 1_000, kind: 'SNAPSHOT' }, { name: 'gv0', status: 1, brickcount: 3, bricks: BRICKS, layout: REPLICA3 })]);
    await feed(driver, brickOnline(BRICKS[0]!, true, 1_100, 'SNAPSHOT'));
    assert.deepEqual((await risks(driver)).map((risk) => risk?.level ?? null), [null]);
    await feed(driver, [...brickOnline(BRICKS[1]!, true, 1_200, 'SNAPSHOT'), ...brickOnline(BRICKS[2]!, true, 1_300, 'SNAPSHOT')]);
    assert.deepEqual((await risks(driver)).map((risk) => risk?.level ?? null), ['HEALTHY']);

    const legacy = createTopologyTestDriver(buildGlusterTopology({ names, serdes, settings: DEFAULT_PIPELINE_SETTINGS }));
    await feed(legacy, [volumeRecord({ ...NODES[0]!, at: 1_000, kind: 'SNAPSHOT' }, { name: 'gv0', status: 1, brickcount: 3, bricks: BRICKS })]);
    for (const brick of BRICKS) await feed(legacy, brickOnline(brick, true, 1_100, 'SNAPSHOT'));
    const states = await legacy.readOutput<string, VolumeState>(names.volumes);
    assert.deepEqual([states.at(-1)?.value?.layout, states.at(-1)?.value?.risk], [null, null]);
  });
});

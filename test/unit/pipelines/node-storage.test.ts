import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { BrickFact } from '../../../pipelines/brick-registry/brick-registry.js';
import { diskRoleOf } from '../../../pipelines/node-storage/disk-objects.js';
import type { NodeStorageInput } from '../../../pipelines/node-storage/node-storage.js';
import { DEFAULT_PIPELINE_SETTINGS } from '../../../pipelines/pipeline-settings.js';
import { storageEntityKey } from '../../../pipelines/node-storage/storage-state.js';
import type { TopologyTestDriver } from '../../../src/streams/index.js';
import { nodeStorageDriver } from './node-storage-driver.js';
import type { Alert, BrickState, DriveState, RawPropertyChange } from '../../../src/serde/index.js';
import { blockRecord, driveRecords, logicalVolumeRecord, smartFailingChange, type NodeRef } from '../../fixtures/disk-records.js';

const NODE: NodeRef = { nodeId: 'node-a', glusterUuid: '11111111-2222-3333-4444-555555555555' };
const SETTINGS = { ...DEFAULT_PIPELINE_SETTINGS, temperatureHighCelsius: 60 };
const D = '/org/freedesktop/UDisks2/drives/';
const B = '/org/freedesktop/UDisks2/block_devices/';

const disk = (record: RawPropertyChange): NodeStorageInput => {
  const role = diskRoleOf(record);
  assert.ok(role, `no disk role for ${record.interface}`);
  return { type: 'disk', record };
};
const brick = (name: string, at: number, present = true): NodeStorageInput => ({
  type: 'brick',
  at,
  fact: { brickPath: `/brick/${name}`, name, hostUuid: NODE.glusterUuid, volume: 'gv0', present } satisfies BrickFact,
});

interface Step {
  readonly drives: { key: string; value: DriveState | null }[];
  readonly bricks: { key: string; value: BrickState | null }[];
  readonly alerts: Alert[];
}

function newStorage(): TopologyTestDriver {
  return nodeStorageDriver(SETTINGS);
}

async function play(inputs: readonly NodeStorageInput[], storage: TopologyTestDriver = newStorage()): Promise<{ storage: TopologyTestDriver; steps: Step[] }> {
  const steps: Step[] = [];
  for (const input of inputs) {
    await storage.pipeInput('storage-input', { key: NODE.glusterUuid, value: input, timestamp: input.type === 'brick' ? input.at : input.record.observedAt });
    const read = async <V>(topic: string) => (await storage.readOutput<string, V>(topic)).map(({ key, value }) => ({ key, value }));
    steps.push({ drives: await read<DriveState>('drives'), bricks: await read<BrickState>('bricks'), alerts: (await read<Alert>('alerts')).flatMap(({ value }) => (value === null ? [] : [value])) });
  }
  return { storage, steps };
}
const brickOf = (storage: TopologyTestDriver, name: string): BrickState | undefined =>
  [...storage.store('brick-states').values()].map((entry) => (entry as { state: BrickState }).state).find((state) => state.name === name);
const driveOf = (storage: TopologyTestDriver, path: string): DriveState | undefined =>
  (storage.store('storage-drives').get(storageEntityKey(NODE.glusterUuid, path)) as { state: DriveState } | undefined)?.state;
const alertsOf = (steps: readonly Step[]) => steps.flatMap((step) => step.alerts).map((alert) => `${alert.type} ${alert.state} ${alert.alertId}`);

/** sda → sda1 (xfs at /bricks/b1). */
const plainDisk = (at: number): NodeStorageInput[] =>
  [
    ...driveRecords(NODE, at, { path: `${D}WDC_A`, model: 'WDC', serial: 'A1' }),
    ...blockRecord(NODE, at, { path: `${B}sda`, device: '/dev/sda', drive: `${D}WDC_A` }),
    ...blockRecord(NODE, at, { path: `${B}sda1`, device: '/dev/sda1', drive: `${D}WDC_A`, mountPoints: ['/bricks/b1'] }),
  ].map(disk);

describe('node storage: the brick ↔ drive SMART join', () => {
  test('a drive under a brick starts failing: BRICK_ON_FAILING_DRIVE names volume, brick, node and drive; recovery resolves it', async () => {
    const known = await play([...plainDisk(1_000), brick('srv1:/bricks/b1/data', 1_001)]);
    assert.equal(brickOf(known.storage, 'srv1:/bricks/b1/data')?.health, 'HEALTHY');
    assert.deepEqual(brickOf(known.storage, 'srv1:/bricks/b1/data')?.blockDevices, ['/dev/sda1']);

    const failing = await play([disk(smartFailingChange(NODE, 5_000, `${D}WDC_A`, true))], known.storage);
    const raised = failing.steps.flatMap((step) => step.alerts).find((alert) => alert.type === 'BRICK_ON_FAILING_DRIVE');
    assert.ok(raised);
    assert.equal(raised.state, 'RAISED');
    assert.equal(raised.severity, 'CRITICAL');
    assert.equal(raised.volume, 'gv0');
    assert.equal(raised.brick, 'srv1:/bricks/b1/data');
    assert.equal(raised.nodeId, 'node-a');
    assert.equal(raised.drive, 'WDC A1');
    assert.deepEqual(alertsOf(failing.steps).sort(), ['BRICK_ON_FAILING_DRIVE RAISED BRICK_ON_FAILING_DRIVE|srv1:/bricks/b1/data', 'DRIVE_SMART_FAILING RAISED DRIVE_SMART_FAILING|node-a|/org/freedesktop/UDisks2/drives/WDC_A']);
    assert.equal(failing.steps[0]?.bricks[0]?.value?.health, 'FAILING');

    const repeated = await play([disk(smartFailingChange(NODE, 6_000, `${D}WDC_A`, true))], failing.storage);
    assert.deepEqual(alertsOf(repeated.steps), [], 'repeated evidence raises nothing');
    assert.deepEqual(repeated.steps[0]?.drives, [], 'and writes no state');

    const recovered = await play([disk(smartFailingChange(NODE, 9_000, `${D}WDC_A`, false))], repeated.storage);
    assert.deepEqual(alertsOf(recovered.steps).map((line) => line.split(' ').slice(0, 2).join(' ')).sort(), ['BRICK_ON_FAILING_DRIVE RESOLVED', 'DRIVE_SMART_FAILING RESOLVED']);
  });

  test('a drive that is failing before the brick appears raises as soon as the brick is known', async () => {
    const failingFirst = await play([...plainDisk(1_000), disk(smartFailingChange(NODE, 2_000, `${D}WDC_A`, true))]);
    assert.deepEqual(alertsOf(failingFirst.steps).map((line) => line.split(' ')[0]), ['DRIVE_SMART_FAILING']);
    const brickArrives = await play([brick('srv1:/bricks/b1/data', 3_000)], failingFirst.storage);
    assert.deepEqual(alertsOf(brickArrives.steps).map((line) => line.split(' ').slice(0, 2).join(' ')), ['BRICK_ON_FAILING_DRIVE RAISED']);
  });

  test('a brick on an LVM thin LV in a pool over two drives maps to both drives', async () => {
    const vg = '/org/freedesktop/UDisks2/lvm/vg0';
    const inputs = [
      ...driveRecords(NODE, 1, { path: `${D}D1`, model: 'M', serial: 'S1' }),
      ...driveRecords(NODE, 1, { path: `${D}D2`, model: 'M', serial: 'S2' }),
      ...blockRecord(NODE, 1, { path: `${B}sdb`, device: '/dev/sdb', drive: `${D}D1`, pvOf: vg }),
      ...blockRecord(NODE, 1, { path: `${B}sdc`, device: '/dev/sdc', drive: `${D}D2`, pvOf: vg }),
      logicalVolumeRecord(NODE, 1, { path: `${vg}/pool`, name: 'pool', volumeGroup: vg, segs: [`${B}sdb`, `${B}sdc`] }),
      logicalVolumeRecord(NODE, 1, { path: `${vg}/thin1`, name: 'thin1', volumeGroup: vg, thinPool: `${vg}/pool` }),
      ...blockRecord(NODE, 1, { path: `${B}dm_2d3`, device: '/dev/mapper/vg0-thin1', logicalVolume: `${vg}/thin1`, mountPoints: ['/bricks/thin'] }),
    ].map(disk);
    const { storage } = await play([...inputs, brick('srv1:/bricks/thin/b', 2)]);
    const state = brickOf(storage, 'srv1:/bricks/thin/b');
    assert.deepEqual(state?.drives.map((drive) => drive.drivePath), [`${D}D1`, `${D}D2`]);
    assert.deepEqual(state?.blockDevices, ['/dev/mapper/vg0-thin1', '/dev/sdb', '/dev/sdc']);
    assert.equal(state?.health, 'HEALTHY');

    const oneFails = await play([disk(smartFailingChange(NODE, 3, `${D}D2`, true))], storage);
    assert.equal(brickOf(oneFails.storage, 'srv1:/bricks/thin/b')?.health, 'FAILING', 'any failing drive beneath puts the brick at risk');
  });

  test('a brick on MD RAID1 (behind LUKS) maps to both member drives', async () => {
    const md = '/org/freedesktop/UDisks2/mdraid/md0';
    const inputs = [
      ...driveRecords(NODE, 1, { path: `${D}D1`, model: 'M', serial: 'S1' }),
      ...driveRecords(NODE, 1, { path: `${D}D2`, model: 'M', serial: 'S2' }),
      ...blockRecord(NODE, 1, { path: `${B}sdb1`, device: '/dev/sdb1', drive: `${D}D1`, mdRaidMember: md }),
      ...blockRecord(NODE, 1, { path: `${B}sdc1`, device: '/dev/sdc1', drive: `${D}D2`, mdRaidMember: md }),
      ...blockRecord(NODE, 1, { path: `${B}md0`, device: '/dev/md0', mdRaid: md }),
      ...blockRecord(NODE, 1, { path: `${B}dm_2d0`, device: '/dev/mapper/luks-md0', crypto: `${B}md0`, mountPoints: ['/bricks/raid'] }),
    ].map(disk);
    const { storage } = await play([...inputs, brick('srv1:/bricks/raid/b', 2)]);
    const state = brickOf(storage, 'srv1:/bricks/raid/b');
    assert.deepEqual(state?.drives.map((drive) => drive.drivePath), [`${D}D1`, `${D}D2`]);
    assert.deepEqual(state?.blockDevices, ['/dev/mapper/luks-md0', '/dev/md0', '/dev/sdb1', '/dev/sdc1']);
  });

  test('the longest mount-point prefix wins and an unmapped brick is UNKNOWN with the reason', async () => {
    const nested = [
      ...plainDisk(1),
      ...[
        ...driveRecords(NODE, 1, { path: `${D}D9`, model: 'N', serial: '9' }),
        ...blockRecord(NODE, 1, { path: `${B}sdz1`, device: '/dev/sdz1', drive: `${D}D9`, mountPoints: ['/bricks/b1/inner'] }),
      ].map(disk),
    ];
    const { storage } = await play([...nested, brick('srv1:/bricks/b1/inner/x', 2), brick('srv1:/elsewhere/x', 2)]);
    assert.deepEqual(brickOf(storage, 'srv1:/bricks/b1/inner/x')?.drives.map((drive) => drive.drivePath), [`${D}D9`]);
    assert.equal(brickOf(storage, 'srv1:/elsewhere/x')?.health, 'UNKNOWN');
    assert.match(brickOf(storage, 'srv1:/elsewhere/x')?.healthReasons[0] ?? '', /no filesystem is mounted/);
  });

  test('a hot drive raises DRIVE_TEMPERATURE_HIGH once; removing the brick tombstones it', async () => {
    const hot = await play([...driveRecords(NODE, 1, { path: `${D}HOT`, model: 'H', serial: '1', kelvin: 273.15 + 65 })].map(disk));
    assert.deepEqual(alertsOf(hot.steps).map((line) => line.split(' ').slice(0, 2).join(' ')), ['DRIVE_TEMPERATURE_HIGH RAISED']);
    assert.equal(driveOf(hot.storage, `${D}HOT`)?.temperatureCelsius, 65);

    const withBrick = await play([...plainDisk(2), brick('srv1:/bricks/b1/d', 3)], hot.storage);
    const removed = await play([brick('srv1:/bricks/b1/d', 4, false)], withBrick.storage);
    assert.deepEqual(removed.steps[0]?.bricks, [{ key: 'srv1:/bricks/b1/d', value: null }]);
  });
});

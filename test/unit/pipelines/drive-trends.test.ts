import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { BrickFact } from '../../../pipelines/brick-registry/brick-registry.js';
import { driveTrendOf, type CounterSpan, type HeatSpan } from '../../../pipelines/node-storage/drive-trend-rules.js';
import type { NodeStorageInput } from '../../../pipelines/node-storage/node-storage.js';
import { DEFAULT_PIPELINE_SETTINGS, pipelineSettingsSchema } from '../../../pipelines/pipeline-settings.js';
import type { Alert, BrickState, DriveState, TypedDbusValue } from '../../../src/serde/index.js';
import type { TopologyTestDriver } from '../../../src/streams/index.js';
import { nodeStorageDriver } from './node-storage-driver.js';
import { blockRecord, driveRecords, type NodeRef } from '../../fixtures/disk-records.js';
import { rawRecord, UDISKS } from '../../fixtures/raw-records.js';

const NODE: NodeRef = { nodeId: 'node-a', glusterUuid: '11111111-2222-3333-4444-555555555555' };
const SETTINGS = DEFAULT_PIPELINE_SETTINGS;
const DRIVE = '/org/freedesktop/UDisks2/drives/WDC_A';
const DRIVE_KEY = `node-a|${DRIVE}`;
const MIN = 60_000;
const HOUR = 60 * MIN;
const T0 = Date.UTC(2026, 11, 1);

/** One udisks SMART refresh of the drive: SmartUpdated moves on, with the given values. */
function refresh(at: number, values: { badSectors?: number; failedInThePast?: number; celsius?: number; failing?: boolean; selftest?: string }): NodeStorageInput {
  const properties: Record<string, TypedDbusValue> = { SmartUpdated: { signature: 't', value: BigInt(Math.floor(at / 1000)) } };
  if (values.badSectors !== undefined) properties['SmartNumBadSectors'] = { signature: 'x', value: BigInt(values.badSectors) };
  if (values.failedInThePast !== undefined) properties['SmartNumAttributesFailedInThePast'] = { signature: 'i', value: values.failedInThePast };
  if (values.celsius !== undefined) properties['SmartTemperature'] = { signature: 'd', value: values.celsius + 273.15 };
  if (values.failing !== undefined) properties['SmartFailing'] = { signature: 'b', value: values.failing };
  if (values.selftest !== undefined) properties['SmartSelftestStatus'] = { signature: 's', value: values.selftest };
  return { type: 'disk', record: rawRecord({ ...NODE, at }, { busName: UDISKS, objectPath: DRIVE, interface: 'org.freedesktop.UDisks2.Drive.Ata' }, properties) };
}

/** sda (drive WDC_A) → sda1 mounted at /bricks/b1, brick srv1:/bricks/b1/data on it. */
const placed = (at: number): NodeStorageInput[] => [
  ...[
    ...driveRecords(NODE, at, { path: DRIVE, model: 'WDC', serial: 'A1' }),
    ...blockRecord(NODE, at, { path: '/org/freedesktop/UDisks2/block_devices/sda', device: '/dev/sda', drive: DRIVE }),
    ...blockRecord(NODE, at, { path: '/org/freedesktop/UDisks2/block_devices/sda1', device: '/dev/sda1', drive: DRIVE, mountPoints: ['/bricks/b1'] }),
  ].map((record): NodeStorageInput => ({ type: 'disk', record })),
  { type: 'brick', at, fact: { brickPath: '/brick/b1', name: 'srv1:/bricks/b1/data', hostUuid: NODE.glusterUuid, volume: 'gv0', present: true } satisfies BrickFact },
];

function newStorage(): TopologyTestDriver {
  return nodeStorageDriver(SETTINGS);
}

interface Played {
  readonly alerts: Alert[];
  readonly drives: DriveState[];
}

async function play(storage: TopologyTestDriver, inputs: readonly NodeStorageInput[]): Promise<Played> {
  for (const input of inputs) await storage.pipeInput('storage-input', { key: NODE.glusterUuid, value: input, timestamp: input.type === 'brick' ? input.at : input.record.observedAt });
  const alerts = (await storage.readOutput<string, Alert>('alerts')).flatMap(({ value }) => (value === null ? [] : [value]));
  const drives = (await storage.readOutput<string, DriveState>('drives')).flatMap(({ key, value }) => (value === null || key !== DRIVE_KEY ? [] : [value]));
  return { alerts, drives };
}

const degrading = (played: Played): Alert[] => played.alerts.filter((alert) => alert.type === 'DRIVE_DEGRADING');
const lines = (alerts: readonly Alert[]): string[] => alerts.map((alert) => `${alert.type} ${alert.state}`);
const brickDrives = (storage: TopologyTestDriver): BrickState['drives'] =>
  [...storage.store('brick-states').values()].map((entry) => (entry as { state: BrickState }).state).find((state) => state.name === 'srv1:/bricks/b1/data')?.drives ?? [];
/** Refreshes every `everyMs` from `from` (inclusive) to `to` (exclusive), with the values `at` gives. */
const refreshes = (from: number, to: number, everyMs: number, values: (at: number) => Parameters<typeof refresh>[1]): NodeStorageInput[] => {
  const inputs: NodeStorageInput[] = [];
  for (let at = from; at < to; at += everyMs) inputs.push(refresh(at, values(at)));
  return inputs;
};

describe('drive trends: DRIVE_DEGRADING from the SMART history in window stores', () => {
  test('bad sectors growing 0 → 8 → 24 within the window raise DRIVE_DEGRADING once, with the values at the window\'s start and end', async () => {
    const storage = newStorage();
    await play(storage, placed(T0));
    const grown = await play(storage, [refresh(T0 + 10 * MIN, { badSectors: 0 }), refresh(T0 + 2 * HOUR, { badSectors: 8 }), refresh(T0 + 5 * HOUR, { badSectors: 24 })]);
    const raised = degrading(grown);
    assert.deepEqual(lines(raised), ['DRIVE_DEGRADING RAISED']);
    assert.equal(raised[0]?.severity, 'WARNING');
    assert.equal(raised[0]?.drive, 'WDC A1');
    assert.equal(raised[0]?.evidence['badSectorsAtWindowStart'], '0');
    assert.equal(raised[0]?.evidence['badSectorsAtWindowEnd'], '8');
    assert.equal(raised[0]?.evidence['windowEnd'], new Date(T0 + 2 * HOUR).toISOString());
    assert.match(raised[0]?.message ?? '', /bad sectors grew from 0 to 8 within 24 h/);
    const last = grown.drives.at(-1);
    assert.equal(last?.degrading, true);
    assert.deepEqual(last?.degradingReasons, ['bad sectors grew from 0 to 24 within 24 h']);
    assert.deepEqual(brickDrives(storage).map((drive) => drive.degrading), [true], 'the brick on the drive shows the prediction');
  });

  test('stable counts resolve DRIVE_DEGRADING once a full window has passed without growth, and not before', async () => {
    const storage = newStorage();
    await play(storage, placed(T0));
    await play(storage, [refresh(T0 + 10 * MIN, { badSectors: 0 }), refresh(T0 + HOUR, { badSectors: 8 })]);
    const stillGrowingInWindow = await play(storage, refreshes(T0 + 2 * HOUR, T0 + 23 * HOUR, HOUR, () => ({ badSectors: 8 })));
    assert.deepEqual(lines(degrading(stillGrowingInWindow)), []);
    const later = await play(storage, refreshes(T0 + 23 * HOUR, T0 + 27 * HOUR, HOUR, () => ({ badSectors: 8 })));
    const resolved = degrading(later);
    assert.deepEqual(lines(resolved), ['DRIVE_DEGRADING RESOLVED']);
    assert.ok((resolved[0]?.resolvedAt ?? 0) >= T0 + 24 * HOUR, 'the growth stays in the window for a whole window');
    assert.equal(later.drives.at(-1)?.degrading, false);
    assert.deepEqual(brickDrives(storage).map((drive) => drive.degrading), [false]);
  });

  test('DRIVE_DEGRADING comes before SmartFailing, and resolves when the drive reports its own failure: DRIVE_SMART_FAILING takes over', async () => {
    const storage = newStorage();
    await play(storage, placed(T0));
    const predicted = await play(storage, [refresh(T0 + 10 * MIN, { failedInThePast: 0 }), refresh(T0 + HOUR, { failedInThePast: 1 })]);
    assert.deepEqual(lines(predicted.alerts), ['DRIVE_DEGRADING RAISED'], 'an attribute that failed in the past is a prediction, not a failure');
    assert.equal(predicted.alerts[0]?.evidence['attributesFailedInThePastAtWindowEnd'], '1');
    const failing = await play(storage, [refresh(T0 + 2 * HOUR, { failing: true })]);
    assert.deepEqual(lines(failing.alerts).sort(), ['BRICK_ON_FAILING_DRIVE RAISED', 'DRIVE_DEGRADING RESOLVED', 'DRIVE_SMART_FAILING RAISED']);
    assert.equal(failing.drives.at(-1)?.degrading, false);
    assert.equal(failing.drives.at(-1)?.health, 'FAILING');
  });

  test('a newly failed self-test raises DRIVE_DEGRADING; a window later, with no new failure, it resolves and does not raise again', async () => {
    const storage = newStorage();
    await play(storage, placed(T0));
    const failed = await play(storage, [refresh(T0 + 10 * MIN, { selftest: 'success' }), refresh(T0 + HOUR, { selftest: 'error_read' })]);
    assert.deepEqual(lines(degrading(failed)), ['DRIVE_DEGRADING RAISED']);
    assert.equal(failed.alerts[0]?.evidence['selftestStatusAtWindowStart'], 'success');
    assert.equal(failed.alerts[0]?.evidence['selftestStatusAtWindowEnd'], 'error_read');
    const stillFailed = await play(storage, refreshes(T0 + 2 * HOUR, T0 + 28 * HOUR, HOUR, () => ({ selftest: 'error_read' })));
    assert.deepEqual(lines(degrading(stillFailed)), ['DRIVE_DEGRADING RESOLVED'], 'failed at the window\'s start too: not newly');
  });

  test('a temperature above the limit for most of the window raises DRIVE_DEGRADING, which resolves after a whole window under it', async () => {
    const storage = newStorage();
    await play(storage, placed(T0));
    const hot = await play(storage, refreshes(T0 + 10 * MIN, T0 + 70 * MIN, 10 * MIN, () => ({ celsius: 66 })));
    assert.deepEqual(lines(hot.alerts), ['DRIVE_TEMPERATURE_HIGH RAISED', 'DRIVE_DEGRADING RAISED']);
    const raised = degrading(hot)[0];
    assert.ok((raised?.raisedAt ?? 0) >= T0 + 10 * MIN + 48 * MIN, 'only once hot for 80 % of the hour');
    assert.equal(raised?.evidence['maxTemperatureCelsius'], '66');
    const cooling = await play(storage, refreshes(T0 + 70 * MIN, T0 + 110 * MIN, 10 * MIN, () => ({ celsius: 40 })));
    assert.deepEqual(lines(cooling.alerts), ['DRIVE_TEMPERATURE_HIGH RESOLVED'], 'cooler for a while: still degrading');
    const cool = await play(storage, refreshes(T0 + 110 * MIN, T0 + 150 * MIN, 10 * MIN, () => ({ celsius: 40 })));
    assert.deepEqual(lines(cool.alerts), ['DRIVE_DEGRADING RESOLVED']);
  });

  test('a temperature flapping about the limit, never sustained, raises DRIVE_TEMPERATURE_HIGH by turns but no DRIVE_DEGRADING', async () => {
    const storage = newStorage();
    await play(storage, placed(T0));
    const flapping = await play(storage, refreshes(T0 + 10 * MIN, T0 + 4 * HOUR, 10 * MIN, (at) => ({ celsius: ((at - T0) / (10 * MIN)) % 2 === 0 ? 50 : 66 })));
    assert.ok(flapping.alerts.some((alert) => alert.type === 'DRIVE_TEMPERATURE_HIGH'));
    assert.deepEqual(degrading(flapping), []);
  });

  test('after a restart the windows are restored from their changelogs: growth across the restart still raises', async () => {
    const storage = newStorage();
    await play(storage, placed(T0));
    await play(storage, [refresh(T0 + 10 * MIN, { badSectors: 0 })]);
    await storage.commit();
    await storage.restart();
    const grown = await play(storage, [refresh(T0 + 2 * HOUR, { badSectors: 8 })]);
    assert.deepEqual(lines(degrading(grown)), ['DRIVE_DEGRADING RAISED']);
    assert.equal(degrading(grown)[0]?.evidence['badSectorsAtWindowStart'], '0');
  });

  test('growth older than the window does not count: the window store has expired it', async () => {
    const storage = newStorage();
    await play(storage, placed(T0));
    const slow = await play(storage, [refresh(T0 + 10 * MIN, { badSectors: 0 }), refresh(T0 + 30 * HOUR, { badSectors: 8 })]);
    assert.deepEqual(degrading(slow), []);
  });
});

describe('drive trend rules', () => {
  const sample = (badSectors: number): CounterSpan['first'] => ({ badSectors, attributesFailing: 0, attributesFailedInThePast: 0, selftestStatus: 'success' });
  const span = (firstAt: number, first: number, lastAt: number, last: number): CounterSpan => ({ firstAt, first: sample(first), lastAt, last: sample(last) });

  test('bad sectors must grow by the configured amount, from the earliest sample of the window to the latest', () => {
    const settings = { ...SETTINGS, driveBadSectorGrowth: 10 };
    assert.deepEqual(driveTrendOf([span(0, 0, 1, 4), span(2, 5, 3, 9)], [], settings, 3).reasons, []);
    assert.deepEqual(driveTrendOf([span(0, 0, 1, 4), span(2, 5, 3, 10)], [], settings, 3).reasons, ['bad sectors grew from 0 to 10 within 24 h']);
  });

  test('unknown counts (-1 from udisks, null here) predict nothing', () => {
    const unknown: CounterSpan = { firstAt: 0, first: { ...sample(0), badSectors: null }, lastAt: 1, last: sample(50) };
    assert.deepEqual(driveTrendOf([unknown], [], SETTINGS, 1).reasons, []);
  });

  test('hot time sums over the window\'s buckets against the sustained ratio', () => {
    const heat = (hotMs: number): HeatSpan => ({ hotMs, maxCelsius: 70, lastAt: 0, lastHot: true });
    assert.deepEqual(driveTrendOf([], [heat(20 * MIN), heat(27 * MIN)], SETTINGS, HOUR).reasons, []);
    assert.match(driveTrendOf([], [heat(20 * MIN), heat(28 * MIN)], SETTINGS, HOUR).reasons[0] ?? '', /^above 60 °C for 48 min of the last 60 min/);
    assert.equal(driveTrendOf([], [heat(1 * MIN)], SETTINGS, HOUR, true).reasons.length, 1, 'once raised, any hot time in the window keeps it');
  });

  test('the settings are validated at the edge: windows too short for udisks\' 10-minute refresh are refused', () => {
    assert.equal(pipelineSettingsSchema.safeParse({ driveTrendWindowMs: 10 * MIN }).success, false);
    assert.equal(pipelineSettingsSchema.safeParse({ driveTemperatureSustainedRatio: 0 }).success, false);
    assert.equal(pipelineSettingsSchema.safeParse({ driveBadSectorGrowth: 0 }).success, false);
  });
});

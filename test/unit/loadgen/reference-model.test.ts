import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { createReferenceModel, openAlerts, referenceModel } from '../../../src/loadgen/index.js';
import type { RawPropertyChange } from '../../../src/serde/index.js';
import { blockRecord, driveRecords, smartFailingChange } from '../../fixtures/disk-records.js';
import { BRICK_INTERFACE, brickPath, GLUSTERD_INTERFACE, rawRecord, STORAGED, volumePath, volumeRecord } from '../../fixtures/raw-records.js';

const NODES = [
  { nodeId: 'n1', glusterUuid: 'aaaaaaaa-0000-4000-8000-000000000001' },
  { nodeId: 'n2', glusterUuid: 'bbbbbbbb-0000-4000-8000-000000000002' },
  { nodeId: 'n3', glusterUuid: 'cccccccc-0000-4000-8000-000000000003' },
] as const;
const [N1] = NODES;
const DRIVE = '/org/freedesktop/UDisks2/drives/WDC_1';
const BRICK = 'srv1:/bricks/b1/data';

const snapshot = (at: number, status: number): RawPropertyChange[] =>
  NODES.map((node, index) => volumeRecord({ ...node, at: at + index, kind: 'SNAPSHOT' }, { name: 'gv0', id: '9e0c7d5e-3c1a-4a57-9d7e-4b2f3b1a0c11', status, brickcount: 1, bricks: [BRICK] }));
const statusChange = (at: number, status: number, nodes: readonly (typeof NODES)[number][] = NODES): RawPropertyChange[] =>
  nodes.map((node, index) => volumeRecord({ ...node, at: at + index }, { name: 'gv0', status }));
const brick = (at: number, kind: 'SNAPSHOT' | 'REMOVED' = 'SNAPSHOT'): RawPropertyChange[] =>
  NODES.map((node, index) =>
    rawRecord({ ...node, at: at + index, kind }, { busName: STORAGED, objectPath: brickPath(BRICK), interface: BRICK_INTERFACE }, kind === 'REMOVED' ? {} : {
      hostUuid: { signature: 's', value: N1.glusterUuid },
      name: { signature: 's', value: BRICK },
      volume: { signature: 'o', value: volumePath('gv0') },
    }),
  );
const disks = (at: number): RawPropertyChange[] => [
  ...driveRecords(N1, at, { path: DRIVE, model: 'WDC', serial: 'W1' }),
  ...blockRecord(N1, at, { path: '/org/freedesktop/UDisks2/block_devices/sdb1', device: '/dev/sdb1', drive: DRIVE, mountPoints: ['/bricks/b1'] }),
];
const heartbeat = (nodeId: string, at: number): RawPropertyChange => rawRecord({ nodeId, at, kind: 'HEARTBEAT' }, { busName: '', objectPath: '/', interface: null });

describe('the reference model', () => {
  test('a transition reported by three nodes is one state; a stale report does not override it', () => {
    const expected = referenceModel([...snapshot(1_000, 1), ...statusChange(5_000, 2), volumeRecord({ ...N1, at: 4_000 }, { name: 'gv0', status: 1 })]);
    assert.deepEqual(expected.state.volumes.get('gv0'), {
      name: 'gv0',
      id: '9e0c7d5e-3c1a-4a57-9d7e-4b2f3b1a0c11',
      status: 'STOPPED',
      brickCount: 1,
      bricks: [BRICK],
      reportingNodes: ['n1', 'n2', 'n3'],
      disagreeingNodes: [],
      nodesAgree: true,
    });
    assert.deepEqual(expected.alerts.get('VOLUME_STOPPED|gv0'), ['RAISED']);
  });

  test('a volume every node removed is a tombstone, and its alert resolves', () => {
    const removed = NODES.map((node, index) => volumeRecord({ ...node, at: 9_000 + index, kind: 'REMOVED' }, { name: 'gv0' }));
    const expected = referenceModel([...snapshot(1_000, 2), ...removed]);
    assert.equal(expected.state.volumes.has('gv0'), false);
    assert.ok(expected.tombstones.volumes.has('gv0'));
    assert.deepEqual(expected.alerts.get('VOLUME_STOPPED|gv0'), ['RAISED', 'RESOLVED']);
  });

  test('a node whose own status differs for longer than the grace disagrees; a short difference does not show', () => {
    const model = createReferenceModel({ disagreementGraceMs: 30_000 });
    for (const record of [...snapshot(1_000, 1), ...statusChange(2_000, 2, [NODES[0], NODES[1]])]) model.apply(record);
    model.advanceTo(20_000);
    assert.deepEqual(model.expected().state.volumes.get('gv0')?.disagreeingNodes, []);
    model.advanceTo(40_000);
    assert.deepEqual(model.expected().state.volumes.get('gv0')?.disagreeingNodes, ['n3']);
    model.apply(volumeRecord({ ...NODES[2], at: 41_000 }, { name: 'gv0', status: 2 }));
    assert.deepEqual(model.expected().alerts.get('VOLUME_STATUS_DISAGREEMENT|gv0'), ['RAISED', 'RESOLVED']);
  });

  test('a failing drive under a brick: the brick is FAILING with the drive, both alerts raise, and resolve when it recovers', () => {
    const model = createReferenceModel();
    for (const record of [...snapshot(1_000, 1), ...brick(1_100), ...disks(1_200)]) model.apply(record);
    const healthy = model.expected().state.bricks.get(BRICK);
    assert.deepEqual(healthy, {
      name: BRICK,
      volume: 'gv0',
      host: 'srv1',
      path: '/bricks/b1/data',
      hostUuid: N1.glusterUuid,
      nodeId: 'n1',
      mountPoint: '/bricks/b1',
      blockDevices: ['/dev/sdb1'],
      drives: [{ drivePath: DRIVE, model: 'WDC', serial: 'W1', health: 'HEALTHY' }],
      health: 'HEALTHY',
    });
    model.apply(smartFailingChange(N1, 5_000, DRIVE, true));
    assert.equal(model.expected().state.bricks.get(BRICK)?.health, 'FAILING');
    assert.equal(model.expected().state.drives.get(`n1|${DRIVE}`)?.smartFailing, true);
    assert.deepEqual([...openAlerts(model.expected())].sort(), [`BRICK_ON_FAILING_DRIVE|${BRICK}`, `DRIVE_SMART_FAILING|n1|${DRIVE}`]);
    model.apply(smartFailingChange(N1, 6_000, DRIVE, false));
    assert.deepEqual([...openAlerts(model.expected())], []);
  });

  test('the drive failing before the brick appears still raises the brick alert; the brick removed resolves it', () => {
    const model = createReferenceModel();
    for (const record of [...disks(1_000), smartFailingChange(N1, 1_500, DRIVE, true), ...snapshot(2_000, 1), ...brick(2_100)]) model.apply(record);
    assert.deepEqual(model.expected().alerts.get(`BRICK_ON_FAILING_DRIVE|${BRICK}`), ['RAISED']);
    for (const record of brick(3_000, 'REMOVED')) model.apply(record);
    assert.ok(model.expected().tombstones.bricks.has(BRICK));
    assert.deepEqual(model.expected().alerts.get(`BRICK_ON_FAILING_DRIVE|${BRICK}`), ['RAISED', 'RESOLVED']);
  });

  test('a drive above the temperature threshold raises DRIVE_TEMPERATURE_HIGH', () => {
    const hot = driveRecords(N1, 1_000, { path: DRIVE, model: 'WDC', serial: 'W1', kelvin: 273.15 + 61 });
    const expected = referenceModel(hot);
    assert.equal(expected.state.drives.get(`n1|${DRIVE}`)?.temperatureCelsius, 61);
    assert.deepEqual(expected.alerts.get(`DRIVE_TEMPERATURE_HIGH|n1|${DRIVE}`), ['RAISED']);
  });

  test('glusterd not active raises GLUSTERD_DOWN; no heartbeat for the silence timeout raises NODE_SILENT until one arrives', () => {
    const model = createReferenceModel({ silenceTimeoutMs: 30_000 });
    model.apply(heartbeat('n1', 0));
    model.apply(rawRecord({ ...N1, at: 1_000 }, { busName: STORAGED, objectPath: '/org/storaged/Storaged/glusterfs/daemons/glusterd', interface: GLUSTERD_INTERFACE }, { ActiveState: { signature: 's', value: 'failed' } }));
    model.advanceTo(30_000);
    assert.equal(model.expected().state.nodes.get('n1')?.liveness, 'LIVE');
    model.advanceTo(30_001);
    assert.equal(model.expected().state.nodes.get('n1')?.liveness, 'SILENT');
    model.apply(heartbeat('n1', 31_000));
    assert.deepEqual(model.expected().alerts.get('NODE_SILENT|n1'), ['RAISED', 'RESOLVED']);
    assert.deepEqual(model.expected().alerts.get('GLUSTERD_DOWN|n1'), ['RAISED']);
    assert.equal(model.expected().state.nodes.get('n1')?.glusterdActiveState, 'failed');
  });

  test('repeated evidence raises nothing new, and events change no state', () => {
    const failing = [smartFailingChange(N1, 2_000, DRIVE, true), smartFailingChange(N1, 3_000, DRIVE, true)];
    const event = rawRecord({ ...N1, at: 4_000, kind: 'EVENT' }, { busName: 'glustereventsd', objectPath: '/gluster/events/VOLUME_STOP', interface: 'org.gluster.Events' }, {});
    const expected = referenceModel([...disks(1_000), ...failing, event]);
    assert.deepEqual(expected.alerts.get(`DRIVE_SMART_FAILING|n1|${DRIVE}`), ['RAISED']);
    assert.equal(expected.state.nodes.size, 0);
  });
});

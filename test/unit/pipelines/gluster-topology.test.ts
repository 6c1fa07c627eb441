import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { buildGlusterTopology, type GlusterSerdes } from '../../../pipelines/gluster-topology.js';
import { taggedJsonSerde } from '../../../pipelines/internal-serde.js';
import { DEFAULT_PIPELINE_SETTINGS } from '../../../pipelines/pipeline-settings.js';
import { topicNames } from '../../../src/kafka/index.js';
import { rawKeyOf, type RawPropertyChange } from '../../../src/serde/index.js';
import { createTopologyTestDriver, type TopologyTestDriver } from '../../../src/streams/index.js';
import { blockRecord, driveRecords, smartFailingChange } from '../../fixtures/disk-records.js';
import { BRICK_INTERFACE, brickPath, GLUSTERD_INTERFACE, rawRecord, STORAGED, volumePath, volumeRecord } from '../../fixtures/raw-records.js';

const names = topicNames('gluster');
const json = taggedJsonSerde<never>();
const serdes: GlusterSerdes = { rawKey: json, rawValue: json, volumes: json, bricks: json, drives: json, nodes: json, alerts: json };
const NODES = [
  { nodeId: 'node-a', glusterUuid: 'aaaaaaaa-0000-4000-8000-000000000001' },
  { nodeId: 'node-b', glusterUuid: 'bbbbbbbb-0000-4000-8000-000000000002' },
  { nodeId: 'node-c', glusterUuid: 'cccccccc-0000-4000-8000-000000000003' },
];
const D = '/org/freedesktop/UDisks2/drives/';
const B = '/org/freedesktop/UDisks2/block_devices/';

async function feed(driver: TopologyTestDriver, records: readonly RawPropertyChange[]): Promise<void> {
  for (const record of records) await driver.pipeInput(names.raw, { key: rawKeyOf(record), value: record, timestamp: record.observedAt });
}

function brickOnEveryNode(at: number): RawPropertyChange[] {
  return NODES.map((node, index) =>
    rawRecord({ ...node, at: at + index, kind: 'SNAPSHOT' }, { busName: STORAGED, objectPath: brickPath('srv-a:/bricks/b1/data'), interface: BRICK_INTERFACE }, {
      hostUuid: { signature: 's', value: NODES[0]?.glusterUuid ?? '' },
      name: { signature: 's', value: 'srv-a:/bricks/b1/data' },
      volume: { signature: 'o', value: volumePath('gv0') },
    }),
  );
}

describe('the Gluster topology end to end in the test driver', () => {
  test('three nodes, one volume start, a failing drive under a brick: one state change and one critical alert', async () => {
    const driver = createTopologyTestDriver(buildGlusterTopology({ names, serdes, settings: DEFAULT_PIPELINE_SETTINGS }));
    const nodeA = NODES[0] ?? assert.fail();
    await feed(driver, NODES.map((node, index) => volumeRecord({ ...node, at: 1_000 + index, kind: 'SNAPSHOT' }, { name: 'gv0', id: '9e0c7d5e-3c1a-4a57-9d7e-4b2f3b1a0c11', status: 0, brickcount: 1, bricks: ['srv-a:/bricks/b1/data'] })));
    await feed(driver, [
      ...driveRecords(nodeA, 1_100, { path: `${D}WDC_1`, model: 'WDC', serial: 'W1' }),
      ...blockRecord(nodeA, 1_100, { path: `${B}sdb1`, device: '/dev/sdb1', drive: `${D}WDC_1`, mountPoints: ['/bricks/b1'] }),
      ...brickOnEveryNode(1_200),
    ]);
    await driver.readOutput(names.volumes);
    await driver.readOutput(names.alerts);

    await feed(driver, NODES.map((node, index) => volumeRecord({ ...node, at: 5_000 + index }, { name: 'gv0', status: 1 })));
    const volumeChanges = await driver.readOutput<string, { status: string }>(names.volumes);
    assert.deepEqual(volumeChanges.map((change) => [change.key, change.value?.status]), [['gv0', 'STARTED']]);

    await feed(driver, [smartFailingChange(nodeA, 6_000, `${D}WDC_1`, true)]);
    const alerts = await driver.readOutput<string, { type: string; state: string; volume: string | null; brick: string | null; nodeId: string | null }>(names.alerts);
    const critical = alerts.find((alert) => alert.value?.type === 'BRICK_ON_FAILING_DRIVE');
    assert.deepEqual(
      critical === undefined ? undefined : { state: critical.value?.state, volume: critical.value?.volume, brick: critical.value?.brick, nodeId: critical.value?.nodeId },
      { state: 'RAISED', volume: 'gv0', brick: 'srv-a:/bricks/b1/data', nodeId: 'node-a' },
    );
    const bricks = await driver.readOutput<string, { health: string; drives: { drivePath: string }[] }>(names.bricks);
    assert.equal(bricks.at(-1)?.value?.health, 'FAILING');

    await driver.restart();
    await feed(driver, [smartFailingChange(nodeA, 7_000, `${D}WDC_1`, true)]);
    assert.deepEqual(await driver.readOutput(names.alerts), [], 'state restored from the changelogs: no second RAISED after a restart');
  });

  test('node silence is detected by punctuation when a node stops sending, and glusterd down is raised from its record', async () => {
    const driver = createTopologyTestDriver(buildGlusterTopology({ names, serdes, settings: DEFAULT_PIPELINE_SETTINGS }));
    const heartbeat = (nodeId: string, at: number) => rawRecord({ nodeId, at, kind: 'HEARTBEAT' }, { busName: '', objectPath: '/', interface: null });
    await feed(driver, [heartbeat('node-a', 0), heartbeat('node-b', 0), heartbeat('node-a', 10_000), heartbeat('node-b', 10_000), heartbeat('node-a', 20_000)]);
    await feed(driver, [
      rawRecord({ nodeId: 'node-a', at: 21_000 }, { busName: STORAGED, objectPath: '/org/storaged/Storaged/glusterfs/daemons/glusterd', interface: GLUSTERD_INTERFACE }, {
        LoadState: { signature: 's', value: 'loaded' },
        ActiveState: { signature: 's', value: 'inactive' },
      }),
    ]);
    const down = await driver.readOutput<string, { type: string; state: string }>(names.alerts);
    assert.deepEqual(down.map((alert) => [alert.key, alert.value?.state]), [['GLUSTERD_DOWN|node-a', 'RAISED']]);

    await driver.readOutput(names.nodes);
    await driver.punctuate(35_000);
    assert.deepEqual(await driver.readOutput(names.alerts), [], 'node-b heard 25 s ago: not silent yet');
    await driver.punctuate(40_001);
    const silent = await driver.readOutput<string, { type: string; state: string; nodeId: string }>(names.alerts);
    assert.deepEqual(silent.map((alert) => [alert.value?.type, alert.value?.nodeId, alert.value?.state]), [['NODE_SILENT', 'node-b', 'RAISED']]);
    await driver.punctuate(41_000);
    assert.deepEqual(await driver.readOutput(names.alerts), [], 'no storm on later ticks');
    const nodes = await driver.readOutput<string, { liveness: string }>(names.nodes);
    assert.deepEqual(nodes.map((node) => [node.key, node.value?.liveness]), [['node-b', 'SILENT']]);
  });

  test("opt-in: the 2015 design's per-volume topic gets one message per status change, key status, numeric value", async () => {
    const driver = createTopologyTestDriver(buildGlusterTopology({ names, serdes, settings: { ...DEFAULT_PIPELINE_SETTINGS, legacyVolumeTopicPrefix: 'legacy.' } }));
    await feed(driver, NODES.map((node, index) => volumeRecord({ ...node, at: 1_000 + index, kind: 'SNAPSHOT' }, { name: 'gv0', id: '9e0c7d5e-3c1a-4a57-9d7e-4b2f3b1a0c11', status: 0, brickcount: 1, bricks: [] })));
    await feed(driver, NODES.map((node, index) => volumeRecord({ ...node, at: 5_000 + index }, { name: 'gv0', status: 1 })));
    await feed(driver, NODES.map((node, index) => volumeRecord({ ...node, at: 9_000 + index }, { name: 'gv0', status: 2 })));
    const messages = driver.readRaw('legacy.gv0').map((record) => [record.key?.toString('utf8'), record.value?.toString('utf8')]);
    assert.deepEqual(messages, [['status', '0'], ['status', '1'], ['status', '2']]);
    assert.deepEqual(driver.readRaw('gv0'), [], 'nothing without the prefix');
  });

  test('without the opt-in no per-volume topic is written', async () => {
    const driver = createTopologyTestDriver(buildGlusterTopology({ names, serdes, settings: DEFAULT_PIPELINE_SETTINGS }));
    await feed(driver, [volumeRecord({ ...NODES[0]!, at: 1, kind: 'SNAPSHOT' }, { name: 'gv0', id: 'x', status: 1, brickcount: 0, bricks: [] })]);
    assert.equal(driver.describe().includes('<per record'), false);
  });
});

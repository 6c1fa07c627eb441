import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { buildGlusterTopology, type GlusterSerdes } from '../../../pipelines/gluster-topology.js';
import { DEFAULT_EVENT_SETTINGS, type EventSettings } from '../../../pipelines/gluster-events/index.js';
import { taggedJsonSerde } from '../../../pipelines/internal-serde.js';
import { DEFAULT_PIPELINE_SETTINGS } from '../../../pipelines/pipeline-settings.js';
import { topicNames } from '../../../src/kafka/index.js';
import { rawKeyOf, type RawPropertyChange, type TypedDbusValue } from '../../../src/serde/index.js';
import { createTopologyTestDriver, type TopologyTestDriver } from '../../../src/streams/index.js';
import { BRICK_INTERFACE, brickPath, rawRecord, STORAGED, volumePath, volumeRecord } from '../../fixtures/raw-records.js';

const names = topicNames('gluster');
const json = taggedJsonSerde<never>();
const serdes: GlusterSerdes = { rawKey: json, rawValue: json, volumes: json, bricks: json, drives: json, nodes: json, alerts: json };
const UUID = ['aaaaaaaa-0000-4000-8000-000000000001', 'bbbbbbbb-0000-4000-8000-000000000002', 'cccccccc-0000-4000-8000-000000000003', 'dddddddd-0000-4000-8000-000000000004', 'eeeeeeee-0000-4000-8000-000000000005'];
const node = (index: number) => ({ nodeId: `node-${index}`, glusterUuid: UUID[index] ?? assert.fail() });

interface AlertView {
  readonly type: string;
  readonly state: string;
  readonly volume: string | null;
  readonly brick: string | null;
  readonly evidence: Record<string, string>;
}

function driverWith(settings: Partial<EventSettings> = {}): TopologyTestDriver {
  return createTopologyTestDriver(buildGlusterTopology({ names, serdes, settings: DEFAULT_PIPELINE_SETTINGS, eventSettings: { ...DEFAULT_EVENT_SETTINGS, ...settings } }));
}

/** A raw EVENT record as `gluster-eventing webhook` writes it: the node `by` received it from its own glustereventsd. */
function event(by: number, tsSeconds: number, name: string, message: Record<string, string>, receivedAt = tsSeconds * 1000 + 50): RawPropertyChange {
  const { nodeId, glusterUuid } = node(by);
  const properties: Record<string, TypedDbusValue> = { event: { signature: 's', value: name }, nodeid: { signature: 's', value: glusterUuid }, ts: { signature: 'x', value: BigInt(tsSeconds) } };
  for (const [field, value] of Object.entries(message)) properties[field] = { signature: 's', value };
  return rawRecord({ nodeId, glusterUuid, at: receivedAt, kind: 'EVENT' }, { busName: 'glustereventsd', objectPath: `/gluster/events/${name}`, interface: 'org.gluster.Events' }, properties);
}

function brick(by: number, at: number, name: string, properties: { online?: boolean; volume?: string }, kind: 'SNAPSHOT' | 'CHANGED' = 'CHANGED'): RawPropertyChange {
  const values: Record<string, TypedDbusValue> = {};
  if (kind === 'SNAPSHOT') {
    values['name'] = { signature: 's', value: name };
    values['hostUuid'] = { signature: 's', value: UUID[0] ?? '' };
  }
  if (properties.volume !== undefined) values['volume'] = { signature: 'o', value: volumePath(properties.volume) };
  if (properties.online !== undefined) values['online'] = { signature: 'b', value: properties.online };
  return rawRecord({ ...node(by), at, kind }, { busName: STORAGED, objectPath: brickPath(name), interface: BRICK_INTERFACE }, values);
}

async function feed(driver: TopologyTestDriver, records: readonly RawPropertyChange[]): Promise<void> {
  for (const record of records) await driver.pipeInput(names.raw, { key: rawKeyOf(record), value: record, timestamp: record.observedAt });
}

async function alerts(driver: TopologyTestDriver): Promise<Array<[string, string]>> {
  const read = await driver.readOutput<string, AlertView>(names.alerts);
  return read.map((alert) => [alert.key, alert.value?.state ?? 'tombstone']);
}

const BRICK = 'srv-0:/bricks/b1/data';

describe('Gluster events: one alert per condition however many nodes report it', () => {
  test('PEER_DISCONNECT from each of the N−1 other nodes raises one PEER_DISCONNECTED; PEER_CONNECT resolves it; late copies raise nothing', async () => {
    const driver = driverWith();
    const lost = node(0);
    await feed(driver, [1, 2, 3, 4].map((by, index) => event(by, 100 + index, 'PEER_DISCONNECT', { peer: 'srv-0', uuid: lost.glusterUuid, state: 'Peer in Cluster' })));
    const raised = await driver.readOutput<string, AlertView>(names.alerts);
    assert.deepEqual(raised.map((alert) => [alert.key, alert.value?.state]), [[`PEER_DISCONNECTED|${lost.glusterUuid}`, 'RAISED']]);
    assert.equal(raised[0]?.value?.evidence['peer'], 'srv-0');

    await feed(driver, [event(1, 130, 'PEER_CONNECT', { host: 'srv-0', uuid: lost.glusterUuid })]);
    assert.deepEqual(await alerts(driver), [[`PEER_DISCONNECTED|${lost.glusterUuid}`, 'RESOLVED']]);

    await feed(driver, [2, 3, 4].map((by) => event(by, 131, 'PEER_CONNECT', { host: 'srv-0', uuid: lost.glusterUuid })));
    await feed(driver, [event(4, 104, 'PEER_DISCONNECT', { peer: 'srv-0', uuid: lost.glusterUuid, state: 'Peer in Cluster' }, 131_500)]);
    assert.deepEqual(await alerts(driver), [], 'the other connects and a copy emitted before the reconnect (arriving late) change nothing');

    await feed(driver, [event(2, 200, 'PEER_DISCONNECT', { peer: 'srv-0', uuid: lost.glusterUuid, state: 'Peer in Cluster' })]);
    assert.deepEqual(await alerts(driver), [[`PEER_DISCONNECTED|${lost.glusterUuid}`, 'RAISED']], 'a new disconnect after the reconnect is a new alert');
  });

  test('BRICK_DISCONNECTED raises BRICK_DOWN of peer:brick, BRICK_CONNECTED resolves it; a restart keeps the dedupe state', async () => {
    const driver = driverWith();
    await feed(driver, [event(0, 100, 'BRICK_DISCONNECTED', { peer: 'srv-0', volume: 'gv0', brick: '/bricks/b1/data' })]);
    const raised = await driver.readOutput<string, AlertView>(names.alerts);
    assert.deepEqual(raised.map((alert) => [alert.key, alert.value?.state, alert.value?.volume, alert.value?.brick]), [[`BRICK_DOWN|${BRICK}`, 'RAISED', 'gv0', BRICK]]);

    await driver.restart();
    await feed(driver, [event(0, 101, 'BRICK_DISCONNECTED', { peer: 'srv-0', volume: 'gv0', brick: '/bricks/b1/data' })]);
    assert.deepEqual(await alerts(driver), [], 'state restored from the changelog: the repeat is absorbed');

    await feed(driver, [event(0, 160, 'BRICK_CONNECTED', { peer: 'srv-0', volume: 'gv0', brick: '/bricks/b1/data' })]);
    assert.deepEqual(await alerts(driver), [[`BRICK_DOWN|${BRICK}`, 'RESOLVED']]);
  });

  const cases: Array<{ alert: string; raise: [string, Record<string, string>]; resolve: [string, Record<string, string>]; id: string }> = [
    { alert: 'QUORUM_LOST', raise: ['QUORUM_LOST', { volume: 'gv0' }], resolve: ['QUORUM_REGAINED', { volume: 'gv0' }], id: 'QUORUM_LOST|gv0' },
    { alert: 'BRICK_HEALTH_CHECK_FAILED', raise: ['POSIX_HEALTH_CHECK_FAILED', { brick: BRICK, path: '/bricks/b1/data/.glusterfs/health_check', op: 'write', error: 'Read-only file system' }], resolve: ['BRICK_CONNECTED', { peer: 'srv-0', volume: 'gv0', brick: '/bricks/b1/data' }], id: `BRICK_HEALTH_CHECK_FAILED|${BRICK}` },
    { alert: 'EC_MIN_BRICKS_NOT_UP', raise: ['EC_MIN_BRICKS_NOT_UP', { subvol: 'gv0-disperse-0' }], resolve: ['EC_MIN_BRICKS_UP', { subvol: 'gv0-disperse-0' }], id: 'EC_MIN_BRICKS_NOT_UP|gv0-disperse-0' },
    { alert: 'QUOTA_SOFT_LIMIT_CROSSED', raise: ['QUOTA_CROSSED_SOFT_LIMIT', { volume: 'gv0', path: '/projects', usage: '81%' }], resolve: ['QUOTA_REMOVE_USAGE_LIMIT', { volume: 'gv0', path: '/projects' }], id: 'QUOTA_SOFT_LIMIT_CROSSED|gv0:/projects' },
  ];
  for (const { alert, raise, resolve, id } of cases) {
    test(`${alert}: raised once by ${raise[0]} from three nodes, resolved by ${resolve[0]}`, async () => {
      const driver = driverWith();
      await feed(driver, [0, 1, 2].map((by) => event(by, 100 + by, raise[0], raise[1])));
      assert.deepEqual(await alerts(driver), [[id, 'RAISED']]);
      await feed(driver, [0, 1, 2].map((by) => event(by, 200 + by, resolve[0], resolve[1])));
      assert.deepEqual(await alerts(driver), [[id, 'RESOLVED']]);
    });
  }

  test('QUORUM_LOST is each glusterd’s own view: resolved only when every node that lost quorum regained it', async () => {
    const driver = driverWith();
    await feed(driver, [event(0, 100, 'QUORUM_LOST', { volume: 'gv0' }), event(1, 101, 'QUORUM_LOST', { volume: 'gv0' })]);
    assert.deepEqual(await alerts(driver), [['QUORUM_LOST|gv0', 'RAISED']]);
    await feed(driver, [event(0, 150, 'QUORUM_REGAINED', { volume: 'gv0' })]);
    assert.deepEqual(await alerts(driver), [], 'node-1 still has no quorum');
    await feed(driver, [event(1, 151, 'QUORUM_REGAINED', { volume: 'gv0' })]);
    assert.deepEqual(await alerts(driver), [['QUORUM_LOST|gv0', 'RESOLVED']]);
  });

  test('SPLIT_BRAIN from every client is one alert, resolved after the quiet time without a new report', async () => {
    const driver = driverWith({ splitBrainQuietMs: 60_000 });
    const splitBrain = (by: number, ts: number) => event(by, ts, 'AFR_SPLIT_BRAIN', { subvol: 'gv0-replicate-0', type: 'data', file: '<gfid:1234>/f', 'client-pid': '-6' });
    await feed(driver, [splitBrain(0, 100), splitBrain(1, 100), splitBrain(2, 101)]);
    assert.deepEqual(await alerts(driver), [['SPLIT_BRAIN|gv0-replicate-0', 'RAISED']]);
    await feed(driver, [splitBrain(0, 140)]);
    await driver.punctuate(195_000);
    assert.deepEqual(await alerts(driver), [], 'reported again at 140 s: not quiet for 60 s yet at 195 s');
    await driver.punctuate(200_100);
    assert.deepEqual(await alerts(driver), [['SPLIT_BRAIN|gv0-replicate-0', 'RESOLVED']]);
    await driver.punctuate(900_000);
    assert.deepEqual(await alerts(driver), []);
    assert.equal(driver.store('event-entities').size, 0, 'a cleared entity is forgotten after the dedupe window');
  });

  test('QUOTA_DISABLE resolves the soft-limit alerts of every path; otherwise they resolve after the quota quiet time', async () => {
    const driver = driverWith({ quotaQuietMs: 3_600_000 });
    await feed(driver, [event(0, 100, 'QUOTA_CROSSED_SOFT_LIMIT', { volume: 'gv0', path: '/a', usage: '81%' }), event(0, 101, 'QUOTA_CROSSED_SOFT_LIMIT', { volume: 'gv0', path: '/b', usage: '90%' })]);
    assert.deepEqual(await alerts(driver), [['QUOTA_SOFT_LIMIT_CROSSED|gv0:/a', 'RAISED'], ['QUOTA_SOFT_LIMIT_CROSSED|gv0:/b', 'RAISED']]);
    await feed(driver, [event(1, 150, 'QUOTA_DISABLE', { volume: 'gv0' })]);
    assert.deepEqual((await alerts(driver)).sort(), [['QUOTA_SOFT_LIMIT_CROSSED|gv0:/a', 'RESOLVED'], ['QUOTA_SOFT_LIMIT_CROSSED|gv0:/b', 'RESOLVED']]);
    await feed(driver, [event(0, 200, 'QUOTA_CROSSED_SOFT_LIMIT', { volume: 'gv0', path: '/a', usage: '82%' })]);
    assert.deepEqual(await alerts(driver), [['QUOTA_SOFT_LIMIT_CROSSED|gv0:/a', 'RAISED']]);
    await driver.punctuate(200_000 + 3_600_000);
    assert.deepEqual(await alerts(driver), [['QUOTA_SOFT_LIMIT_CROSSED|gv0:/a', 'RESOLVED']]);
  });

  test('events that no alert depends on, and malformed ones, produce nothing', async () => {
    const driver = driverWith();
    await feed(driver, [event(0, 100, 'VOLUME_SET', { name: 'gv0' }), event(0, 100, 'BRICK_DISCONNECTED', { volume: 'gv0' }), event(0, 100, 'PEER_DISCONNECT', {})]);
    assert.deepEqual(await alerts(driver), []);
  });
});

describe('BRICK_DOWN from the exporter’s Brick online property', () => {
  const volumeOn = (by: number, at: number, status: number, kind: 'SNAPSHOT' | 'CHANGED' = 'CHANGED') =>
    volumeRecord({ ...node(by), at, kind }, { name: 'gv0', id: '9e0c7d5e-3c1a-4a57-9d7e-4b2f3b1a0c11', status, ...(kind === 'SNAPSHOT' ? { brickcount: 1, bricks: [BRICK] } : {}) });

  async function startedVolume(driver: TopologyTestDriver): Promise<void> {
    await feed(driver, [0, 1, 2].flatMap((by) => [brick(by, 1_000, BRICK, { volume: 'gv0', online: true }, 'SNAPSHOT'), volumeOn(by, 1_000, 1, 'SNAPSHOT')]));
    await driver.punctuate(60_000);
    assert.deepEqual(await alerts(driver), []);
  }

  test('online=false on every node, in a started volume, raises one BRICK_DOWN after the grace; the event of the same brick adds no second alert; online=true resolves', async () => {
    const driver = driverWith({ brickOfflineGraceMs: 5_000 });
    await startedVolume(driver);
    await feed(driver, [0, 1, 2].map((by) => brick(by, 100_000 + by, BRICK, { online: false })));
    await driver.punctuate(102_000);
    assert.deepEqual(await alerts(driver), [], 'within the grace');
    await driver.punctuate(105_100);
    const raised = await driver.readOutput<string, AlertView>(names.alerts);
    assert.deepEqual(raised.map((alert) => [alert.key, alert.value?.state, alert.value?.volume]), [[`BRICK_DOWN|${BRICK}`, 'RAISED', 'gv0']]);
    assert.equal(raised[0]?.value?.evidence['source'], 'Brick.online');

    await feed(driver, [event(0, 100, 'BRICK_DISCONNECTED', { peer: 'srv-0', volume: 'gv0', brick: '/bricks/b1/data' }, 106_000)]);
    assert.deepEqual(await alerts(driver), [], 'same alert id: the event corroborates the open alert');

    await feed(driver, [0, 1, 2].map((by) => brick(by, 120_000 + by, BRICK, { online: true })));
    assert.deepEqual(await alerts(driver), [[`BRICK_DOWN|${BRICK}`, 'RESOLVED']]);
    await feed(driver, [event(0, 121, 'BRICK_CONNECTED', { peer: 'srv-0', volume: 'gv0', brick: '/bricks/b1/data' })]);
    assert.deepEqual(await alerts(driver), []);
  });

  test('bricks of a created or stopped volume are offline without being down; a start whose brick records arrive after the volume’s does not flap', async () => {
    const driver = driverWith({ brickOfflineGraceMs: 5_000 });
    await feed(driver, [0, 1].flatMap((by) => [brick(by, 1_000, BRICK, { volume: 'gv0', online: false }, 'SNAPSHOT'), volumeOn(by, 1_000, 0, 'SNAPSHOT')]));
    await driver.punctuate(60_000);
    assert.deepEqual(await alerts(driver), [], 'created volume');

    await feed(driver, [volumeOn(0, 70_000, 1), volumeOn(1, 70_001, 1)]);
    await driver.punctuate(72_000);
    await feed(driver, [brick(0, 73_000, BRICK, { online: true }), brick(1, 73_001, BRICK, { online: true })]);
    await driver.punctuate(90_000);
    assert.deepEqual(await alerts(driver), [], 'started; the bricks came online within the grace');

    await feed(driver, [volumeOn(0, 100_000, 2), brick(0, 100_001, BRICK, { online: false }), volumeOn(1, 100_002, 2), brick(1, 100_003, BRICK, { online: false })]);
    await driver.punctuate(200_000);
    assert.deepEqual((await alerts(driver)).filter(([key]) => !key.startsWith('VOLUME_STOPPED')), [], 'stopped: VOLUME_STOPPED only');
  });

  test('a brick down when its volume stops is resolved (the volume pipeline reports VOLUME_STOPPED instead)', async () => {
    const driver = driverWith({ brickOfflineGraceMs: 0 });
    await startedVolume(driver);
    await feed(driver, [brick(0, 100_000, BRICK, { online: false })]);
    assert.deepEqual(await alerts(driver), [[`BRICK_DOWN|${BRICK}`, 'RAISED']]);
    await feed(driver, [volumeOn(0, 110_000, 2)]);
    const resolved = (await alerts(driver)).filter(([key]) => key.startsWith('BRICK_DOWN'));
    assert.deepEqual(resolved, [[`BRICK_DOWN|${BRICK}`, 'RESOLVED']]);
  });
});

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { buildGlusterTopology, type GlusterSerdes } from '../../../pipelines/gluster-topology.js';
import { taggedJsonSerde } from '../../../pipelines/internal-serde.js';
import { DEFAULT_PIPELINE_SETTINGS } from '../../../pipelines/pipeline-settings.js';
import { topicNames } from '../../../src/kafka/index.js';
import { rawKeyOf, type Alert, type BrickState, type RawPropertyChange } from '../../../src/serde/index.js';
import { createTopologyTestDriver, type TopologyTestDriver } from '../../../src/streams/index.js';
import { BRICK_LAYOUT_CASES, layoutNode } from '../../fixtures/brick-layout-cases.js';
import { BRICK_INTERFACE, brickPath, rawRecord, STORAGED, volumePath } from '../../fixtures/raw-records.js';
import { simulatedDiskNode, type SimulatedDiskNode } from '../../fixtures/simulated-disk-records.js';

const names = topicNames('gluster');
const json = taggedJsonSerde<never>();
const serdes: GlusterSerdes = { rawKey: json, rawValue: json, volumes: json, bricks: json, drives: json, nodes: json, alerts: json };
const IDENTITY = { id: 'node-l', hostname: 'srv-l', glusterUuid: 'dddddddd-0000-4000-8000-000000000004' };
const T0 = Date.UTC(2026, 11, 1);

async function feed(driver: TopologyTestDriver, records: readonly RawPropertyChange[]): Promise<void> {
  for (const record of records) await driver.pipeInput(names.raw, { key: rawKeyOf(record), value: record, timestamp: record.observedAt });
}

/** The storaged glusterfs module's Brick object for a brick on this node, as its producer records it. */
function brickRecord(node: SimulatedDiskNode, name: string, at: number): RawPropertyChange {
  return rawRecord({ nodeId: node.nodeId, glusterUuid: node.glusterUuid, at, kind: 'SNAPSHOT' }, { busName: STORAGED, objectPath: brickPath(name), interface: BRICK_INTERFACE }, {
    hostUuid: { signature: 's', value: node.glusterUuid },
    name: { signature: 's', value: name },
    volume: { signature: 'o', value: volumePath('gv0') },
  });
}

describe('every simulated brick layout resolves to its drives from the records its producer writes', () => {
  for (const layoutCase of BRICK_LAYOUT_CASES) {
    test(`${layoutCase.name}: the brick maps to ${layoutCase.beneath.join(' and ')}, and a SMART failure of ${layoutCase.beneath.at(-1)} makes it FAILING`, async () => {
      const node = simulatedDiskNode(layoutNode(IDENTITY, [layoutCase]), { startedAt: T0 });
      const brick = `${IDENTITY.hostname}:${layoutCase.path}`;
      const driver = createTopologyTestDriver(buildGlusterTopology({ names, serdes, settings: DEFAULT_PIPELINE_SETTINGS }));
      await feed(driver, [...node.snapshot(T0 + 1_000), brickRecord(node, brick, T0 + 1_500)]);

      const state = (await driver.readOutput<string, BrickState>(names.bricks)).filter((record) => record.key === brick).at(-1)?.value;
      assert.ok(state, `no state for ${brick}`);
      assert.deepEqual(
        { health: state.health, healthReasons: state.healthReasons, drivePaths: state.drives.map((drive) => drive.drivePath), mountPoint: state.mountPoint },
        { health: 'HEALTHY', healthReasons: [], drivePaths: layoutCase.beneath.map((device) => node.drivePath(device)).sort(), mountPoint: layoutCase.path },
      );
      assert.equal(state.blockDevices.length, layoutCase.blockDevices, `block devices walked: ${state.blockDevices.join(', ')}`);

      const failing = layoutCase.beneath.at(-1) ?? assert.fail('a layout without drives');
      await feed(driver, node.change(T0 + 5_000, (view) => view.setSmartFailing(failing, true)));
      assert.equal((await driver.readOutput<string, BrickState>(names.bricks)).filter((record) => record.key === brick).at(-1)?.value?.health, 'FAILING');
      const alerts = (await driver.readOutput<string, Alert>(names.alerts)).map((record) => record.value);
      assert.ok(
        alerts.some((alert) => alert?.type === 'BRICK_ON_FAILING_DRIVE' && alert.state === 'RAISED' && alert.brick === brick),
        `BRICK_ON_FAILING_DRIVE for ${brick} among ${alerts.map((alert) => `${alert?.type} ${alert?.state}`).join(', ')}`,
      );
    });
  }

  test('all layouts on one node, as the end-to-end test runs them: every brick maps to its own drives', async () => {
    const node = simulatedDiskNode(layoutNode(IDENTITY, BRICK_LAYOUT_CASES), { startedAt: T0 });
    const driver = createTopologyTestDriver(buildGlusterTopology({ names, serdes, settings: DEFAULT_PIPELINE_SETTINGS }));
    const bricks = BRICK_LAYOUT_CASES.map((layoutCase) => `${IDENTITY.hostname}:${layoutCase.path}`);
    await feed(driver, [...bricks.map((brick) => brickRecord(node, brick, T0 + 500)), ...node.snapshot(T0 + 1_000)]);
    const latest = new Map((await driver.readOutput<string, BrickState>(names.bricks)).map((record) => [record.key, record.value]));
    assert.deepEqual(
      BRICK_LAYOUT_CASES.map((layoutCase, index) => {
        const state = latest.get(bricks[index] ?? '');
        return [layoutCase.name, state?.health, state?.drives.map((drive) => drive.drivePath)];
      }),
      BRICK_LAYOUT_CASES.map((layoutCase) => [layoutCase.name, 'HEALTHY', layoutCase.beneath.map((device) => node.drivePath(device)).sort()]),
    );
  });
});

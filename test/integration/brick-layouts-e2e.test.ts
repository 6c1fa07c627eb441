import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { isDeepStrictEqual } from 'node:util';
import { parseSharedSettings } from '../../src/config/index.js';
import { startLocalPipeline, type LocalPipeline } from '../../src/demo/local-pipeline.js';
import { createLogger } from '../../src/logging/index.js';
import { createSchemaRegistryClient } from '../../src/serde/index.js';
import { parseProcessorSettings } from '../../src/service/index.js';
import { buildDiskStack } from '../../src/simulator/disks/build-disk-stack.js';
import { nodeSchema } from '../../src/simulator/scenario/node-schema.js';
import { BRICK_LAYOUT_CASES, layoutNode, type BrickLayoutCase } from '../fixtures/brick-layout-cases.js';
import { uniqueName, useTestStack, waitFor, type TestStack } from '../helpers/stack.js';
import { readTopic, type ReadRecord } from '../helpers/topic-reader.js';

interface Brick { name: string; health: string; healthReasons: string[]; blockDevices: string[]; drives: { drivePath: string; health: string }[] }
interface Alert { type: string; state: string; brick: string | null }

const NODE = layoutNode({ id: 'node1', hostname: 'srv1', glusterUuid: '0b1f3a1e-5c1d-4a6e-9a53-1d6f1e6a00b1' }, BRICK_LAYOUT_CASES);
const DRIVE_PATHS = buildDiskStack(nodeSchema.parse(NODE), 'udisks2', 0n).drivePaths;
const brickName = (layoutCase: BrickLayoutCase): string => `srv1:${layoutCase.path}`;
const drivePathsOf = (layoutCase: BrickLayoutCase): string[] => layoutCase.beneath.map((device) => DRIVE_PATHS.get(device) ?? assert.fail(`no drive ${device}`)).sort();
/** The drive each layout's SMART failure is injected on: its last one, so MD and LVM members past the first are covered. */
const failingDrive = (layoutCase: BrickLayoutCase): string => layoutCase.beneath.at(-1) ?? assert.fail(`${layoutCase.name} has no drive`);

describe('every brick layout the simulator offers, end to end: simulated node → producer → processor → gluster.state.bricks.v1', () => {
  let stack: TestStack;
  let dir: string;
  let pipeline: LocalPipeline;
  let bricks: { records: ReadRecord<Brick>[]; stop(): Promise<void> };
  let alerts: { records: ReadRecord<Alert>[]; stop(): Promise<void> };

  /** Per layout: the brick's latest state, in the shape the expectations use. */
  const current = (pick: (layoutCase: BrickLayoutCase, brick: Brick | null | undefined) => unknown): unknown[] => {
    const latest = new Map(bricks.records.map((record) => [record.key, record.value]));
    return BRICK_LAYOUT_CASES.map((layoutCase) => [layoutCase.name, pick(layoutCase, latest.get(brickName(layoutCase)))]);
  };
  /** Waits until `actual()` equals `expected`; on timeout the assertion shows the difference. */
  const settlesTo = async (actual: () => unknown, expected: unknown, what: string): Promise<void> => {
    await waitFor(() => isDeepStrictEqual(actual(), expected), { timeoutMs: 60_000, what }).catch(() => undefined);
    assert.deepEqual(actual(), expected, what);
  };

  before(async () => {
    stack = await useTestStack();
    dir = mkdtempSync(join(tmpdir(), 'ge-layouts-'));
    const prefix = uniqueName('layouts');
    const shared = parseSharedSettings({ KAFKA_BROKERS: stack.brokers.join(','), SCHEMA_REGISTRY_URL: stack.registryUrl, GLUSTER_EVENTING_TOPIC_PREFIX: prefix });
    const processor = parseProcessorSettings({ applicationId: `${prefix}-processor`, registerSchemas: true, httpPort: '0' }, {});
    const logger = createLogger({ level: process.env['E2E_LOG'] ?? 'silent' });
    pipeline = await startLocalPipeline({ shared, processor, nodes: [NODE], dir, heartbeatMs: 1_000, logger });
    const registry = createSchemaRegistryClient({ url: stack.registryUrl });
    bricks = await readTopic<Brick>({ brokers: stack.brokers, registry, topic: pipeline.names.bricks, groupId: `${prefix}-bricks-reader` });
    alerts = await readTopic<Alert>({ brokers: stack.brokers, registry, topic: pipeline.names.alerts, groupId: `${prefix}-alerts-reader` });
    await pipeline.cluster.apply({ action: 'volume.create', volume: 'gv0', id: '6b5e8c1a-2f1d-4c7e-8a9b-0c1d2e3f4a5b', bricks: BRICK_LAYOUT_CASES.map(brickName) });
  });

  after(async () => {
    await bricks?.stop().catch(() => undefined);
    await alerts?.stop().catch(() => undefined);
    await pipeline?.stop();
    await stack?.stop();
    if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
  });

  test('each brick is HEALTHY on exactly the drives beneath it, with every block layer walked', async () => {
    await settlesTo(
      () => current((_layoutCase, brick) => brick && { health: brick.health, healthReasons: brick.healthReasons, drivePaths: brick.drives.map((drive) => drive.drivePath), layers: brick.blockDevices.length }),
      BRICK_LAYOUT_CASES.map((layoutCase) => [layoutCase.name, { health: 'HEALTHY', healthReasons: [], drivePaths: drivePathsOf(layoutCase), layers: layoutCase.blockDevices }]),
      'every brick HEALTHY on its drives',
    );
  });

  test('a SMART failure of one drive beneath each brick makes that brick FAILING with BRICK_ON_FAILING_DRIVE; recovery makes it HEALTHY again', async () => {
    const node = pipeline.cluster.node('node1');
    for (const layoutCase of BRICK_LAYOUT_CASES) node.setSmartFailing(failingDrive(layoutCase), true);
    const raised = (layoutCase: BrickLayoutCase, state: string): boolean =>
      alerts.records.some((record) => record.value?.type === 'BRICK_ON_FAILING_DRIVE' && record.value.state === state && record.value.brick === brickName(layoutCase));
    await settlesTo(
      () => current((layoutCase, brick) => ({ health: brick?.health, failing: brick?.drives.filter((drive) => drive.health === 'FAILING').map((drive) => drive.drivePath), alert: raised(layoutCase, 'RAISED') })),
      BRICK_LAYOUT_CASES.map((layoutCase) => [layoutCase.name, { health: 'FAILING', failing: [DRIVE_PATHS.get(failingDrive(layoutCase))], alert: true }]),
      'every brick FAILING on its failing drive, with its alert',
    );

    for (const layoutCase of BRICK_LAYOUT_CASES) node.setSmartFailing(failingDrive(layoutCase), false);
    await settlesTo(
      () => current((layoutCase, brick) => ({ health: brick?.health, resolved: raised(layoutCase, 'RESOLVED') })),
      BRICK_LAYOUT_CASES.map((layoutCase) => [layoutCase.name, { health: 'HEALTHY', resolved: true }]),
      'every brick HEALTHY again, its alert resolved',
    );
  });
});

import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { parseSharedSettings } from '../../src/config/index.js';
import { startBusDaemon } from '../../src/dbus/index.js';
import { createGlusterCli, probeGlusterdState, startGlusterDbusService, type GlusterDbusService } from '../../src/gluster-dbus/index.js';
import { createKafkaClient, topicNames } from '../../src/kafka/index.js';
import { createLogger } from '../../src/logging/index.js';
import { createCountingMetrics, createKafkaSink, DEFAULT_WATCHED_SERVICES, startProducer, type RunningProducer } from '../../src/producer/index.js';
import { createSchemaRegistryClient } from '../../src/serde/index.js';
import { parseProcessorSettings, startProcessor, type RunningProcessor } from '../../src/service/index.js';
import { Cleanup, createLoopFilesystem, realGlusterSkipReason, startIsolatedGlusterd, startUdevAndUdisks, type IsolatedGlusterd, type LoopFilesystem } from '../helpers/real-gluster.js';
import { uniqueName, useTestStack, waitFor, type TestStack } from '../helpers/stack.js';
import { readTopic, type ReadRecord } from '../helpers/topic-reader.js';

interface Alert { alertId: string; type: string; state: string; volume: string | null; brick: string | null; evidence: Record<string, string> }
interface Volume { name: string; status: string }
interface Brick { name: string; volume: string | null; mountPoint: string | null; blockDevices: string[]; hostUuid: string }
type Reader<V> = { records: ReadRecord<V>[]; stop(): Promise<void> };

const repo = new URL('../../', import.meta.url).pathname;
const HOOK = join(repo, 'infra/gluster/S30gluster-eventing-reload.sh');
const skip = await realGlusterSkipReason();

/**
 * The whole chain on real Gluster, one machine: an isolated glusterd with a brick on a loop-mounted
 * ext4 filesystem, udevd + udisksd and the gluster-dbus exporter on one private bus, one producer
 * watching that bus, the processor, on the shared stack (unique prefix and application id).
 */
describe('real Gluster end to end: glusterd → gluster-dbus + udisks2 → producer → processor → derived topics', { skip: skip ?? false }, () => {
  const cleanup = new Cleanup();
  const volume = `e2e-${process.pid}`;
  const timings: Record<string, number> = {};
  const startedAt = Date.now();
  const lap = (name: string): void => {
    timings[name] = Date.now() - startedAt;
  };
  let stack: TestStack;
  let glusterd: IsolatedGlusterd;
  let fs: LoopFilesystem;
  let service: GlusterDbusService;
  let brick: string;
  let volumes: Reader<Volume>;
  let bricks: Reader<Brick>;
  let alerts: Reader<Alert>;
  const alertsOf = (type: string, state: string): ReadRecord<Alert>[] => alerts.records.filter((record) => record.value?.type === type && record.value.state === state && (record.value.volume === volume || record.value.brick === brick));
  const statuses = (): string[] => volumes.records.filter((record) => record.key === volume).map((record) => record.value?.status ?? 'deleted');

  before(async () => {
    stack = await useTestStack();
    cleanup.defer('stack', () => stack.stop());
    lap('stack up');
    // Short: unix socket paths are limited to 107 bytes.
    const dir = mkdtempSync(join(tmpdir(), 'rge-'));
    cleanup.defer('temp dir', () => rm(dir, { recursive: true, force: true }));
    const bus = await startBusDaemon({ dir: join(dir, 'bus') });
    cleanup.defer('bus', () => bus.stop());
    await startUdevAndUdisks({ busAddress: bus.address, dir, cleanup });
    // Registered before glusterd: unmounted and detached after the bricks died.
    fs = await createLoopFilesystem({ dir, name: 'b1', cleanup });
    brick = `vm:${fs.mountPoint}/brick`;
    glusterd = await startIsolatedGlusterd({ dir, cleanup, env: { DBUS_SYSTEM_BUS_ADDRESS: bus.address }, postHooks: { create: HOOK, start: HOOK, stop: HOOK, delete: HOOK } });
    const glusterUuid = /^UUID=(.+)$/m.exec(readFileSync(join(glusterd.workdir, 'glusterd.info'), 'utf8'))?.[1]?.trim() ?? assert.fail('glusterd.info has no UUID');
    const cli = createGlusterCli({ socketPath: glusterd.socketPath });
    service = await startGlusterDbusService({ busAddress: bus.address, cli, glusterdState: probeGlusterdState(cli), pollIntervalMs: 2_000, logger: createLogger({ level: 'silent' }) });
    cleanup.defer('gluster-dbus', () => service.stop());
    lap('real Gluster, udisks2 and exporter up');

    const prefix = uniqueName('real-e2e');
    const logger = createLogger({ level: process.env['E2E_LOG'] ?? 'silent' });
    const shared = parseSharedSettings({ KAFKA_BROKERS: stack.brokers.join(','), SCHEMA_REGISTRY_URL: stack.registryUrl, GLUSTER_EVENTING_TOPIC_PREFIX: prefix });
    const settings = parseProcessorSettings({ applicationId: `${prefix}-processor`, registerSchemas: true, httpPort: '0' }, { GLUSTER_EVENTING_PUNCTUATE_EVERY_MS: '500' });
    const processor: RunningProcessor = await startProcessor({ shared, settings, logger: logger.child({ component: 'processor' }) });
    cleanup.defer('processor', () => processor.stop());
    const names = topicNames(prefix);
    const registry = createSchemaRegistryClient({ url: stack.registryUrl });
    const kafka = createKafkaClient({ ...shared.kafka, clientId: `${prefix}-producer`, logger });
    const producer: RunningProducer = await startProducer({
      settings: {
        busAddress: bus.address,
        nodeId: 'vm',
        glusterUuid,
        spool: { dir: join(dir, 'spool'), maxBytes: 64 * 1024 * 1024, fsync: 'interval' },
        heartbeatMs: 1_000,
        services: DEFAULT_WATCHED_SERVICES,
        flushTimeoutMs: 5_000,
        callTimeoutMs: 5_000,
        reconnect: { initialMs: 200, maxMs: 5_000 },
      },
      sink: createKafkaSink({ kafka, topic: names.raw, registry, registration: 'register', logger }),
      metrics: createCountingMetrics(),
      logger: logger.child({ component: 'producer' }),
    });
    cleanup.defer('producer', async () => void (await producer.stop()));
    volumes = await readTopic<Volume>({ brokers: stack.brokers, registry, topic: names.volumes, groupId: `${prefix}-volumes` });
    cleanup.defer('volumes reader', () => volumes.stop());
    bricks = await readTopic<Brick>({ brokers: stack.brokers, registry, topic: names.bricks, groupId: `${prefix}-bricks` });
    cleanup.defer('bricks reader', () => bricks.stop());
    alerts = await readTopic<Alert>({ brokers: stack.brokers, registry, topic: names.alerts, groupId: `${prefix}-alerts` });
    cleanup.defer('alerts reader', () => alerts.stop());
    lap('processor, producer and readers up');
  });

  after(async () => {
    process.stdout.write(`# real-gluster-e2e timings (ms since start): ${JSON.stringify(timings)}\n`);
    await cleanup.run();
  });

  test('volume create: CREATED once, and the brick resolved to its loop device through udisks2 Filesystem.MountPoints', async () => {
    await glusterd.gluster(['volume', 'create', volume, brick, 'force']);
    await waitFor(() => statuses().includes('CREATED'), { timeoutMs: 30_000, what: `${volume} CREATED` });
    lap('CREATED seen');
    const resolved = await waitFor(() => bricks.records.find((record) => record.key === brick && (record.value?.blockDevices.length ?? 0) > 0), { timeoutMs: 30_000, what: `brick ${brick} with a block device` });
    lap('brick block device seen');
    assert.equal(resolved.value?.mountPoint, fs.mountPoint);
    assert.equal(resolved.value?.volume, volume);
    assert.ok(resolved.value?.blockDevices.some((device) => basename(device) === basename(fs.device)), `${resolved.value?.blockDevices.join(',')} names ${fs.device}`);
  });

  test('start, stop, start: one state change per transition; VOLUME_STOPPED raised on stop and resolved on start', async () => {
    await glusterd.gluster(['volume', 'start', volume]);
    await waitFor(() => statuses().includes('STARTED'), { timeoutMs: 30_000, what: 'STARTED' });
    lap('STARTED seen');
    await glusterd.gluster(['volume', 'stop', volume]);
    await waitFor(() => alertsOf('VOLUME_STOPPED', 'RAISED').length > 0, { timeoutMs: 30_000, what: 'VOLUME_STOPPED raised' });
    lap('VOLUME_STOPPED raised');
    await glusterd.gluster(['volume', 'start', volume]);
    await waitFor(() => alertsOf('VOLUME_STOPPED', 'RESOLVED').length > 0, { timeoutMs: 30_000, what: 'VOLUME_STOPPED resolved' });
    lap('VOLUME_STOPPED resolved');
    await waitFor(() => statuses().length >= 4, { timeoutMs: 30_000, what: 'four volume updates' });
    assert.deepEqual(statuses(), ['CREATED', 'STARTED', 'STOPPED', 'STARTED']);
    assert.equal(alertsOf('VOLUME_STOPPED', 'RAISED').length, 1);
  });

  test('killing the brick process (pid from volume status --xml) raises BRICK_DOWN once, from the exporter’s Brick online', async () => {
    const [pid] = await glusterd.brickPids(volume);
    assert.ok(pid !== undefined, 'brick pid from volume status --xml');
    const killedAt = Date.now();
    process.kill(pid, 'SIGKILL');
    const [down] = await waitFor(() => {
      service.refreshSoon();
      const found = alertsOf('BRICK_DOWN', 'RAISED');
      return found.length > 0 ? found : undefined;
    }, { timeoutMs: 60_000, intervalMs: 500, what: 'BRICK_DOWN raised' });
    lap('BRICK_DOWN raised');
    process.stdout.write(`# brick killed -> BRICK_DOWN visible in ${(down?.seenAt ?? 0) - killedAt} ms (grace 5 s included)\n`);
    assert.equal(down?.value?.alertId, `BRICK_DOWN|${brick}`);
    assert.equal(down?.value?.volume, volume);
    assert.equal(alertsOf('BRICK_ON_FAILING_DRIVE', 'RAISED').length, 0);
    assert.deepEqual(statuses(), ['CREATED', 'STARTED', 'STOPPED', 'STARTED'], 'still no extra volume update');
    assert.equal(alertsOf('BRICK_DOWN', 'RAISED').length, 1);
  });
});

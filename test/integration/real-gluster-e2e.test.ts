import assert from 'node:assert/strict';
import { execFile, spawn } from 'node:child_process';
import { createSocket } from 'node:dgram';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { constants, tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { promisify } from 'node:util';
import { parseSharedSettings } from '../../src/config/index.js';
import { startBusDaemon } from '../../src/dbus/index.js';
import { createGlusterCli, probeGlusterdState, startGlusterDbusService, type GlusterDbusService } from '../../src/gluster-dbus/index.js';
import { createKafkaClient, topicNames } from '../../src/kafka/index.js';
import { createLogger } from '../../src/logging/index.js';
import { createCountingMetrics, createKafkaSink, DEFAULT_WATCHED_SERVICES, startProducer, type RunningProducer } from '../../src/producer/index.js';
import { createSchemaRegistryClient } from '../../src/serde/index.js';
import { parseProcessorSettings, startProcessor, type RunningProcessor } from '../../src/service/index.js';
import { repartitionTopic } from '../../src/streams/index.js';
import { createCountingWebhookMetrics, startWebhook } from '../../src/webhook/index.js';
import { childrenOf, Cleanup, createLoopFilesystem, goneOrZombie, processesMentioning, realGlusterSkipReason, startIsolatedGlusterd, startUdevAndUdisks, waitUntilCatching, type IsolatedGlusterd, type LoopFilesystem } from '../helpers/real-gluster.js';
import { uniqueName, useTestStack, waitFor, type TestStack } from '../helpers/stack.js';
import { readTopic, type ReadRecord } from '../helpers/topic-reader.js';

interface Alert { alertId: string; type: string; state: string; volume: string | null; brick: string | null; evidence: Record<string, string> }
interface Volume { name: string; status: string; risk: { level: string } | null }
interface Brick { name: string; volume: string | null; mountPoint: string | null; blockDevices: string[]; hostUuid: string }
type Reader<V> = { records: ReadRecord<V>[]; stop(): Promise<void> };

const repo = new URL('../../', import.meta.url).pathname;
const HOOK = join(repo, 'infra/gluster/S30gluster-eventing-reload.sh');
const skip = await realGlusterSkipReason();
const run = promisify(execFile);
const GLUSTERD_DIR = '/var/lib/glusterd';
const TOKEN = 'real-e2e-token-123';

/** Why glustereventsd cannot join this test (it then runs on D-Bus alone), or undefined. */
async function glustereventsdSkipReason(): Promise<string | undefined> {
  for (const binary of ['/usr/sbin/glustereventsd', '/usr/sbin/gluster-eventsapi']) if (!existsSync(binary)) return `${binary} is missing`;
  if ((await processesMentioning('glustereventsd')).length > 0) return 'a glustereventsd already runs (it owns UDP 55555); not ours to stop';
  return undefined;
}

/** Restores a file to what it was (content or absence). */
function remember(path: string): () => void {
  const before = existsSync(path) ? readFileSync(path) : null;
  return () => (before === null ? rmSync(path, { force: true }) : writeFileSync(path, before));
}

/**
 * Runs glustereventsd (it reads the global /var/lib/glusterd: glusterd.info for its node id, which is
 * set to our isolated glusterd's UUID, and events/webhooks.json; both are restored afterwards),
 * registers `url` with `webhook-add` and reloads it by hand (Gluster 10.3 bug, see the webhook README),
 * then injects probe events over UDP until `seen()` reports one: the reloaded worker may miss the first.
 */
async function startGlustereventsd(options: { url: string; uuid: string; cleanup: Cleanup; seen: () => boolean }): Promise<void> {
  const createdEventsDir = !existsSync(join(GLUSTERD_DIR, 'events'));
  const restoreWebhooks = remember(join(GLUSTERD_DIR, 'events', 'webhooks.json'));
  const restoreInfo = remember(join(GLUSTERD_DIR, 'glusterd.info'));
  options.cleanup.defer('glusterd.info and webhooks.json', async () => {
    restoreWebhooks();
    restoreInfo();
    if (createdEventsDir) rmSync(join(GLUSTERD_DIR, 'events'), { recursive: true, force: true });
  });
  mkdirSync(GLUSTERD_DIR, { recursive: true });
  writeFileSync(join(GLUSTERD_DIR, 'glusterd.info'), `UUID=${options.uuid}\noperating-version=100000\n`);
  const daemon = spawn('/usr/sbin/glustereventsd', [], { detached: true, stdio: 'ignore' });
  const mainPid = daemon.pid ?? assert.fail('glustereventsd did not start');
  daemon.unref();
  options.cleanup.defer('glustereventsd', async () => {
    // detached: it leads its own process group, which holds the daemon and its webhook worker(s).
    const pids = [...childrenOf(mainPid), mainPid];
    try {
      process.kill(-mainPid, 'SIGKILL');
    } catch {
      // already gone
    }
    await waitFor(() => pids.every(goneOrZombie), { timeoutMs: 10_000, what: 'glustereventsd gone' });
  });
  await waitFor(() => childrenOf(mainPid).length > 0, { timeoutMs: 15_000, what: 'glustereventsd webhook worker started' });
  // No peers reachable through the default socket: webhooks.json is written, the sync fails (exit 8).
  const added = await run('/usr/sbin/gluster-eventsapi', ['webhook-add', options.url, '-t', TOKEN]).then(() => 0, (error: { code?: number }) => error.code ?? 1);
  assert.ok(added === 0 || added === 8, `webhook-add exit ${added}`);
  await waitUntilCatching(mainPid, constants.signals.SIGUSR2);
  process.kill(mainPid, 'SIGUSR2');
  const udp = createSocket('udp4');
  options.cleanup.defer('udp socket', async () => void udp.close());
  await waitFor(async () => {
    // 2 = VOLUME_CREATE (eventskeygen order) of a volume that does not exist: no alert depends on it.
    await new Promise<void>((resolve, reject) => udp.send(`${Math.floor(Date.now() / 1000)} 2 name=probe-${process.pid}`, 55555, '127.0.0.1', (error) => (error ? reject(error) : resolve())));
    return options.seen();
  }, { timeoutMs: 30_000, intervalMs: 500, what: 'a probe event through glustereventsd and the webhook' });
}

const eventsSkip = skip === undefined ? await glustereventsdSkipReason() : skip;
let eventsActive = eventsSkip === undefined;

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
  /** Event names the webhook accepted, when glustereventsd runs. */
  const events: string[] = [];
  /** BRICK_DOWN signals the exporter side sent into the event pipeline (its internal repartition topics). */
  const dbusSignals: { action: string; subject: string }[] = [];
  const alertsOf = (type: string, state: string): ReadRecord<Alert>[] => alerts.records.filter((record) => record.value?.type === type && record.value.state === state && (record.value.volume === volume || record.value.brick === brick));
  // Status transitions: a volume record is also written when only its risk changes (a brick down, its
  // online first known after a start), so consecutive records with one status are one transition.
  const statuses = (): string[] =>
    volumes.records.filter((record) => record.key === volume).map((record) => record.value?.status ?? 'deleted').filter((status, index, all) => index === 0 || all[index - 1] !== status);
  const riskLevels = (): string[] => volumes.records.filter((record) => record.key === volume && record.value?.risk != null).map((record) => record.value?.risk?.level ?? '');

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
    const signalConsumer = kafka.consumer({ groupId: `${prefix}-signals`, readUncommitted: false, maxWaitTimeInMs: 100 });
    await signalConsumer.connect();
    cleanup.defer('signal reader', () => signalConsumer.disconnect());
    // One topic carries every BRICK_DOWN signal of the exporter side (brick-signals-by-status merged into it).
    await signalConsumer.subscribe({ topic: repartitionTopic(settings.applicationId, 'brick-signals'), fromBeginning: true });
    await signalConsumer.run({ eachMessage: async ({ message }) => void dbusSignals.push(JSON.parse(message.value?.toString('utf8') ?? '{}') as { action: string; subject: string }) });
    lap('processor, producer and readers up');

    if (eventsSkip !== undefined) {
      process.stdout.write(`# glustereventsd not used (${eventsSkip}): BRICK_DOWN comes from the exporter's Brick online only\n`);
      return;
    }
    const webhook = await startWebhook({
      settings: {
        host: '127.0.0.1', port: 0, path: '/listen',
        auth: { token: TOKEN, jwtSecret: null, skewSeconds: 30 },
        nodeId: 'vm',
        spool: { dir: join(dir, 'webhook-spool'), maxBytes: 16 << 20, fsync: 'interval' },
        flushTimeoutMs: 5_000,
        reconnect: { initialMs: 100, maxMs: 1_000 },
      },
      sink: createKafkaSink({ kafka, topic: names.raw, registry, registration: 'register', logger }),
      metrics: createCountingMetrics(),
      webhookMetrics: createCountingWebhookMetrics(),
      logger: logger.child({ component: 'webhook' }),
      onEvent: (event) => {
        events.push(event);
        service.refreshSoon();
      },
    });
    cleanup.defer('webhook', async () => void (await webhook.stop()));
    try {
      await startGlustereventsd({ url: webhook.url, uuid: glusterUuid, cleanup, seen: () => events.includes('VOLUME_CREATE') });
      lap('glustereventsd and webhook up');
    } catch (error) {
      // glustereventsd delivers at most once and its reload is buggy (see src/webhook/README.md); when
      // it does not deliver the probe, the test goes on with BRICK_DOWN from the exporter alone and
      // says so. The webhook's own integration test covers glustereventsd delivery.
      eventsActive = false;
      process.stdout.write(`# glustereventsd delivered no probe (${(error as Error).message}): continuing on D-Bus alone\n`);
    }
  });

  after(async () => {
    process.stdout.write(`# real-gluster-e2e timings (ms since start): ${JSON.stringify(timings)}\n`);
    await cleanup.run().catch((error: unknown) => {
      for (const failure of error instanceof AggregateError ? error.errors : [error]) process.stderr.write(`# ${String(failure)} ${String((failure as Error).cause ?? '')}\n`);
      throw error;
    });
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

  test('killing the brick process (pid from volume status --xml) raises BRICK_DOWN once; restarting it resolves it once', async () => {
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
    process.stdout.write(`# brick killed -> BRICK_DOWN visible in ${(down?.seenAt ?? 0) - killedAt} ms; evidence ${JSON.stringify(down?.value?.evidence)}\n`);
    assert.equal(down?.value?.alertId, `BRICK_DOWN|${brick}`);
    assert.equal(down?.value?.volume, volume);
    if (eventsActive) {
      await waitFor(() => events.includes('BRICK_DISCONNECTED'), { timeoutMs: 30_000, what: 'BRICK_DISCONNECTED through glustereventsd' });
    }
    // Both sources report it before it comes back: the exporter's online=false, held for the 5 s grace,
    // reaches the event pipeline as a raise for the same alert id, and must not raise a second alert.
    await waitFor(() => {
      service.refreshSoon();
      return dbusSignals.some((signal) => signal.action === 'raise' && signal.subject === brick);
    }, { timeoutMs: 30_000, intervalMs: 500, what: 'the exporter side raised BRICK_DOWN too' });
    lap('exporter-side BRICK_DOWN signal seen');

    await glusterd.gluster(['volume', 'start', volume, 'force']);
    await waitFor(() => {
      service.refreshSoon();
      return alertsOf('BRICK_DOWN', 'RESOLVED').length > 0;
    }, { timeoutMs: 60_000, intervalMs: 500, what: 'BRICK_DOWN resolved' });
    lap('BRICK_DOWN resolved');
    if (eventsActive) assert.ok(events.includes('BRICK_CONNECTED'), `events seen: ${events.join(',')}`);
    assert.equal(alertsOf('BRICK_DOWN', 'RAISED').length, 1, 'one alert however many sources reported it');
    assert.equal(alertsOf('BRICK_DOWN', 'RESOLVED').length, 1);
    assert.equal(alertsOf('BRICK_ON_FAILING_DRIVE', 'RAISED').length, 0);
    assert.deepEqual(statuses(), ['CREATED', 'STARTED', 'STOPPED', 'STARTED'], 'no extra status transition');
    // The risk of this one-brick distribute volume: its only brick down makes it unavailable, once.
    await waitFor(() => alertsOf('VOLUME_UNAVAILABLE', 'RESOLVED').length > 0, { timeoutMs: 30_000, what: 'VOLUME_UNAVAILABLE resolved' });
    assert.equal(alertsOf('VOLUME_UNAVAILABLE', 'RAISED').length, 1, 'VOLUME_UNAVAILABLE raised once');
    assert.equal(alertsOf('VOLUME_UNAVAILABLE', 'RAISED')[0]?.value?.evidence['bricks'], `${brick}:DOWN`);
    assert.equal(riskLevels().at(-1), 'HEALTHY', `risk levels ${riskLevels().join(',')}`);
    assert.ok(riskLevels().includes('UNAVAILABLE'));
  });
});

import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { parseSharedSettings } from '../../src/config/index.js';
import { startBusDaemon, type BusDaemon } from '../../src/dbus/index.js';
import { createKafkaClient, topicNames } from '../../src/kafka/index.js';
import { createLogger } from '../../src/logging/index.js';
import { createSchemaRegistryClient } from '../../src/serde/index.js';
import { parseProcessorSettings, startProcessor } from '../../src/service/index.js';
import { Cleanup } from '../helpers/cleanup.js';
import { DRIVE, glusterClusterSkipReason, retry, startGlusterCluster, startNodePipeline, type GlusterCluster, type NodePipeline, type SeenEvent } from '../helpers/gluster-cluster/index.js';
import { uniqueName, useTestStack, waitFor, type TestStack } from '../helpers/stack.js';
import { readTopic, type ReadRecord } from '../helpers/topic-reader.js';

/**
 * The whole chain on a real 3-node Gluster cluster (test/helpers/gluster-cluster, docs/testing-real-cluster.md):
 * three glusterd in their own network + mount namespaces, a replica-3 and a disperse 4+2 volume on
 * loop-device bricks; per node a bus with the real gluster-dbus exporter, glustereventsd inside the
 * node posting to that node's webhook, and a producer; one processor. Faults are real: SIGKILL of
 * glusterd and brick processes, real server quorum loss.
 *
 * SIMULATED (the one part): the drive under each node's brick filesystem. udisks2 gives a loop
 * device a Block and a Filesystem but no Drive and no Drive.Ata/SMART (and there is no ATA disk on
 * this machine to pass through), so each node's bus carries the simulator's udisks2 objects for a
 * drive `sda` → partition → ext4 filesystem whose MountPoints is the node's real brick mount point.
 * The processor therefore maps the real bricks to that drive, whose SmartFailing the test flips.
 *
 * Lines starting with `# ` report what the real cluster shows (copies, timings, what each exporter
 * says about another node's bricks) for the record; the assertions are on the derived topics.
 */

interface Alert { alertId: string; type: string; state: string; volume: string | null; brick: string | null; nodeId: string | null; drive: string | null; evidence: Record<string, string> }
interface Brick { name: string; volume: string | null; mountPoint: string | null; blockDevices: string[]; drives: unknown[]; health: string }
interface SetBrick { name: string; condition: string; nodeId: string | null; reasons: string[] }
interface Volume { name: string; status: string; layout: { type: string } | null; risk: { level: string; tolerates: number; designedTolerance: number; sets: { index: number; level: string; bricks: SetBrick[] }[] } | null }
type Reader<V> = { records: ReadRecord<V>[]; stop(): Promise<void> };

const repo = new URL('../../', import.meta.url).pathname;
const HOOK = join(repo, 'infra/gluster/S30gluster-eventing-reload.sh');
const skip = glusterClusterSkipReason();
const NODES = [1, 2, 3] as const;
const BRICK_INTERFACE = 'org.storaged.Storaged.GlusterFS.Brick';

describe('a real 3-node Gluster cluster: glusterd ×3 → gluster-dbus + glustereventsd + webhook + producer per node → processor → derived topics', { skip: skip ?? false }, () => {
  const cleanup = new Cleanup();
  const phases: Record<string, number> = {};
  let phaseStartedAt = Date.now();
  const note = (text: string): void => void process.stdout.write(`# ${text}\n`);
  const endPhase = (name: string): void => {
    phases[name] = Date.now() - phaseStartedAt;
    note(`phase "${name}": ${phases[name]} ms`);
    phaseStartedAt = Date.now();
  };
  let stack: TestStack;
  let cluster: GlusterCluster;
  let pipelines: NodePipeline[];
  let alerts: Reader<Alert>;
  let bricks: Reader<Brick>;
  let volumes: Reader<Volume>;
  const events: SeenEvent[] = [];
  const rv = 'rv';
  const ec = 'ec';

  /** Alerts of `type` in `state` since position `from` of the alerts topic (optionally only those whose id contains `about`). */
  const alertsOf = (type: string, state: string, from = 0, about?: string): ReadRecord<Alert>[] =>
    alerts.records.slice(from).filter((record) => record.value?.type === type && record.value.state === state && (about === undefined || record.value.alertId.includes(about)));
  const waitAlert = (type: string, state: string, from: number, about: string | undefined, timeoutMs = 45_000): Promise<ReadRecord<Alert>> =>
    waitFor(() => {
      pipelines.forEach((pipeline) => pipeline.exporter.refreshSoon());
      return alertsOf(type, state, from, about)[0];
    }, { timeoutMs, intervalMs: 250, what: `${type} ${state}${about === undefined ? '' : ` for ${about}`}` }).catch(async (error: unknown) => {
      // What the cluster and the exporters showed when the wait gave up.
      const views = await Promise.all(rvBricks().map(async (name) => `${name.replace(cluster.brickRoot, '…')}: pid ${await cluster.brickPid(rv, name).catch(() => 'n/a')}, n1 exporter ${await exporterView(1, name)}`));
      note(`diagnosis: ${views.join('; ')}; open BRICK_DOWN: ${openOf('BRICK_DOWN').join(', ') || 'none'}; events: ${events.slice(-15).map((seen) => `n${seen.node}:${seen.event}`).join(' ')}`);
      throw error;
    });
  /** Which nodes' webhooks got `event` at or after `since`, with the delay from `since`. */
  const copies = (event: string, since: number): string =>
    events.filter((seen) => seen.event === event && seen.at >= since).map((seen) => `n${seen.node}+${seen.at - since}ms`).join(', ') || 'none';
  const summary = (from: number): string =>
    alerts.records.slice(from).map((record) => `${record.value?.type}/${record.value?.state}(${record.value?.alertId.replace(cluster.brickRoot, '…')})`).join(' ') || 'none';
  /** What node `viewer`'s exporter shows for brick `name`: online and pid, after a fresh refresh. */
  const exporterView = async (viewer: number, name: string): Promise<string> => {
    const exporter = pipelines[viewer - 1]!.exporter;
    await exporter.refresh().catch(() => undefined);
    for (const [, interfaces] of exporter.snapshot()) {
      const brick = interfaces[BRICK_INTERFACE];
      if (brick?.['name'] === name) return `online=${String(brick['online'])} pid=${String(brick['pid'])}`;
    }
    return 'absent';
  };
  /** The latest published risk of `volume`, and its bricks' conditions by brick name. */
  const riskOf = (volume: string): Volume['risk'] | undefined => volumes.records.filter((record) => record.key === volume).at(-1)?.value?.risk;
  const conditions = (volume: string): Record<string, string> =>
    Object.fromEntries((riskOf(volume)?.sets ?? []).flatMap((set) => set.bricks.map((brick) => [brick.name.replace(cluster.brickRoot, '…'), brick.condition])));
  const waitRisk = (volume: string, level: string, what: string): Promise<unknown> =>
    waitFor(() => riskOf(volume)?.level === level, { timeoutMs: 45_000, intervalMs: 250, what: `${volume} risk ${level} ${what} (now ${riskOf(volume)?.level ?? 'none'}: ${JSON.stringify(conditions(volume))})` });
  /** Alert ids of `type` whose last record is RAISED. */
  const openOf = (type: string): string[] => {
    const last = new Map<string, string>();
    for (const record of alerts.records) if (record.value !== null && record.value.type === type) last.set(record.value.alertId, record.value.state);
    return [...last].filter(([, state]) => state === 'RAISED').map(([id]) => id);
  };
  /** True when every node's exporter shows all 9 bricks online. */
  const exportersSeeAllOnline = (): boolean =>
    pipelines.every((pipeline) => {
      const online = [...pipeline.exporter.snapshot().values()].flatMap((interfaces) => (interfaces[BRICK_INTERFACE] === undefined ? [] : [interfaces[BRICK_INTERFACE]['online']]));
      return online.length === 9 && online.every((value) => value === true);
    });
  /**
   * Waits until the bricks a phase disturbed are back everywhere: every exporter shows all bricks
   * online, then no BRICK_DOWN is open for longer than the processor's offline grace (5 s), so a
   * raise still pending from an offline report cannot land in the next phase. Says how long it took.
   */
  const bricksSettle = async (since: number, what: string): Promise<void> => {
    await waitFor(() => {
      pipelines.forEach((pipeline) => pipeline.exporter.refreshSoon());
      return exportersSeeAllOnline();
    }, { timeoutMs: 45_000, intervalMs: 250, what: `every exporter shows all bricks online after ${what}` });
    note(`every exporter shows all 9 bricks online ${Date.now() - since} ms after ${what}`);
    let quietSince = Date.now();
    await waitFor(() => {
      if (openOf('BRICK_DOWN').length > 0) quietSince = Date.now();
      return Date.now() - quietSince > 6_000;
    }, { timeoutMs: 45_000, intervalMs: 250, what: `no BRICK_DOWN open for 6 s after ${what} (open: ${openOf('BRICK_DOWN').join(', ')})` });
    note(`every BRICK_DOWN resolved (and none for 6 s) ${Date.now() - since} ms after ${what}`);
  };
  const allBricksOnline = async (volume: string, names: readonly string[]): Promise<void> => {
    for (const name of names) if ((await cluster.brickPid(volume, name)) === undefined) throw new Error(`${name} offline`);
  };
  /**
   * `volume start <volume> force` until every brick of it is online again: right after a fault the
   * command can fail (another transaction, a peer still reconnecting) or succeed without starting
   * the brick yet. Returns the number of attempts.
   */
  const restartBricks = async (volume: string, names: readonly string[]): Promise<number> => {
    let attempts = 0;
    await retry(async () => {
      attempts += 1;
      await cluster.gluster(1, ['volume', 'start', volume, 'force']).catch(() => undefined);
      await allBricksOnline(volume, names);
    }, 30_000);
    return attempts;
  };
  const rvBricks = (): string[] => NODES.map((node) => cluster.brick(node, rv));

  before(async () => {
    const startedAt = Date.now();
    stack = await useTestStack();
    cleanup.defer('stack', () => stack.stop());
    // Each node's bus lives in its node folder (removed with the cluster, even by the next run's sweep
    // after a SIGKILL); glusterd's reload hook reaches it by DBUS_SYSTEM_BUS_ADDRESS, a path known before
    // the bus starts (until then the hook's dbus-send fails quietly).
    const busDir = (nodeDir: string): string => join(nodeDir, 'bus');
    cluster = await startGlusterCluster({
      nodes: 3,
      cleanup,
      brickDirs: [rv, 'ec1', 'ec2'],
      glusterdEnv: (_node, nodeDir) => ({ DBUS_SYSTEM_BUS_ADDRESS: `unix:path=${join(busDir(nodeDir), 'bus.sock')}` }),
      postHooks: { create: HOOK, start: HOOK, stop: HOOK, delete: HOOK, set: HOOK, reset: HOOK },
    });
    const buses: BusDaemon[] = [];
    for (const node of cluster.nodes) {
      const bus = await startBusDaemon({ dir: busDir(node.dir) });
      cleanup.defer(`bus n${node.index}`, () => bus.stop());
      buses.push(bus);
    }
    note(`cluster: ${cluster.nodes.map((node) => `${node.hostname}=${node.address} uuid ${node.uuid} glusterd ${node.glusterdPid()}`).join('; ')}; bricks on ${cluster.nodes.map((node) => cluster.loopDevice(node.index)).join(', ')}`);
    endPhase('stack, buses, netns cluster with 3 glusterd peers');

    const prefix = uniqueName('cluster');
    const logger = createLogger({ level: process.env['E2E_LOG'] ?? 'silent' });
    const shared = parseSharedSettings({ KAFKA_BROKERS: stack.brokers.join(','), SCHEMA_REGISTRY_URL: stack.registryUrl, GLUSTER_EVENTING_TOPIC_PREFIX: prefix });
    const settings = parseProcessorSettings({ applicationId: `${prefix}-processor`, registerSchemas: true, httpPort: '0' }, { GLUSTER_EVENTING_PUNCTUATE_EVERY_MS: '500' });
    const processor = await startProcessor({ shared, settings, logger: logger.child({ component: 'processor' }) });
    cleanup.defer('processor', () => processor.stop());
    const names = topicNames(prefix);
    const registry = createSchemaRegistryClient({ url: stack.registryUrl });
    const kafka = createKafkaClient({ ...shared.kafka, clientId: `${prefix}-nodes`, logger });
    alerts = await readTopic<Alert>({ brokers: stack.brokers, registry, topic: names.alerts, groupId: `${prefix}-alerts` });
    cleanup.defer('alerts reader', () => alerts.stop());
    bricks = await readTopic<Brick>({ brokers: stack.brokers, registry, topic: names.bricks, groupId: `${prefix}-bricks` });
    cleanup.defer('bricks reader', () => bricks.stop());
    volumes = await readTopic<Volume>({ brokers: stack.brokers, registry, topic: names.volumes, groupId: `${prefix}-volumes` });
    cleanup.defer('volumes reader', () => volumes.stop());
    pipelines = await Promise.all(NODES.map((node) => startNodePipeline({
      cluster, node, busAddress: buses[node - 1]!.address, dir: join(cluster.nodes[node - 1]!.dir, 'pipeline'), kafka, registry, rawTopic: names.raw, events, cleanup, logger,
    })));
    endPhase('processor, readers, per node: exporter, simulated disks, glustereventsd → webhook, producer');

    await cluster.gluster(1, ['volume', 'create', rv, 'replica', '3', ...NODES.map((node) => cluster.brick(node, rv)), 'force']);
    await cluster.gluster(1, ['volume', 'start', rv]);
    // 4+2 with two bricks per node: one node down costs two bricks, exactly the redundancy; gluster wants `force` for it.
    await cluster.gluster(1, ['volume', 'create', ec, 'disperse', '6', 'redundancy', '2', ...NODES.flatMap((node) => [cluster.brick(node, 'ec1'), cluster.brick(node, 'ec2')]), 'force']);
    await cluster.gluster(1, ['volume', 'start', ec]);
    note(`setup took ${Date.now() - startedAt} ms in all`);
  });

  after(async () => {
    note(`gluster-cluster phase timings (ms): ${JSON.stringify(phases)}`);
    await cleanup.run().catch((error: unknown) => {
      for (const failure of error instanceof AggregateError ? error.errors : [error]) process.stderr.write(`# ${String(failure)} ${String((failure as Error).cause ?? '')}\n`);
      throw error;
    });
  });

  test('both volumes reach the state topic STARTED, and every one of the 9 bricks resolves to its node\'s (simulated) drive through the real mount point', async () => {
    const started = (name: string): boolean => volumes.records.some((record) => record.key === name && record.value?.status === 'STARTED');
    await waitFor(() => started(rv) && started(ec), { timeoutMs: 45_000, what: 'rv and ec STARTED' });
    const all = [...NODES.map((node) => cluster.brick(node, rv)), ...NODES.flatMap((node) => [cluster.brick(node, 'ec1'), cluster.brick(node, 'ec2')])];
    await waitFor(() => all.every((name) => bricks.records.some((record) => record.key === name && (record.value?.drives.length ?? 0) > 0)), { timeoutMs: 45_000, what: 'all 9 bricks placed on a drive' });
    const last = bricks.records.filter((record) => record.key === cluster.brick(2, rv)).at(-1)?.value;
    assert.equal(last?.mountPoint, cluster.brickRoot);
    assert.equal(alertsOf('BRICK_DOWN', 'RAISED').length, 0, `no brick down at start: ${summary(0)}`);
    // The layout comes from the real `volume info --xml` through each exporter; the risk from every brick's online.
    await waitRisk(rv, 'HEALTHY', 'once started');
    await waitRisk(ec, 'HEALTHY', 'once started');
    const layouts = [rv, ec].map((name) => volumes.records.filter((record) => record.key === name).at(-1)?.value);
    assert.deepEqual(layouts.map((volume) => [volume?.layout?.type, volume?.risk?.designedTolerance, volume?.risk?.sets.length]), [['Replicate', 1, 1], ['Disperse', 2, 1]]);
    assert.equal(alertsOf('VOLUME_UNAVAILABLE', 'RAISED').length + alertsOf('VOLUME_AT_RISK', 'RAISED').length + alertsOf('VOLUME_DEGRADED', 'RAISED').length, 0, `no risk alert while the volumes started: ${summary(0)}`);
    endPhase('volumes STARTED, 9 bricks placed');
  });

  test('glusterd of n3 SIGKILLed and restarted: PEER_DISCONNECTED raised exactly once (two nodes report it) and then RESOLVED', async () => {
    const from = alerts.records.length;
    const uuid = cluster.nodes[2]!.uuid;
    const killedAt = Date.now();
    await cluster.killGlusterd(3);
    const raised = await waitAlert('PEER_DISCONNECTED', 'RAISED', from, uuid).catch(async (error: unknown) => {
      await cluster.startGlusterd(3).catch(() => undefined);
      throw error;
    });
    note(`n3 glusterd killed → PEER_DISCONNECTED raised after ${raised.seenAt - killedAt} ms`);
    // Both survivors' eventsd send their copy; wait for both before judging "once".
    await waitFor(() => new Set(events.filter((seen) => seen.event === 'PEER_DISCONNECT' && seen.at >= killedAt).map((seen) => seen.node)).size >= 2, { timeoutMs: 20_000, what: 'PEER_DISCONNECT from n1 and n2' });
    note(`PEER_DISCONNECT copies received by the webhooks: ${copies('PEER_DISCONNECT', killedAt)}`);
    note(`while n3's glusterd is down, n1's exporter shows n3's rv brick as ${await exporterView(1, cluster.brick(3, rv))}; n3's own exporter (CLI fails) shows it as ${await exporterView(3, cluster.brick(3, rv))}`);
    const restartedAt = Date.now();
    await cluster.startGlusterd(3);
    const resolved = await waitAlert('PEER_DISCONNECTED', 'RESOLVED', from, uuid, 60_000);
    note(`n3 glusterd restarted (answering after ${Date.now() - restartedAt} ms) → PEER_DISCONNECTED resolved ${resolved.seenAt - restartedAt} ms after the restart began; PEER_CONNECT copies: ${copies('PEER_CONNECT', restartedAt)}`);
    assert.equal(alertsOf('PEER_DISCONNECTED', 'RAISED', from).length, 1, `one alert for two reports: ${summary(from)}`);
    assert.equal(alertsOf('PEER_DISCONNECTED', 'RESOLVED', from).length, 1);
    await retry(async () => void (await cluster.gluster(1, ['pool', 'list', '--xml']).then((xml) => assert.equal(xml.match(/<connected>1<\/connected>/g)?.length, 3))), 20_000);
    // Seen on the real cluster: n3's brick processes keep running, but n1's and n2's `volume status`
    // leave out the bricks of a disconnected peer, so their exporters report them offline and
    // BRICK_DOWN is raised for all of n3's bricks until its glusterd is back. Recorded, not asserted.
    await bricksSettle(restartedAt, 'the glusterd restart');
    note(`BRICK_DOWN raised because only n3's glusterd went down (its brick processes kept running): ${alertsOf('BRICK_DOWN', 'RAISED', from).map((record) => `${record.value?.brick?.replace(cluster.brickRoot, '…')} +${record.seenAt - killedAt}ms`).join(', ') || 'none'}`);
    note(`volume risk alerts because only n3's glusterd went down: ${alertsOf('VOLUME_AT_RISK', 'RAISED', from).map((record) => `${record.value?.alertId} +${record.seenAt - killedAt}ms`).join(', ') || 'none'}`);
    await waitRisk(rv, 'HEALTHY', 'after the glusterd restart');
    await waitRisk(ec, 'HEALTHY', 'after the glusterd restart');
    note(`alerts during the glusterd phase: ${summary(from)}`);
    endPhase('glusterd kill + restart');
  });

  test('a brick process SIGKILLed: BRICK_DOWN raised once; `volume start force` (retried) restarts it and resolves it', async () => {
    const from = alerts.records.length;
    const brick = cluster.brick(2, rv);
    const pid = (await cluster.brickPid(rv, brick)) ?? assert.fail(`${brick} has no pid`);
    const killedAt = Date.now();
    process.kill(pid, 'SIGKILL');
    const raised = await waitAlert('BRICK_DOWN', 'RAISED', from, brick);
    note(`brick ${brick.replace(cluster.brickRoot, '…')} killed → BRICK_DOWN raised after ${raised.seenAt - killedAt} ms; BRICK_DISCONNECTED copies: ${copies('BRICK_DISCONNECTED', killedAt)}`);
    note(`while it is down: n1's exporter shows it ${await exporterView(1, brick)}, n2's ${await exporterView(2, brick)}`);
    // One brick of a replica 3 set down (past the 5 s offline grace): the next failure would cost quorum.
    const atRiskRaised = await waitAlert('VOLUME_AT_RISK', 'RAISED', from, `|${rv}`);
    note(`VOLUME_AT_RISK for rv ${atRiskRaised.seenAt - killedAt} ms after the kill; ec untouched: ${riskOf(ec)?.level}`);
    const forcedAt = Date.now();
    const attempts = await restartBricks(rv, rvBricks());
    const resolved = await waitAlert('BRICK_DOWN', 'RESOLVED', from, brick);
    note(`brick online again after ${attempts} \`volume start force\` attempt(s), ${Date.now() - forcedAt} ms; BRICK_DOWN resolved ${resolved.seenAt - forcedAt} ms after the first attempt`);
    assert.equal(alertsOf('BRICK_DOWN', 'RAISED', from, brick).length, 1, `one BRICK_DOWN whoever reports it: ${summary(from)}`);
    assert.equal(alertsOf('BRICK_DOWN', 'RAISED', from).length, 1, `no other brick down: ${summary(from)}`);
    // One alert, whoever reported the brick offline; resolved once it is back.
    await waitAlert('VOLUME_AT_RISK', 'RESOLVED', from, `|${rv}`);
    const atRisk = alertsOf('VOLUME_AT_RISK', 'RAISED', from, `|${rv}`);
    assert.equal(atRisk.length, 1, `one VOLUME_AT_RISK for rv: ${summary(from)}`);
    assert.equal(atRisk[0]?.value?.evidence['bricks'], `${brick}:DOWN`);
    await bricksSettle(forcedAt, 'the brick restart');
    endPhase('brick kill + start force');
  });

  test('server quorum lost on n1 (n2 and n3 glusterd killed) and regained (restarted): QUORUM_LOST raised, then resolved', async () => {
    const from = alerts.records.length;
    // Right after the previous phase's `start force`, glusterd may still hold rv's lock ("Another transaction is in progress").
    await retry(() => cluster.gluster(1, ['volume', 'set', rv, 'cluster.server-quorum-type', 'server']), 20_000);
    const killedAt = Date.now();
    await cluster.killGlusterd(2);
    await cluster.killGlusterd(3);
    // A failed wait must not leave two nodes down for the phases after this one.
    const raised = await waitAlert('QUORUM_LOST', 'RAISED', from, `QUORUM_LOST|${rv}`).catch(async (error: unknown) => {
      await Promise.all([cluster.startGlusterd(2), cluster.startGlusterd(3)]).catch(() => undefined);
      throw error;
    });
    note(`n2+n3 glusterd killed → QUORUM_LOST raised after ${raised.seenAt - killedAt} ms; QUORUM_LOST copies: ${copies('QUORUM_LOST', killedAt)}; n1's rv brick (glusterd stops it without quorum): ${await exporterView(1, cluster.brick(1, rv))}`);
    const restartedAt = Date.now();
    await Promise.all([cluster.startGlusterd(2), cluster.startGlusterd(3)]);
    const resolved = await waitAlert('QUORUM_LOST', 'RESOLVED', from, `QUORUM_LOST|${rv}`, 60_000);
    note(`n2+n3 restarted → QUORUM_LOST resolved ${resolved.seenAt - restartedAt} ms later; QUORUM_REGAINED copies: ${copies('QUORUM_REGAINED', restartedAt)}; QUORUM_LOST copies after restart: ${copies('QUORUM_LOST', restartedAt)}`);
    assert.equal(alertsOf('QUORUM_LOST', 'RAISED', from, `QUORUM_LOST|${rv}`).length, 1, summary(from));
    // Leave rv as it was, all bricks up, for the next phase.
    await retry(() => cluster.gluster(1, ['volume', 'reset', rv, 'cluster.server-quorum-type']), 20_000);
    await restartBricks(rv, rvBricks());
    await bricksSettle(restartedAt, 'the quorum came back');
    note(`alerts during the quorum phase: ${summary(from)}`);
    endPhase('quorum lost + regained');
  });

  test('n1\'s brick drive fails SMART while n2\'s brick of the same replica set is down: DRIVE_SMART_FAILING, BRICK_ON_FAILING_DRIVE and VOLUME_AT_RISK (rv, and ec whose two fragments share the drive) raised, then resolved', async () => {
    assert.deepEqual(openOf('BRICK_DOWN'), [], 'no brick down when this phase starts');
    const from = alerts.records.length;
    const down = cluster.brick(2, rv);
    const failing = cluster.brick(1, rv);
    process.kill((await cluster.brickPid(rv, down)) ?? assert.fail(`${down} has no pid`), 'SIGKILL');
    await waitAlert('BRICK_DOWN', 'RAISED', from, down);
    // The risk counts the brick DOWN once it has read offline for the 5 s grace: one replica left to spare.
    const rvRisk = await waitAlert('VOLUME_AT_RISK', 'RAISED', from, `|${rv}`);
    assert.equal(rvRisk.value?.evidence['bricks'], `${down}:DOWN`, 'raised when the brick went down');
    const flippedAt = Date.now();
    pipelines[0]!.disks.setSmartFailing(DRIVE, true); // SIMULATED drive under n1's real brick filesystem
    const drive = await waitAlert('DRIVE_SMART_FAILING', 'RAISED', from, undefined);
    const onFailing = await waitAlert('BRICK_ON_FAILING_DRIVE', 'RAISED', from, failing);
    note(`SmartFailing flipped on n1's drive → DRIVE_SMART_FAILING after ${drive.seenAt - flippedAt} ms (${drive.value?.alertId}), BRICK_ON_FAILING_DRIVE for ${failing.replace(cluster.brickRoot, '…')} after ${onFailing.seenAt - flippedAt} ms`);
    assert.equal(drive.value?.nodeId, 'n1');
    assert.equal(onFailing.value?.volume, rv);
    assert.equal(alertsOf('BRICK_ON_FAILING_DRIVE', 'RAISED', from).filter((record) => record.value?.brick?.startsWith('gnode1:') !== true).length, 0, `only n1's bricks: ${summary(from)}`);
    // rv: n2's brick DOWN, n1's THREATENED (its drive fails SMART): one healthy copy left. At risk since
    // the brick went down (one more failure loses quorum); the drive adds its evidence, not a second alert.
    await waitFor(() => conditions(rv)[failing.replace(cluster.brickRoot, '…')] === 'THREATENED', { timeoutMs: 30_000, what: `rv's risk shows n1's brick THREATENED (${JSON.stringify(conditions(rv))})` });
    const rvBricksNow = riskOf(rv)?.sets[0]?.bricks ?? [];
    assert.deepEqual(rvBricksNow.map((brick) => [brick.name, brick.condition, brick.nodeId]), [[failing, 'THREATENED', 'n1'], [down, 'DOWN', 'n2'], [cluster.brick(3, rv), 'UP', 'n3']]);
    assert.match(rvBricksNow[0]?.reasons.join(';') ?? '', /drive .* failing SMART/);
    assert.deepEqual([riskOf(rv)?.level, riskOf(rv)?.tolerates], ['AT_RISK', 0]);
    // ec (4+2): two of its six fragments sit on n1's failing drive. Nothing is down, yet the volume has no
    // margin left once that drive goes: a redundancy-aware alert that no per-brick or per-drive alert gives.
    const ecRisk = await waitAlert('VOLUME_AT_RISK', 'RAISED', from, `|${ec}`);
    assert.equal(ecRisk.value?.evidence['bricks'], [cluster.brick(1, 'ec1'), cluster.brick(1, 'ec2')].map((name) => `${name}:THREATENED`).join(','));
    assert.equal(ecRisk.value?.evidence['nodes'], 'n1');
    assert.notEqual(ecRisk.value?.evidence['drives'] ?? '', '', 'the failing drive is named');
    note(`rv: VOLUME_AT_RISK raised by the brick kill ${flippedAt - rvRisk.seenAt} ms before the SMART flip, no second alert after it; ec: VOLUME_AT_RISK ${ecRisk.seenAt - flippedAt} ms after it, evidence ${JSON.stringify(ecRisk.value?.evidence)}`);

    pipelines[0]!.disks.setSmartFailing(DRIVE, false);
    const attempts = await restartBricks(rv, rvBricks());
    note(`${down.replace(cluster.brickRoot, '…')} back online after ${attempts} \`volume start force\` attempt(s)`);
    await waitAlert('DRIVE_SMART_FAILING', 'RESOLVED', from, undefined);
    await waitAlert('BRICK_ON_FAILING_DRIVE', 'RESOLVED', from, failing);
    await waitAlert('BRICK_DOWN', 'RESOLVED', from, down);
    await waitAlert('VOLUME_AT_RISK', 'RESOLVED', from, `|${rv}`);
    await waitAlert('VOLUME_AT_RISK', 'RESOLVED', from, `|${ec}`);
    await waitRisk(rv, 'HEALTHY', 'after the recovery');
    await waitRisk(ec, 'HEALTHY', 'after the recovery');
    assert.equal(alertsOf('VOLUME_AT_RISK', 'RAISED', from, `|${rv}`).length, 1, `one VOLUME_AT_RISK for rv in the phase: ${summary(from)}`);
    assert.equal(alertsOf('VOLUME_AT_RISK', 'RAISED', from, `|${ec}`).length, 1, `one VOLUME_AT_RISK for ec in the phase: ${summary(from)}`);
    note(`alerts during the SMART phase: ${summary(from)}`);
    endPhase('SMART failing + brick down, and recovery');
  });
});

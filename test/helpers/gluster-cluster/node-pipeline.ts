import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Kafka } from 'kafkajs';
import { createGlusterCli, probeGlusterdState, startGlusterDbusService, type GlusterDbusService } from '../../../src/gluster-dbus/index.js';
import type { Logger } from '../../../src/logging/index.js';
import { createCountingMetrics, createKafkaSink, DEFAULT_WATCHED_SERVICES, startProducer } from '../../../src/producer/index.js';
import type { SchemaRegistryClient } from '../../../src/serde/index.js';
import { exportSimulatedDisks, type SimulatedDisks } from '../../../src/simulator/index.js';
import { createCountingWebhookMetrics, startWebhook } from '../../../src/webhook/index.js';
import type { Cleanup } from '../cleanup.js';
import { waitFor } from '../stack.js';
import type { GlusterCluster } from './cluster.js';
import { CLUSTER } from './names.js';
import { signal } from './shell.js';

/** An event name one node's webhook accepted, and when. */
export interface SeenEvent {
  readonly node: number;
  readonly event: string;
  readonly at: number;
}

/** What runs for one cluster node on the host side of the pipeline. */
export interface NodePipeline {
  readonly node: number;
  /** The node's gluster-dbus exporter (its snapshot is what the node's bus shows). */
  readonly exporter: GlusterDbusService;
  /**
   * SIMULATED: the drive under the node's brick filesystem. udisks gives a loop device a Block and
   * a Filesystem but no Drive and no SMART, so the node's bus carries the simulator's udisks2 objects
   * instead: drive `sda` (Drive + Drive.Ata) → partition → ext4 Filesystem whose MountPoints is the
   * real brick mount point, so the processor maps the node's real bricks to a drive we can fail.
   */
  readonly disks: SimulatedDisks;
  readonly glustereventsdPid: number;
}

export const DRIVE = 'sda';
const TOKEN = 'cluster-test-token';

/**
 * Starts, for cluster node `node` on its bus: the gluster-dbus exporter (its CLI on the node's
 * glusterd socket, from the host), the simulated disk stack of its brick filesystem, a webhook on the
 * bridge address (reachable from the node's namespace; nodeId `n<i>`), glustereventsd inside the node
 * posting to it (webhooks.json written before it starts, so no reload is needed; Gluster 10.3's
 * reload is broken), and a producer (nodeId `n<i>`, the node's glusterd UUID). Waits until a probe
 * event injected inside the node has come through eventsd and the webhook.
 */
export async function startNodePipeline(options: {
  readonly cluster: GlusterCluster;
  readonly node: number;
  readonly busAddress: string;
  readonly dir: string;
  readonly kafka: Kafka;
  readonly registry: SchemaRegistryClient;
  readonly rawTopic: string;
  readonly events: SeenEvent[];
  readonly cleanup: Cleanup;
  readonly logger: Logger;
}): Promise<NodePipeline> {
  const { cluster, node, busAddress, cleanup, logger } = options;
  const gnode = cluster.nodes[node - 1]!;
  const nodeId = `n${node}`;
  const cli = createGlusterCli({ socketPath: gnode.socketPath });
  const exporter = await startGlusterDbusService({ busAddress, cli, glusterdState: probeGlusterdState(cli), pollIntervalMs: 2_000, logger: logger.child({ component: 'gluster-dbus', nodeId }) });
  cleanup.defer(`gluster-dbus ${nodeId}`, () => exporter.stop());
  const disks = await exportSimulatedDisks({
    busAddress,
    logger,
    node: {
      id: nodeId,
      glusterUuid: gnode.uuid,
      hostname: gnode.hostname,
      drives: [{ device: DRIVE, serial: `GEC-LOOP-N${node}`, model: 'SIMULATED DRIVE UNDER LOOP' }],
      bricks: [{ path: cluster.brickRoot, mountPoint: cluster.brickRoot, layout: { type: 'partition', drive: DRIVE, filesystem: 'ext4' } }],
    },
  });
  cleanup.defer(`simulated disks ${nodeId}`, async () => disks.stop());

  const sink = (): ReturnType<typeof createKafkaSink> => createKafkaSink({ kafka: options.kafka, topic: options.rawTopic, registry: options.registry, registration: 'register', logger });
  const webhook = await startWebhook({
    settings: {
      host: CLUSTER.bridgeAddress, port: 0, path: '/listen',
      auth: { token: TOKEN, jwtSecret: null, skewSeconds: 30 },
      nodeId,
      spool: { dir: join(options.dir, 'webhook-spool'), maxBytes: 16 << 20, fsync: 'interval' },
      flushTimeoutMs: 5_000,
      reconnect: { initialMs: 100, maxMs: 1_000 },
    },
    sink: sink(),
    metrics: createCountingMetrics(),
    webhookMetrics: createCountingWebhookMetrics(),
    logger: logger.child({ component: 'webhook', nodeId }),
    onEvent: (event) => {
      options.events.push({ node, event, at: Date.now() });
      exporter.refreshSoon();
    },
  });
  cleanup.defer(`webhook ${nodeId}`, async () => void (await webhook.stop()));

  await writeFile(join(gnode.dir, 'lib', 'events', 'webhooks.json'), JSON.stringify({ [webhook.url]: { token: TOKEN, secret: '' } }));
  const eventsd = gnode.spawnInside('/usr/sbin/glustereventsd', []);
  eventsd.unref();
  const eventsdPid = eventsd.pid ?? 0;
  // Its own process group holds the daemon and its webhook worker. (The cluster's teardown kills
  // whatever is left in the namespace anyway.)
  cleanup.defer(`glustereventsd ${nodeId}`, async () => signal(-eventsdPid, 'SIGKILL'));
  const probe = `probe-${nodeId}-${process.pid}`;
  await waitFor(async () => {
    // 2 = VOLUME_CREATE (eventskeygen order), sent where glusterd's own events go: the node's 127.0.0.1:55555.
    await gnode.exec('python3', ['-c', `import socket,time; socket.socket(socket.AF_INET, socket.SOCK_DGRAM).sendto(b'%d 2 name=${probe}' % time.time(), ('127.0.0.1', 55555))`]);
    return options.events.some((seen) => seen.node === node && seen.event === 'VOLUME_CREATE');
  }, { timeoutMs: 30_000, intervalMs: 500, what: `a probe event through node ${node}'s glustereventsd and webhook` });

  const producer = await startProducer({
    settings: {
      busAddress,
      nodeId,
      glusterUuid: gnode.uuid,
      spool: { dir: join(options.dir, 'spool'), maxBytes: 64 * 1024 * 1024, fsync: 'interval' },
      heartbeatMs: 1_000,
      services: DEFAULT_WATCHED_SERVICES,
      flushTimeoutMs: 5_000,
      callTimeoutMs: 5_000,
      reconnect: { initialMs: 200, maxMs: 5_000 },
    },
    sink: sink(),
    metrics: createCountingMetrics(),
    logger: logger.child({ component: 'producer', nodeId }),
  });
  cleanup.defer(`producer ${nodeId}`, async () => void (await producer.stop()));
  return { node, exporter, disks, glustereventsdPid: eventsdPid };
}

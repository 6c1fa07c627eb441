import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseSharedSettings, type SharedSettings } from '../config/index.js';
import { createKafkaClient } from '../kafka/index.js';
import type { Logger } from '../logging/index.js';
import { createSchemaRegistryClient, unframe } from '../serde/index.js';
import { parseProcessorSettings } from '../service/index.js';
import { startStack, type RunningStack } from '../stack/index.js';
import { DEMO_NODES, DEMO_VOLUME } from './demo-nodes.js';
import { startLocalPipeline, type LocalPipeline } from './local-pipeline.js';

export interface DemoOptions {
  /** KAFKA_BROKERS + SCHEMA_REGISTRY_URL set: use that cluster (topics get a unique prefix). */
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly cacheDir: string;
  readonly logger: Logger;
  readonly print: (line: string) => void;
}

interface AlertValue { type: string; state: string; severity: string; message: string }
interface VolumeValue { status: string; reportingNodes: string[]; nodesAgree: boolean }
interface Seen { readonly topic: 'alert' | 'volume'; readonly key: string; readonly value: unknown }

/**
 * `npm run demo`: the embedded stack, three simulated Gluster nodes on their own D-Bus buses with
 * producers, and the processor; a scenario whose state changes and alerts are printed as they
 * arrive on the derived topics (read_committed, as a downstream consumer reads them). Stops
 * everything it started, also on failure. Resolves true when every expected alert was seen.
 */
export async function runDemo(options: DemoOptions): Promise<boolean> {
  const { print, logger } = options;
  const dir = await mkdtemp(join(tmpdir(), 'ge-demo-'));
  let stack: RunningStack | undefined;
  let pipeline: LocalPipeline | undefined;
  let readers: { stop(): Promise<void> } | undefined;
  const started = Date.now();
  try {
    let shared: SharedSettings;
    const external = options.env['KAFKA_BROKERS'] !== undefined && options.env['SCHEMA_REGISTRY_URL'] !== undefined;
    if (external) {
      shared = parseSharedSettings({ ...options.env, GLUSTER_EVENTING_TOPIC_PREFIX: `gluster-demo-${Date.now().toString(36)}` });
      print(`using the cluster at ${shared.kafka.brokers.join(',')} (topics ${shared.topicPrefix}.*)`);
    } else {
      print('starting Kafka (KRaft) and Apicurio Registry; the first run downloads them from Maven Central (~220 MB)...');
      ({ stack } = await startStack({ dir: join(dir, 'stack'), ports: 'free', cacheDir: options.cacheDir, lifetime: 'process', logger, onProgress: (line) => print(`  ${line}`) }));
      shared = parseSharedSettings({ KAFKA_BROKERS: stack.brokers.join(','), SCHEMA_REGISTRY_URL: stack.registryUrl });
      print(`stack up: Kafka ${stack.brokers.join(',')}, registry ${stack.registryUrl}`);
    }
    const processor = parseProcessorSettings(
      { registerSchemas: true, applicationId: `${shared.topicPrefix}-demo-processor`, httpPort: '0' },
      { GLUSTER_EVENTING_SILENCE_TIMEOUT_MS: '15000' },
    );
    pipeline = await startLocalPipeline({ shared, processor, nodes: DEMO_NODES, dir: join(dir, 'c'), heartbeatMs: 2_000, logger });
    print(`3 simulated Gluster nodes (srv1, srv2, srv3), a producer per node and the processor are running`);
    const httpUrl = pipeline.processor()?.httpUrl;
    if (httpUrl !== undefined) print(`live view: ${httpUrl}/  (queries: ${httpUrl}/volumes, ${httpUrl}/alerts)`);

    const seen: Seen[] = [];
    readers = await readDerivedTopics(shared, pipeline, (record) => {
      seen.push(record);
      if (record.topic === 'alert') {
        const alert = record.value as AlertValue;
        print(`  alert  ${alert.state.padEnd(8)} ${alert.severity.padEnd(8)} ${alert.type}: ${alert.message}`);
      } else if (record.value === null) print(`  state  volume ${record.key} deleted`);
      else {
        const volume = record.value as VolumeValue;
        print(`  state  volume ${record.key} ${volume.status} (reported by ${volume.reportingNodes.join(', ')}${volume.nodesAgree ? '' : '; nodes disagree'})`);
      }
    });
    const expect = async (what: string, predicate: (record: Seen) => boolean): Promise<boolean> => {
      const deadline = Date.now() + 45_000;
      while (Date.now() < deadline) {
        if (seen.some(predicate)) return true;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      print(`  !! expected ${what}, not seen within 45 s`);
      return false;
    };
    const alertIs = (type: string, state: string) => (record: Seen) => record.topic === 'alert' && (record.value as AlertValue).type === type && (record.value as AlertValue).state === state;
    const volumeIs = (status: string, nodes = 3) => (record: Seen) =>
      record.topic === 'volume' && (record.value as VolumeValue | null)?.status === status && (record.value as VolumeValue).reportingNodes.length === nodes;

    const results: boolean[] = [];
    const step = async (title: string, act: () => Promise<void> | void, what: string, ...predicates: ((record: Seen) => boolean)[]): Promise<void> => {
      print(`\n▶ ${title}`);
      await act();
      for (const predicate of predicates) results.push(await expect(what, predicate));
    };
    const { cluster } = pipeline;
    await step('volume gv0 is created on every node', () => cluster.apply({ action: 'volume.create', volume: DEMO_VOLUME.name, id: DEMO_VOLUME.id, bricks: [...DEMO_VOLUME.bricks] }), 'gv0 CREATED', volumeIs('CREATED'));
    await step('volume gv0 is started (all three nodes report it: one state change)', () => cluster.apply({ action: 'volume.start', volume: DEMO_VOLUME.name }), 'gv0 STARTED', volumeIs('STARTED'));
    await step("drive WD-1C under srv1's thin-pool brick starts failing SMART", () => cluster.node('node1').setSmartFailing('sdc', true), 'BRICK_ON_FAILING_DRIVE', alertIs('BRICK_ON_FAILING_DRIVE', 'RAISED'), alertIs('DRIVE_SMART_FAILING', 'RAISED'));
    await step('glusterd stops on srv3', () => cluster.node('node3').setGlusterdState({ activeState: 'failed' }), 'GLUSTERD_DOWN', alertIs('GLUSTERD_DOWN', 'RAISED'));
    await step('the drive is replaced (SMART healthy again) and glusterd restarted', () => {
      cluster.node('node1').setSmartFailing('sdc', false);
      cluster.node('node3').setGlusterdState({ activeState: 'active' });
    }, 'alerts resolved', alertIs('BRICK_ON_FAILING_DRIVE', 'RESOLVED'), alertIs('GLUSTERD_DOWN', 'RESOLVED'));
    await step('volume gv0 is stopped', () => cluster.apply({ action: 'volume.stop', volume: DEMO_VOLUME.name }), 'VOLUME_STOPPED', volumeIs('STOPPED'), alertIs('VOLUME_STOPPED', 'RAISED'));

    const alerts = seen.filter((record) => record.topic === 'alert').map((record) => record.value as AlertValue);
    const open = new Map<string, AlertValue>();
    for (const record of seen) if (record.topic === 'alert') open.set(record.key, record.value as AlertValue);
    print('\n── summary ─────────────────────────────────────────────');
    print(`volume gv0: ${(seen.filter((record) => record.topic === 'volume').at(-1)?.value as VolumeValue | undefined)?.status ?? '?'}; ${seen.filter((record) => record.topic === 'volume').length} state records for 3 nodes × 3 transitions`);
    print(`alerts: ${alerts.filter((alert) => alert.state === 'RAISED').length} raised, ${alerts.filter((alert) => alert.state === 'RESOLVED').length} resolved`);
    for (const [alertId, alert] of open) if (alert.state === 'RAISED') print(`still open: ${alertId} (${alert.severity})`);
    const ok = results.every(Boolean);
    print(`${ok ? 'every expected state change and alert was seen' : 'SOME EXPECTED EVENTS WERE NOT SEEN'} in ${Math.round((Date.now() - started) / 1000)} s; stopping everything`);
    return ok;
  } finally {
    await readers?.stop().catch(() => undefined);
    await pipeline?.stop().catch((error: unknown) => logger.warn({ err: error }, 'stopping the pipeline failed'));
    await stack?.stop().catch((error: unknown) => logger.warn({ err: error }, 'stopping the stack failed'));
    await rm(dir, { recursive: true, force: true });
  }
}

async function readDerivedTopics(shared: SharedSettings, pipeline: LocalPipeline, onRecord: (record: Seen) => void): Promise<{ stop(): Promise<void> }> {
  const kafka = createKafkaClient({ ...shared.kafka, clientId: 'demo-reader', logger: (await import('../logging/index.js')).silentLogger });
  const registry = createSchemaRegistryClient(shared.schemaRegistry);
  const consumer = kafka.consumer({ groupId: `${shared.topicPrefix}-demo-reader-${Date.now()}`, readUncommitted: false, maxWaitTimeInMs: 100 });
  await consumer.connect();
  await consumer.subscribe({ topics: [pipeline.names.alerts, pipeline.names.volumes], fromBeginning: true });
  await consumer.run({
    eachMessage: async ({ topic, message }) => {
      let value: unknown = null;
      if (message.value !== null) {
        const { schemaId, body } = unframe(message.value);
        value = (await registry.writerType(schemaId)).fromBuffer(body);
      }
      onRecord({ topic: topic === pipeline.names.alerts ? 'alert' : 'volume', key: message.key?.toString('utf8') ?? '', value });
    },
  });
  return { stop: () => consumer.disconnect() };
}

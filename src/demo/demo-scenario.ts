import type { SharedSettings } from '../config/index.js';
import { createKafkaClient } from '../kafka/index.js';
import { silentLogger } from '../logging/index.js';
import { createSchemaRegistryClient, unframe } from '../serde/index.js';
import { DEMO_VOLUME } from './demo-nodes.js';
import type { LocalPipeline } from './local-pipeline.js';

interface AlertValue { type: string; state: string; severity: string; message: string }
interface VolumeValue { status: string; reportingNodes: string[]; nodesAgree: boolean; risk: { level: string; tolerates: number } | null }
interface Seen { readonly topic: 'alert' | 'volume'; readonly key: string; readonly value: unknown }

/** How long each step waits for what it expects on the derived topics. */
const EXPECT_WITHIN_MS = 45_000;

/** What the demo's downstream reader has seen; it prints each record as it arrives until stopped. */
export interface DerivedTopicsReader {
  readonly seen: readonly Seen[];
  stop(): Promise<void>;
}

/**
 * Reads the alert and volume-state topics as a downstream consumer does (read_committed, from the
 * beginning, values decoded through the registry) and prints every record, during the scenario and
 * after it while the demo keeps running.
 */
export async function readDerivedTopics(shared: SharedSettings, pipeline: LocalPipeline, print: (line: string) => void): Promise<DerivedTopicsReader> {
  const seen: Seen[] = [];
  const kafka = createKafkaClient({ ...shared.kafka, clientId: 'demo-reader', logger: silentLogger });
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
      const record: Seen = { topic: topic === pipeline.names.alerts ? 'alert' : 'volume', key: message.key?.toString('utf8') ?? '', value };
      seen.push(record);
      print(describe(record));
    },
  });
  return { seen, stop: () => consumer.disconnect() };
}

function describe(record: Seen): string {
  if (record.topic === 'alert') {
    const alert = record.value as AlertValue;
    return `  alert  ${alert.state.padEnd(8)} ${alert.severity.padEnd(8)} ${alert.type}: ${alert.message}`;
  }
  if (record.value === null) return `  state  volume ${record.key} deleted`;
  const volume = record.value as VolumeValue;
  const risk = volume.risk === null ? '' : `, risk ${volume.risk.level}: survives ${volume.risk.tolerates} more brick failure(s)`;
  return `  state  volume ${record.key} ${volume.status} (reported by ${volume.reportingNodes.join(', ')}${volume.nodesAgree ? '' : '; nodes disagree'}${risk})`;
}

/**
 * The demo's scenario on the simulated cluster: each step changes the nodes' D-Bus objects, then waits
 * up to 45 s for the state changes and alerts it should cause on the derived topics. Resolves true
 * when every one was seen, false when one was not or `signal` aborted it (the remaining steps are skipped).
 */
export async function playDemoScenario(pipeline: LocalPipeline, reader: DerivedTopicsReader, print: (line: string) => void, signal: AbortSignal): Promise<boolean> {
  const { seen } = reader;
  const expect = async (what: string, predicate: (record: Seen) => boolean): Promise<boolean> => {
    const deadline = Date.now() + EXPECT_WITHIN_MS;
    while (Date.now() < deadline && !signal.aborted) {
      if (seen.some(predicate)) return true;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    if (!signal.aborted) print(`  !! expected ${what}, not seen within ${EXPECT_WITHIN_MS / 1000} s`);
    return false;
  };
  const alertIs = (type: string, state: string) => (record: Seen) => record.topic === 'alert' && (record.value as AlertValue).type === type && (record.value as AlertValue).state === state;
  const volumeIs = (status: string, nodes = 3) => (record: Seen) =>
    record.topic === 'volume' && (record.value as VolumeValue | null)?.status === status && (record.value as VolumeValue).reportingNodes.length === nodes;

  const results: boolean[] = [];
  const step = async (title: string, act: () => Promise<void> | void, what: string, ...predicates: ((record: Seen) => boolean)[]): Promise<void> => {
    if (signal.aborted) return void results.push(false);
    print(`\n▶ ${title}`);
    await act();
    for (const predicate of predicates) results.push(await expect(what, predicate));
  };
  const { cluster } = pipeline;
  await step('volume gv0 (replica 3) is created on every node', () => cluster.apply({ action: 'volume.create', volume: DEMO_VOLUME.name, id: DEMO_VOLUME.id, bricks: [...DEMO_VOLUME.bricks], layout: DEMO_VOLUME.layout }), 'gv0 CREATED', volumeIs('CREATED'));
  await step('volume gv0 is started (all three nodes report it: one state change)', () => cluster.apply({ action: 'volume.start', volume: DEMO_VOLUME.name }), 'gv0 STARTED', volumeIs('STARTED'));
  await step(
    "drive WD-1C under srv1's thin-pool brick starts failing SMART: with that brick counted as lost, gv0 has no margin left",
    () => cluster.node('node1').setSmartFailing('sdc', true),
    'BRICK_ON_FAILING_DRIVE and VOLUME_AT_RISK',
    alertIs('BRICK_ON_FAILING_DRIVE', 'RAISED'),
    alertIs('DRIVE_SMART_FAILING', 'RAISED'),
    alertIs('VOLUME_AT_RISK', 'RAISED'),
  );
  await step('glusterd stops on srv3', () => cluster.node('node3').setGlusterdState({ activeState: 'failed' }), 'GLUSTERD_DOWN', alertIs('GLUSTERD_DOWN', 'RAISED'));
  await step('the drive is replaced (SMART healthy again) and glusterd restarted', () => {
    cluster.node('node1').setSmartFailing('sdc', false);
    cluster.node('node3').setGlusterdState({ activeState: 'active' });
  }, 'alerts resolved', alertIs('BRICK_ON_FAILING_DRIVE', 'RESOLVED'), alertIs('GLUSTERD_DOWN', 'RESOLVED'), alertIs('VOLUME_AT_RISK', 'RESOLVED'));
  await step('volume gv0 is stopped', () => cluster.apply({ action: 'volume.stop', volume: DEMO_VOLUME.name }), 'VOLUME_STOPPED', volumeIs('STOPPED'), alertIs('VOLUME_STOPPED', 'RAISED'));
  if (signal.aborted) return false;
  printSummary(seen, print);
  return results.every(Boolean);
}

function printSummary(seen: readonly Seen[], print: (line: string) => void): void {
  const volumes = seen.filter((record) => record.topic === 'volume');
  const alerts = seen.filter((record) => record.topic === 'alert').map((record) => record.value as AlertValue);
  const open = new Map<string, AlertValue>();
  for (const record of seen) if (record.topic === 'alert') open.set(record.key, record.value as AlertValue);
  print('\n── summary ─────────────────────────────────────────────');
  print(`volume gv0: ${(volumes.at(-1)?.value as VolumeValue | undefined)?.status ?? '?'}; ${volumes.length} state records (status and risk changes) for 3 nodes × 3 transitions`);
  print(`alerts: ${alerts.filter((alert) => alert.state === 'RAISED').length} raised, ${alerts.filter((alert) => alert.state === 'RESOLVED').length} resolved`);
  for (const [alertId, alert] of open) if (alert.state === 'RAISED') print(`still open: ${alertId} (${alert.severity})`);
}

import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { parseSharedSettings } from '../../src/config/index.js';
import { startLocalPipeline, type LocalPipeline } from '../../src/demo/local-pipeline.js';
import { createLogger } from '../../src/logging/index.js';
import { createSchemaRegistryClient } from '../../src/serde/index.js';
import { parseProcessorSettings } from '../../src/service/index.js';
import type { NodeSpecInput } from '../../src/simulator/index.js';
import { readTopic, type ReadRecord } from '../helpers/topic-reader.js';
import { uniqueName, useTestStack, waitFor, type TestStack } from '../helpers/stack.js';

interface Alert { alertId: string; type: string; state: string; volume: string | null; brick: string | null; nodeId: string | null; drive: string | null }
interface Volume { name: string; status: string; nodesAgree: boolean; reportingNodes: string[] }

const NODES: NodeSpecInput[] = ['1', '2', '3'].map((n) => ({
  id: `node${n}`,
  glusterUuid: `0b1f3a1e-5c1d-4a6e-9a53-1d6f1e6a000${n}`,
  hostname: `srv${n}`,
  drives: [{ device: 'sda', kind: 'ata', model: 'SIM HDD', serial: `S${n}A` }],
  bricks: [{ path: '/bricks/b1', layout: { type: 'partition', drive: 'sda' } }],
}));
const BRICKS = NODES.map((node) => `${node.hostname}:/bricks/b1`);

describe('the Gluster pipelines end to end: 3 simulated nodes, their producers, the processor, real Kafka', () => {
  let stack: TestStack;
  let pipeline: LocalPipeline;
  let alerts: { records: ReadRecord<Alert>[]; stop(): Promise<void> };
  let volumes: { records: ReadRecord<Volume>[]; stop(): Promise<void> };
  let dir: string;
  const phases: Record<string, number> = {};
  const raisedOrResolved = (type: string, state: string, extra: (alert: Alert) => boolean = () => true) =>
    alerts.records.filter((record) => record.value?.type === type && record.value.state === state && extra(record.value));

  before(async () => {
    stack = await useTestStack();
    dir = mkdtempSync(join(tmpdir(), 'ge-e2e-'));
    const prefix = uniqueName('e2e');
    const shared = parseSharedSettings({ KAFKA_BROKERS: stack.brokers.join(','), SCHEMA_REGISTRY_URL: stack.registryUrl, GLUSTER_EVENTING_TOPIC_PREFIX: prefix });
    const processor = parseProcessorSettings(
      { applicationId: `${prefix}-processor`, registerSchemas: true, httpPort: '0' },
      { GLUSTER_EVENTING_SILENCE_TIMEOUT_MS: '6000', GLUSTER_EVENTING_PUNCTUATE_EVERY_MS: '500' },
    );
    const logger = createLogger({ level: process.env['E2E_LOG'] ?? 'silent' });
    pipeline = await startLocalPipeline({ shared, processor, nodes: NODES, dir, heartbeatMs: 1_000, logger });
    const registry = createSchemaRegistryClient({ url: stack.registryUrl });
    alerts = await readTopic<Alert>({ brokers: stack.brokers, registry, topic: pipeline.names.alerts, groupId: `${prefix}-alerts-reader` });
    volumes = await readTopic<Volume>({ brokers: stack.brokers, registry, topic: pipeline.names.volumes, groupId: `${prefix}-volumes-reader` });
    await pipeline.cluster.apply({ action: 'volume.create', volume: 'gv0', id: '6b5e8c1a-2f1d-4c7e-8a9b-0c1d2e3f4a5b', bricks: BRICKS });
    await waitFor(() => volumes.records.some((record) => record.value?.status === 'CREATED' && record.value.reportingNodes.length === NODES.length), {
      timeoutMs: 60_000,
      what: 'gv0 CREATED, reported by every node',
    });
  });

  after(async () => {
    await alerts?.stop().catch(() => undefined);
    await volumes?.stop().catch(() => undefined);
    await pipeline?.stop();
    await stack?.stop();
    if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
  });

  test('a volume started on all nodes is exactly one state update', async () => {
    const before = volumes.records.length;
    await pipeline.cluster.apply({ action: 'volume.start', volume: 'gv0' });
    await waitFor(() => volumes.records.slice(before).some((record) => record.value?.status === 'STARTED'), { timeoutMs: 20_000, what: 'STARTED' });
    // Give redundant reports from the other nodes time to arrive (and be ignored).
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    assert.deepEqual(volumes.records.slice(before).map((record) => [record.key, record.value?.status]), [['gv0', 'STARTED']]);
  });

  test('a drive under a brick starts failing SMART: BRICK_ON_FAILING_DRIVE within 2 s; recovery resolves it', async () => {
    const node = pipeline.cluster.node('node2');
    const started = Date.now();
    node.setSmartFailing('sda', true);
    const [raised] = await waitFor(() => {
      const found = raisedOrResolved('BRICK_ON_FAILING_DRIVE', 'RAISED');
      return found.length > 0 ? found : undefined;
    }, { timeoutMs: 20_000, what: 'BRICK_ON_FAILING_DRIVE RAISED' });
    const latencyMs = (raised?.seenAt ?? 0) - started;
    process.stdout.write(`# SMART failing -> BRICK_ON_FAILING_DRIVE visible (read_committed) in ${latencyMs} ms\n`);
    assert.equal(raised?.value?.volume, 'gv0');
    assert.equal(raised?.value?.brick, 'srv2:/bricks/b1');
    assert.equal(raised?.value?.nodeId, 'node2');
    assert.match(raised?.value?.drive ?? '', /S2A/);
    assert.ok(latencyMs < 2_000, `alert took ${latencyMs} ms`);

    node.setSmartFailing('sda', false);
    await waitFor(() => raisedOrResolved('BRICK_ON_FAILING_DRIVE', 'RESOLVED').length > 0, { timeoutMs: 20_000, what: 'RESOLVED' });
    assert.equal(raisedOrResolved('BRICK_ON_FAILING_DRIVE', 'RAISED').length, 1, 'one alert per condition');
  });

  test('glusterd stopped on one node raises GLUSTERD_DOWN for that node', async () => {
    pipeline.cluster.node('node3').setGlusterdState({ activeState: 'inactive' });
    await waitFor(() => raisedOrResolved('GLUSTERD_DOWN', 'RAISED', (alert) => alert.nodeId === 'node3').length > 0, { timeoutMs: 20_000, what: 'GLUSTERD_DOWN' });
    pipeline.cluster.node('node3').setGlusterdState({ activeState: 'active' });
    await waitFor(() => raisedOrResolved('GLUSTERD_DOWN', 'RESOLVED').length > 0, { timeoutMs: 20_000, what: 'GLUSTERD_DOWN resolved' });
  });

  test('the processor restarted in the middle changes nothing: no duplicate alerts, state continues', async () => {
    phases['stop'] = Date.now();
    await pipeline.stopProcessor();
    phases['stopped'] = Date.now();
    pipeline.cluster.node('node1').setSmartFailing('sda', true);
    await pipeline.startProcessor();
    phases['started'] = Date.now();
    await waitFor(() => raisedOrResolved('BRICK_ON_FAILING_DRIVE', 'RAISED', (alert) => alert.brick === 'srv1:/bricks/b1').length > 0, { timeoutMs: 60_000, what: 'alert after restart' });
    await pipeline.cluster.apply({ action: 'volume.stop', volume: 'gv0' });
    await waitFor(() => raisedOrResolved('VOLUME_STOPPED', 'RAISED').length > 0, { timeoutMs: 20_000, what: 'VOLUME_STOPPED' });
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    const byId = new Map<string, string[]>();
    for (const record of alerts.records) byId.set(record.key, [...(byId.get(record.key) ?? []), record.value?.state ?? 'null']);
    for (const [alertId, states] of byId) {
      for (let index = 1; index < states.length; index += 1) assert.notEqual(states[index], states[index - 1], `${alertId} repeated ${states[index]}: ${states.join(',')}`);
    }
    const stopped = volumes.records.filter((record) => record.value?.status === 'STOPPED');
    assert.equal(stopped.length, 1, 'one STOPPED update');
  });

  test("a node's producer killed: NODE_SILENT once its heartbeats stop", async () => {
    phases['kill'] = Date.now();
    await pipeline.killProducer('node1');
    await waitFor(() => raisedOrResolved('NODE_SILENT', 'RAISED', (alert) => alert.nodeId === 'node1').length > 0, { timeoutMs: 30_000, what: 'NODE_SILENT' });
    const silent = alerts.records.filter((record) => record.value?.type === 'NODE_SILENT').map((record) => `${record.value?.nodeId} ${record.value?.state}`);
    if (silent.length > 1) process.stdout.write(`# phases ${JSON.stringify(phases)} silent ${JSON.stringify(alerts.records.filter((record) => record.value?.type === 'NODE_SILENT').map((record) => [record.value?.nodeId, record.value?.state, record.seenAt, (record.value as unknown as { raisedAt: number }).raisedAt, (record.value as unknown as { evidence: unknown }).evidence]))}\n`);
    assert.deepEqual(silent, ['node1 RAISED'], 'only the killed node is silent');
  });
});

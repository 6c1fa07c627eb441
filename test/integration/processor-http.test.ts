import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { parseSharedSettings } from '../../src/config/index.js';
import { startLocalPipeline, type LocalPipeline } from '../../src/demo/local-pipeline.js';
import { createLogger } from '../../src/logging/index.js';
import { parseProcessorSettings } from '../../src/service/index.js';
import type { NodeSpecInput } from '../../src/simulator/index.js';
import { uniqueName, useTestStack, waitFor, type TestStack } from '../helpers/stack.js';

const NODES: NodeSpecInput[] = ['1', '2'].map((n) => ({
  id: `node${n}`,
  glusterUuid: `0b1f3a1e-5c1d-4a6e-9a53-1d6f1e6a100${n}`,
  hostname: `srv${n}`,
  drives: [{ device: 'sda', kind: 'ata', model: 'SIM HDD', serial: `S${n}A` }],
  bricks: [{ path: '/bricks/b1', layout: { type: 'partition', drive: 'sda' } }],
}));
const BRICKS = NODES.map((node) => `${node.hostname}:/bricks/b1`);

const getJson = async (url: string): Promise<{ status: number; body: any }> => {
  const response = await fetch(url);
  return { status: response.status, body: (await response.json()) as unknown };
};

describe('the processor HTTP service on the real stack: health, readiness, metrics, queries', () => {
  let stack: TestStack;
  let pipeline: LocalPipeline;
  let dir: string;
  let url: string;
  let rawTopic: string;

  before(async () => {
    stack = await useTestStack();
    dir = mkdtempSync(join(tmpdir(), 'ge-http-'));
    const prefix = uniqueName('http');
    const shared = parseSharedSettings({ KAFKA_BROKERS: stack.brokers.join(','), SCHEMA_REGISTRY_URL: stack.registryUrl, GLUSTER_EVENTING_TOPIC_PREFIX: prefix });
    const processor = parseProcessorSettings({ applicationId: `${prefix}-processor`, registerSchemas: true, httpPort: '0' }, { GLUSTER_EVENTING_PUNCTUATE_EVERY_MS: '500' });
    const logger = createLogger({ level: process.env['E2E_LOG'] ?? 'silent' });
    pipeline = await startLocalPipeline({ shared, processor, nodes: NODES, dir, heartbeatMs: 1_000, logger });
    url = pipeline.processor()?.httpUrl ?? assert.fail('no processor');
    rawTopic = pipeline.names.raw;
  });

  after(async () => {
    await pipeline?.stop();
    await stack?.stop();
    if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
  });

  test('/healthz is 200 and /readyz turns 200 once every assigned task is restored', async () => {
    assert.equal((await fetch(`${url}/healthz`)).status, 200);
    const ready = await waitFor(async () => {
      const { status, body } = await getJson(`${url}/readyz`);
      return status === 200 ? body : undefined;
    }, { timeoutMs: 30_000, what: '/readyz 200' });
    assert.match(ready.reason, /^running \d+ tasks$/);
  });

  test('a volume created then started is STARTED on /volumes/gv0, answered by this instance alone', async () => {
    await pipeline.cluster.apply({ action: 'volume.create', volume: 'gv0', id: '6b5e8c1a-2f1d-4c7e-8a9b-0c1d2e3f4a5c', bricks: BRICKS });
    await waitFor(async () => (await getJson(`${url}/volumes/gv0`)).body.item?.status === 'CREATED', { timeoutMs: 60_000, what: 'gv0 CREATED' });
    await pipeline.cluster.apply({ action: 'volume.start', volume: 'gv0' });
    const { body } = await waitFor(async () => {
      const answer = await getJson(`${url}/volumes/gv0`);
      return answer.body.item?.status === 'STARTED' ? answer : undefined;
    }, { timeoutMs: 20_000, what: 'gv0 STARTED' });
    assert.deepEqual(body.item.bricks, BRICKS);
    assert.equal(body.partial, false);
    assert.ok(body.tasks.length > 0);
    assert.deepEqual((await getJson(`${url}/volumes`)).body.items.map((volume: { name: string }) => volume.name), ['gv0']);
    assert.equal((await fetch(`${url}/volumes/nope`)).status, 404);
    const nodes = await waitFor(async () => {
      const items = (await getJson(`${url}/nodes`)).body.items as Array<{ nodeId: string; liveness: string }>;
      return items.length === NODES.length ? items : undefined;
    }, { timeoutMs: 20_000, what: 'both nodes' });
    assert.deepEqual(nodes.map((node) => [node.nodeId, node.liveness]), [['node1', 'LIVE'], ['node2', 'LIVE']]);
  });

  test('a failing drive under a brick shows in /alerts?state=raised, /bricks and /drives', async () => {
    pipeline.cluster.node('node2').setSmartFailing('sda', true);
    const alerts = await waitFor(async () => {
      const items = (await getJson(`${url}/alerts?state=raised`)).body.items as Array<{ type: string; brick: string | null; severity: string }>;
      return items.some((alert) => alert.type === 'BRICK_ON_FAILING_DRIVE') ? items : undefined;
    }, { timeoutMs: 20_000, what: 'BRICK_ON_FAILING_DRIVE raised' });
    const raised = alerts.find((alert) => alert.type === 'BRICK_ON_FAILING_DRIVE');
    assert.equal(raised?.brick, 'srv2:/bricks/b1');
    assert.equal(alerts[0]?.severity, 'CRITICAL', 'most severe first');
    const bricks = (await getJson(`${url}/bricks`)).body.items as Array<{ name: string; health: string }>;
    assert.deepEqual(bricks.map((brick) => [brick.name, brick.health]), [['srv1:/bricks/b1', 'HEALTHY'], ['srv2:/bricks/b1', 'FAILING']]);
    const drives = (await getJson(`${url}/drives`)).body.items as Array<{ nodeId: string; health: string }>;
    assert.deepEqual(drives.map((drive) => [drive.nodeId, drive.health]), [['node1', 'HEALTHY'], ['node2', 'FAILING']]);
  });

  test('/metrics has the streams counters, dedup hits, store sizes, commit latency, consumer lag and Node defaults', async () => {
    const text = await waitFor(async () => {
      const body = await (await fetch(`${url}/metrics`)).text();
      return body.includes('streams_consumer_lag{') ? body : undefined;
    }, { timeoutMs: 20_000, what: 'consumer lag measured' });
    assert.match(text, new RegExp(`streams_records_in_total\\{topic="${rawTopic}"\\} [1-9]`));
    assert.match(text, /streams_records_out_total\{topic="[^"]+"\} [1-9]/);
    assert.match(text, /streams_dedup_hits_total\{processor="[^"]+"\} [1-9]/, 'N nodes report each volume change: all but one change nothing');
    assert.match(text, /streams_store_entries\{store="volume-aggregates-by-name",task="[^"]+"\} 1/);
    assert.match(text, /streams_commit_latency_seconds_count\{mode="exactly-once"\} [1-9]/);
    assert.match(text, /process_cpu_user_seconds_total/);
  });

  test('stopping the processor closes its HTTP server', async () => {
    await pipeline.stopProcessor();
    await assert.rejects(fetch(`${url}/healthz`));
  });
});

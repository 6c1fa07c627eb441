import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import { Registry } from 'prom-client';
import { silentLogger } from '../../../src/logging/index.js';
import { createProcessorHttpApp, type Readiness } from '../../../src/service/http/index.js';
import { bindStreamsMetrics } from '../../../src/service/metrics/index.js';
import { glusterStores, memoryReader } from './fixtures.js';

function app(options: { partial?: boolean; readiness?: Readiness } = {}) {
  const registry = new Registry();
  const reader = memoryReader(glusterStores(), options.partial === true ? { tasks: ['0_1'], partitions: 3 } : {});
  const http = createProcessorHttpApp({ reader, readiness: () => options.readiness ?? { ready: true, reason: 'running 1 tasks' }, registry, logger: silentLogger });
  return { http, registry };
}

describe('processor HTTP: health, metrics and queries over an in-memory store view', () => {
  const { http, registry } = app();
  after(() => http.close());

  test('/healthz answers 200 whatever the streams state', async () => {
    const { http: starting } = app({ readiness: { ready: false, reason: 'starting' } });
    assert.equal((await starting.inject('/healthz')).statusCode, 200);
  });

  test('/readyz is 503 with the reason until ready, then 200', async () => {
    const { http: restoring } = app({ readiness: { ready: false, reason: 'restoring: 2 tasks running' } });
    const before = await restoring.inject('/readyz');
    assert.equal(before.statusCode, 503);
    assert.deepEqual(before.json(), { ready: false, reason: 'restoring: 2 tasks running' });
    assert.equal((await http.inject('/readyz')).statusCode, 200);
  });

  test('/metrics serves the streams counters in Prometheus text format, commit latency in seconds', async () => {
    const metrics = bindStreamsMetrics(registry);
    metrics.increment('streams_records_in_total', { topic: 'raw' }, 3);
    metrics.increment('streams_dedup_hits_total', { processor: 'volume-state' });
    metrics.observe('streams_commit_latency_ms', { mode: 'exactly-once' }, 20);
    const response = await http.inject('/metrics');
    assert.equal(response.statusCode, 200);
    assert.match(String(response.headers['content-type']), /text\/plain/);
    assert.match(response.body, /streams_records_in_total\{topic="raw"\} 3/);
    assert.match(response.body, /streams_dedup_hits_total\{processor="volume-state"\} 1/);
    assert.match(response.body, /streams_commit_latency_seconds_sum\{mode="exactly-once"\} 0\.02/);
    assert.match(response.body, /streams_store_entries/);
  });

  test('/volumes lists the published states by name, skipping aggregates never published', async () => {
    const body = (await http.inject('/volumes')).json();
    assert.deepEqual(body.items.map((v: { name: string; status: string }) => [v.name, v.status]), [['gv0', 'STARTED'], ['gv1', 'STOPPED']]);
    assert.deepEqual(body.tasks, ['0_0']);
    assert.equal(body.partial, false);
  });

  test('/volumes/:name answers one volume, 404 for an unknown one', async () => {
    const found = await http.inject('/volumes/gv0');
    assert.equal(found.statusCode, 200);
    assert.equal(found.json().item.status, 'STARTED');
    const missing = await http.inject('/volumes/nope');
    assert.equal(missing.statusCode, 404);
    assert.equal(missing.json().partial, false);
  });

  test('with some partitions on other instances the answer says partial and which tasks answered', async () => {
    const { http: partial } = app({ partial: true });
    const missing = await partial.inject('/volumes/nope');
    assert.equal(missing.statusCode, 404);
    assert.deepEqual(missing.json(), { error: "volume nope is not in this instance's partitions (another instance may own it)", tasks: ['0_1'], partial: true });
    assert.equal((await partial.inject('/bricks')).json().partial, true);
  });

  test('/alerts?state=raised gathers every pipeline\'s open alerts, critical first then newest', async () => {
    const body = (await http.inject('/alerts?state=raised')).json();
    assert.deepEqual(body.items.map((a: { type: string }) => a.type), ['BRICK_ON_FAILING_DRIVE', 'NODE_SILENT', 'VOLUME_STOPPED']);
    assert.deepEqual((await http.inject('/alerts')).json().items.length, 3, 'raised is the default');
  });

  test('/alerts?state=resolved is refused with the reason (resolved alerts are not kept in state)', async () => {
    const response = await http.inject('/alerts?state=resolved');
    assert.equal(response.statusCode, 400);
    assert.match(response.json().error, /alerts topic/);
  });

  test('/bricks, /drives and /nodes list the published states', async () => {
    assert.deepEqual((await http.inject('/bricks')).json().items.map((b: { name: string; health: string }) => [b.name, b.health]), [['srv1:/bricks/b1', 'HEALTHY'], ['srv2:/bricks/b1', 'FAILING']]);
    assert.deepEqual((await http.inject('/drives')).json().items.map((d: { nodeId: string; health: string }) => [d.nodeId, d.health]), [['node1', 'HEALTHY'], ['node2', 'FAILING']]);
    assert.deepEqual((await http.inject('/nodes')).json().items.map((n: { nodeId: string; liveness: string }) => [n.nodeId, n.liveness]), [['node1', 'LIVE'], ['node2', 'SILENT']]);
  });

  test('an unknown path is a 404', async () => {
    assert.equal((await http.inject('/nothing')).statusCode, 404);
  });
});

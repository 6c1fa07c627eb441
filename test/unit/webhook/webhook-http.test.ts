import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, test } from 'node:test';
import { silentLogger } from '../../../src/logging/index.js';
import { createCountingMetrics, createRecordCodec, unpackPayload, type RecordSink } from '../../../src/producer/index.js';
import { createCountingWebhookMetrics, startWebhook, type RunningWebhook } from '../../../src/webhook/index.js';
import { CAPTURED_BODIES, glusterJwt } from './captured-bodies.js';

const TOKEN = 'tok123-long-enough';
const cleanups: (() => Promise<unknown> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** A sink that records what it was sent, or fails every send while `failing` is set. */
function fakeSink(): RecordSink & { sent: Buffer[]; failing: boolean } {
  const sink = {
    sent: [] as Buffer[],
    failing: false,
    async send(payloads: readonly Buffer[]) {
      if (sink.failing) throw new Error('broker away');
      sink.sent.push(...payloads);
    },
    async close() {},
  };
  return sink;
}

async function webhook(overrides: { spoolMaxBytes?: number; jwtSecret?: string } = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'webhook-'));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  const sink = fakeSink();
  const metrics = createCountingMetrics();
  const webhookMetrics = createCountingWebhookMetrics();
  const events: string[] = [];
  const running: RunningWebhook = await startWebhook({
    settings: {
      host: '127.0.0.1',
      port: 0,
      path: '/listen',
      auth: { token: TOKEN, jwtSecret: overrides.jwtSecret ?? null, skewSeconds: 30 },
      nodeId: 'webhook-node',
      spool: { dir: join(dir, 'spool'), maxBytes: overrides.spoolMaxBytes ?? 1 << 20, fsync: 'interval' },
      flushTimeoutMs: 1000,
      reconnect: { initialMs: 10, maxMs: 50 },
    },
    sink,
    metrics,
    webhookMetrics,
    logger: silentLogger,
    onEvent: (event) => events.push(event),
  });
  cleanups.push(() => running.stop());
  const post = (body: string, authorization: string | null = `Bearer ${TOKEN}`, contentType = 'application/json') =>
    fetch(running.url, { method: 'POST', body, headers: { 'content-type': contentType, 'user-agent': 'python-requests/2.28.1', ...(authorization === null ? {} : { authorization }) } });
  return { running, sink, metrics, webhookMetrics, events, post, spoolDir: join(dir, 'spool') };
}

const spooledBytes = (dir: string): number => readdirSync(dir).filter((name) => name.endsWith('.seg')).reduce((sum, name) => sum + statSync(join(dir, name)).size, 0);

describe('webhook over HTTP (fake sink)', () => {
  test('the empty webhook-test POST is answered 200 and counted; nothing is produced', async () => {
    const hook = await webhook();
    const response = await hook.post('');
    assert.equal(response.status, 200);
    assert.deepEqual(await response.json(), { ok: true, test: true });
    assert.equal(hook.webhookMetrics.counts.test, 1);
    assert.equal(spooledBytes(hook.spoolDir), 0);
    assert.deepEqual(hook.sink.sent, []);
  });

  test('captured events: 200 each, in the spool file when the 200 arrives, delivered in order, decodable', async () => {
    const hook = await webhook();
    hook.sink.failing = true; // so the spool, not Kafka, must be what holds them at the 200
    for (const [index, body] of CAPTURED_BODIES.entries()) {
      assert.equal((await hook.post(body)).status, 200);
      assert.ok(spooledBytes(hook.spoolDir) > 0, `event ${index} is on disk when answered`);
    }
    assert.equal(hook.webhookMetrics.counts.accepted, CAPTURED_BODIES.length);
    hook.sink.failing = false;
    const codec = createRecordCodec();
    const deadline = Date.now() + 5000;
    while (hook.sink.sent.length < CAPTURED_BODIES.length && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
    const decoded = hook.sink.sent.map((payload) => codec.decode(unpackPayload(payload)));
    assert.deepEqual(decoded.map(({ value }) => value.properties['event']?.value), CAPTURED_BODIES.map((body) => JSON.parse(body).event));
    assert.deepEqual(decoded.map(({ value }) => value.sequence), CAPTURED_BODIES.map((_, index) => index), 'gap-free sequence');
    assert.deepEqual({ ...decoded[2]?.key }, { nodeId: 'webhook-node', busName: 'glustereventsd', objectPath: '/gluster/events/volume/testvol' });
    assert.equal(decoded[2]?.value.objectPath, '/gluster/events/VOLUME_START');
    assert.deepEqual(hook.events, CAPTURED_BODIES.map((body) => JSON.parse(body).event), 'onEvent called per accepted event');
  });

  test('401 with a reason for a missing or wrong token, 400 with a reason for bad bodies; all counted; the server keeps serving', async () => {
    const hook = await webhook({ jwtSecret: 'jwt-secret-123' });
    const missing = await hook.post(CAPTURED_BODIES[0], null);
    assert.equal(missing.status, 401);
    assert.deepEqual(await missing.json(), { error: 'no Authorization header' });
    assert.equal((await hook.post(CAPTURED_BODIES[0], 'Bearer nope-nope-nope')).status, 401);
    const expired = await glusterJwt('jwt-secret-123', { iss: 'gluster', sub: 'VOLUME_START', exp: Math.floor(Date.now() / 1000) - 600 });
    assert.deepEqual(await (await hook.post(CAPTURED_BODIES[0], `Bearer ${expired}`)).json(), { error: 'JWT expired' });
    const fresh = await glusterJwt('jwt-secret-123', { iss: 'gluster', sub: 'VOLUME_START', exp: Math.floor(Date.now() / 1000) + 60 });
    assert.equal((await hook.post(CAPTURED_BODIES[2], `Bearer ${fresh}`)).status, 200);
    const malformed = await hook.post('{"event": "VOLUME_START",');
    assert.equal(malformed.status, 400);
    assert.match(((await malformed.json()) as { error: string }).error, /^body is not JSON/);
    assert.deepEqual(await (await hook.post('{"event": "VOLUME_START", "message": {}, "ts": 1}')).json(), { error: 'nodeid: Invalid input: expected string, received undefined' });
    assert.equal((await hook.post(CAPTURED_BODIES[3], `Bearer ${TOKEN}`, 'text/plain')).status, 200, 'any content type is read as text');
    assert.deepEqual(hook.webhookMetrics.counts, { accepted: 2, test: 0, unauthorized: 3, invalid: 2, 'spool-full': 0 });
  });

  test('a full spool refuses with 503 (counted as dropped) and accepts again once delivery frees room', async () => {
    const hook = await webhook({ spoolMaxBytes: 64 * 1024 });
    hook.sink.failing = true;
    const body = JSON.stringify({ event: 'VOLUME_SET', nodeid: 'u', ts: 1, message: { name: 'v', options: [['k', 'x'.repeat(8000)]] } });
    let status = 200;
    let accepted = 0;
    while (status === 200 && accepted < 100) {
      status = (await hook.post(body)).status;
      if (status === 200) accepted += 1;
    }
    assert.equal(status, 503);
    assert.equal(hook.webhookMetrics.counts['spool-full'], 1);
    assert.equal(hook.metrics.counts.dropped, 1);
    hook.sink.failing = false;
    const deadline = Date.now() + 5000;
    while (hook.sink.sent.length < accepted && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
    assert.equal(hook.sink.sent.length, accepted);
    assert.equal((await hook.post(body)).status, 200);
  });
});

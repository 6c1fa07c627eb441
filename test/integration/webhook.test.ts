import assert from 'node:assert/strict';
import { execFile, spawn } from 'node:child_process';
import { createSocket } from 'node:dgram';
import { closeSync, existsSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { constants, tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { setTimeout as delay } from 'node:timers/promises';
import { promisify } from 'node:util';
import { createKafkaClient } from '../../src/kafka/index.js';
import { silentLogger } from '../../src/logging/index.js';
import { createCountingMetrics, createKafkaSink } from '../../src/producer/index.js';
import { createSchemaRegistryClient, readSchemaFile } from '../../src/serde/index.js';
import { createCountingWebhookMetrics, startWebhook, type RunningWebhook } from '../../src/webhook/index.js';
import { uniqueName, useTestStack, waitFor, type TestStack } from '../helpers/stack.js';
import { childrenOf, goneOrZombie, processesMentioning, waitUntilCatching } from '../helpers/real-gluster.js';
import { rawTopicReader } from './producer-kafka-reader.js';

const TOKEN = 'integration-token-123';
const NODE_UUID = '73c0ac0a-9b71-48f1-926f-5a50fcd3dfd0';
const run = promisify(execFile);

/** A webhook on a free port producing to `topic` of `stack`, with its own spool folder. */
async function webhookOn(stack: TestStack, topic: string, cleanups: (() => Promise<unknown>)[]) {
  const dir = mkdtempSync(join(tmpdir(), 'webhook-it-'));
  const metrics = createCountingMetrics();
  const webhookMetrics = createCountingWebhookMetrics();
  const sink = createKafkaSink({
    kafka: createKafkaClient({ brokers: stack.brokers, clientId: 'webhook-test', logger: silentLogger }),
    topic,
    registry: createSchemaRegistryClient({ url: stack.registryUrl }),
    registration: 'register',
    logger: silentLogger,
  });
  const running: RunningWebhook = await startWebhook({
    settings: {
      host: '127.0.0.1', port: 0, path: '/listen',
      auth: { token: TOKEN, jwtSecret: null, skewSeconds: 30 },
      nodeId: 'webhook-it-node',
      spool: { dir: join(dir, 'spool'), maxBytes: 16 << 20, fsync: 'interval' },
      flushTimeoutMs: 5000,
      reconnect: { initialMs: 100, maxMs: 1000 },
    },
    sink, metrics, webhookMetrics, logger: silentLogger,
  });
  cleanups.push(async () => {
    await running.stop();
    rmSync(dir, { recursive: true, force: true });
  });
  const post = async (body: object): Promise<number> =>
    (await fetch(running.url, { method: 'POST', body: JSON.stringify(body), headers: { 'content-type': 'application/json', authorization: `Bearer ${TOKEN}` } })).status;
  return { running, metrics, webhookMetrics, post };
}

const volumeEvent = (event: string, name: string, seq: number) => ({ event, nodeid: NODE_UUID, ts: 1795503000 + seq, message: { name, force: false, seq } });

/** Sum of the end offsets: how many records the topic holds, whatever a consumer has seen. */
async function topicSize(stack: TestStack, topic: string): Promise<number> {
  const admin = createKafkaClient({ brokers: stack.brokers, clientId: 'webhook-offsets', logger: silentLogger }).admin();
  await admin.connect();
  try {
    return (await admin.fetchTopicOffsets(topic)).reduce((sum, partition) => sum + Number(partition.high), 0);
  } finally {
    await admin.disconnect();
  }
}

describe('webhook on the test stack', () => {
  let stack: TestStack;
  const cleanups: (() => Promise<unknown>)[] = [];
  after(async () => {
    for (const cleanup of cleanups.reverse()) await cleanup().catch(() => undefined);
    await stack?.stop();
  });

  test('the raw schema with EVENT registers as BACKWARD-compatible over the previous version (Apicurio)', async () => {
    stack = await useTestStack();
    const registry = createSchemaRegistryClient({ url: stack.registryUrl });
    const subject = `${uniqueName('webhook-compat')}-value`;
    const current = readSchemaFile('raw-property-change-value.avsc');
    const previous = structuredClone(current) as { fields: { name: string; type: { symbols?: string[]; default?: string } }[] };
    const kind = previous.fields.find((field) => field.name === 'kind')!.type;
    kind.symbols = kind.symbols!.filter((symbol) => symbol !== 'EVENT');
    delete kind.default;
    await registry.register(subject, previous as never, 'BACKWARD');
    const verdict = await registry.checkCompatibility(subject, current);
    assert.equal(verdict.compatible, true, verdict.messages.join('; '));
  });

  test('POSTed events become decoded raw records, one entity in order on one partition', async () => {
    stack ??= await useTestStack();
    const topic = uniqueName('webhook-raw');
    const reader = await rawTopicReader({ brokers: stack.brokers, registryUrl: stack.registryUrl, topic });
    cleanups.push(() => reader.stop());
    const hook = await webhookOn(stack, topic, cleanups);
    const sent: { event: string; name: string }[] = [];
    for (let seq = 0; seq < 30; seq += 1) {
      const name = `vol${seq % 3}`;
      const event = ['VOLUME_CREATE', 'VOLUME_START', 'VOLUME_STOP'][Math.floor(seq / 3) % 3] as string;
      assert.equal(await hook.post(volumeEvent(event, name, seq)), 200);
      sent.push({ event, name });
    }
    await waitFor(() => reader.records.length >= sent.length, { timeoutMs: 30_000, what: 'all records read back' });
    assert.equal(reader.records.length, sent.length);
    for (const name of ['vol0', 'vol1', 'vol2']) {
      const records = reader.records.filter((record) => record.properties['name']?.value === name);
      assert.equal(new Set(records.map((record) => record.partition)).size, 1, `${name} on one partition`);
      assert.deepEqual(records.map((record) => Number(record.properties['seq']?.value)), sent.flatMap((one, seq) => (one.name === name ? [seq] : [])), `${name} in order`);
    }
    const first = reader.records.find((record) => record.properties['seq']?.value === 0n)!;
    assert.equal(first.kind, 'EVENT');
    assert.equal(first.busName, 'glustereventsd');
    assert.equal(first.objectPath, '/gluster/events/VOLUME_CREATE');
    assert.equal(first.interface, 'org.gluster.Events');
    assert.equal(first.glusterUuid, NODE_UUID);
    assert.equal(first.nodeId, 'webhook-it-node');
    assert.deepEqual(first.properties['ts'], { signature: 'x', value: 1795503000n });
  });
});

// A private stack: the broker is stopped, which must not disturb anyone else's tests.
describe('webhook while Kafka is away (private stack)', () => {
  let stack: TestStack;
  const cleanups: (() => Promise<unknown>)[] = [];
  after(async () => {
    for (const cleanup of cleanups.reverse()) await cleanup().catch(() => undefined);
    await stack?.stop();
  });

  test('events keep arriving during a 20 s outage: every POST gets 200 from the spool, each record lands exactly once, in order', async () => {
    stack = await useTestStack({ private: true });
    const topic = uniqueName('webhook-outage');
    const early = await rawTopicReader({ brokers: stack.brokers, registryUrl: stack.registryUrl, topic });
    const hook = await webhookOn(stack, topic, cleanups);
    let seq = 0;
    assert.equal(await hook.post(volumeEvent('VOLUME_CREATE', 'outage', seq++)), 200);
    await waitFor(() => early.records.length === 1, { timeoutMs: 30_000, what: 'first record before the outage' });
    await early.stop();

    await stack.stopBroker(0);
    const statuses: number[] = [];
    const latencies: number[] = [];
    const outageEnds = Date.now() + 20_000;
    while (Date.now() < outageEnds) {
      const started = performance.now();
      statuses.push(await hook.post(volumeEvent('VOLUME_SET', 'outage', seq++)));
      latencies.push(performance.now() - started);
      await delay(100); // the pace of glustereventsd's POSTs, not a wait for a condition
    }
    assert.ok(statuses.every((status) => status === 200), `every POST answered 200 during the outage (${statuses.length})`);
    // kafkajs gives up on a batch only after its own retries, which can outlast the 20 s on a busy machine.
    await waitFor(() => (hook.metrics.counts.reconnects.kafka ?? 0) >= 1, { timeoutMs: 60_000, what: 'the failed delivery counted' });
    await stack.restartBroker(0);
    for (let more = 0; more < 5; more += 1) assert.equal(await hook.post(volumeEvent('VOLUME_STOP', 'outage', seq++)), 200);

    await waitFor(() => hook.metrics.counts.produced >= seq, { timeoutMs: 90_000, what: 'the spool delivered after the restart' });
    assert.equal(await topicSize(stack, topic), seq, 'exactly once: no record written twice');
    const reader = await rawTopicReader({ brokers: stack.brokers, registryUrl: stack.registryUrl, topic, create: false });
    cleanups.push(() => reader.stop());
    await waitFor(() => reader.records.length >= seq, { timeoutMs: 30_000, what: 'every record read back' });
    assert.deepEqual(reader.records.map((record) => Number(record.properties['seq']?.value)), Array.from({ length: seq }, (_, index) => index), 'in POST order');
    assert.deepEqual(reader.records.map((record) => record.sequence), Array.from({ length: seq }, (_, index) => index), 'gap-free');
    latencies.sort((a, b) => a - b);
    process.stdout.write(`# outage: ${statuses.length} POSTs, latency p50 ${latencies[Math.floor(latencies.length / 2)]?.toFixed(1)} ms, max ${latencies.at(-1)?.toFixed(1)} ms\n`);
  });
});

const GLUSTERD_DIR = '/var/lib/glusterd';
const WEBHOOKS_FILE = join(GLUSTERD_DIR, 'events', 'webhooks.json');
const INFO_FILE = join(GLUSTERD_DIR, 'glusterd.info');

async function glustereventsdSkipReason(): Promise<string | undefined> {
  if (process.getuid?.() !== 0) return 'glustereventsd needs root (/var/lib/glusterd, /var/log/glusterfs)';
  for (const binary of ['/usr/sbin/glustereventsd', '/usr/sbin/gluster-eventsapi']) if (!existsSync(binary)) return `${binary} is missing (apt-get install glusterfs-server)`;
  if ((await processesMentioning('glustereventsd')).length > 0) return 'a glustereventsd already runs (it owns UDP 55555); not ours to stop';
  return undefined;
}

/** Restores a file to what it was (content or absence), and removes directories this test created. */
function remember(path: string): () => void {
  const before = existsSync(path) ? readFileSync(path) : null;
  return () => (before === null ? rmSync(path, { force: true }) : writeFileSync(path, before));
}


describe('webhook behind a real glustereventsd', async () => {
  const skip = await glustereventsdSkipReason();
  let stack: TestStack;
  const cleanups: (() => Promise<unknown>)[] = [];
  after(async () => {
    for (const cleanup of cleanups.reverse()) await cleanup().catch((error: unknown) => process.stderr.write(`cleanup: ${String(error)}\n`));
    await stack?.stop();
  });

  test('webhook-add + kill -USR2, then UDP-injected VOLUME_* events arrive as raw records', { skip: skip ?? false }, async () => {
    stack = await useTestStack();
    const topic = uniqueName('webhook-eventsd');
    const reader = await rawTopicReader({ brokers: stack.brokers, registryUrl: stack.registryUrl, topic });
    cleanups.push(() => reader.stop());
    const hook = await webhookOn(stack, topic, cleanups);

    // glustereventsd publishes nothing without the node's UUID; restore /var/lib/glusterd exactly.
    const createdEventsDir = !existsSync(join(GLUSTERD_DIR, 'events'));
    const restoreWebhooks = remember(WEBHOOKS_FILE);
    const restoreInfo = remember(INFO_FILE);
    cleanups.push(async () => {
      restoreWebhooks();
      restoreInfo();
      if (createdEventsDir) rmSync(join(GLUSTERD_DIR, 'events'), { recursive: true, force: true });
    });
    if (!existsSync(INFO_FILE)) {
      mkdirSync(GLUSTERD_DIR, { recursive: true });
      writeFileSync(INFO_FILE, `UUID=${NODE_UUID}\noperating-version=100000\n`);
    }
    const uuid = /^UUID=(.+)$/m.exec(readFileSync(INFO_FILE, 'utf8'))?.[1]?.trim();

    // Its output is kept for the failure message: it logs nothing to events.log until it handles an event.
    const daemonLogDir = mkdtempSync(join(tmpdir(), 'eventsd-'));
    const daemonLog = join(daemonLogDir, 'stderr.log');
    const daemonErr = openSync(daemonLog, 'a');
    const daemon = spawn('/usr/sbin/glustereventsd', [], { detached: true, stdio: ['ignore', daemonErr, daemonErr] });
    closeSync(daemonErr);
    cleanups.push(async () => rmSync(daemonLogDir, { recursive: true, force: true }));
    const mainPid = daemon.pid!;
    cleanups.push(async () => {
      const pids = [...childrenOf(mainPid), mainPid];
      for (const pid of pids) {
        try {
          process.kill(pid, 'SIGKILL');
        } catch {
          /* already gone */
        }
      }
      await waitFor(() => pids.every(goneOrZombie), { timeoutMs: 10_000, what: 'glustereventsd gone' });
    });
    await waitFor(() => childrenOf(mainPid).length > 0, { timeoutMs: 15_000, what: 'glustereventsd webhook worker started' });

    // Without glusterd, webhook-add writes webhooks.json and then fails to sync it to peers (exit 8).
    const added = await run('/usr/sbin/gluster-eventsapi', ['webhook-add', hook.running.url, '-t', TOKEN]).then(() => 0, (error: { code?: number }) => error.code ?? 1);
    assert.ok(added === 0 || added === 8, `webhook-add exit ${added}`);
    assert.ok(readFileSync(WEBHOOKS_FILE, 'utf8').includes(hook.running.url), 'webhooks.json names our URL');
    await waitUntilCatching(mainPid, constants.signals.SIGUSR2);
    process.kill(mainPid, 'SIGUSR2'); // upstream bug: gluster-eventsapi's own reload never reaches the daemon

    const udp = createSocket('udp4');
    cleanups.push(async () => udp.close());
    const inject = (index: number, fields: string): Promise<void> =>
      new Promise((resolve, reject) => udp.send(`${Math.floor(Date.now() / 1000)} ${index} ${fields}`, 55555, '127.0.0.1', (error) => (error ? reject(error) : resolve())));
    // The reloaded worker may miss the first datagrams: probe until one arrives, then send the real sequence.
    await waitFor(async () => {
      await inject(2, 'name=probevol');
      return reader.records.some((record) => record.properties['name']?.value === 'probevol');
    }, { timeoutMs: 30_000, intervalMs: 500, what: 'a probe event through glustereventsd' }).catch((error: unknown) => {
      const alive = !goneOrZombie(mainPid);
      throw new Error(`${String(error)}; glustereventsd ${alive ? 'alive' : 'gone'}, its output: ${readFileSync(daemonLog, 'utf8').slice(-2000) || '(none)'}`);
    });

    // glustereventsd is a ThreadingUDPServer: datagrams sent back to back are handled by racing threads
    // and can reach its per-URL queue out of order, so each event is sent once the previous one arrived.
    const injected = () => reader.records.filter((record) => record.properties['name']?.value === 'injectedvol');
    const datagrams: [number, string][] = [
      [2, 'name=injectedvol'],
      [3, 'name=injectedvol;force=0'],
      [6, 'name=injectedvol;options=performance.cache-size,32MB,'],
      [4, 'name=injectedvol;force=1'],
    ];
    for (const [count, [index, fields]] of datagrams.entries()) {
      await inject(index, fields);
      await waitFor(() => injected().length > count, { timeoutMs: 30_000, what: `injected event ${count + 1} as a record` });
    }
    assert.equal(injected().length, datagrams.length, 'each injected event arrives once');
    assert.deepEqual(injected().map((record) => record.properties['event']?.value), ['VOLUME_CREATE', 'VOLUME_START', 'VOLUME_SET', 'VOLUME_STOP']);
    const [, start, set, stop] = injected();
    assert.deepEqual(start?.properties['force'], { signature: 'b', value: false });
    assert.deepEqual(stop?.properties['force'], { signature: 'b', value: true });
    assert.deepEqual(set?.properties['options'], { signature: 'aas', value: [['performance.cache-size', '32MB']] });
    assert.equal(stop?.glusterUuid, uuid);
    assert.equal(stop?.kind, 'EVENT');
  });
});


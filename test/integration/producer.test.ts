import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import dbus from 'dbus-next';
import { createCountingMetrics } from '../../src/producer/index.js';
import { createSchemaRegistryClient, readSchemaFile } from '../../src/serde/index.js';
import { uniqueName, useTestStack, waitFor, type TestStack } from '../helpers/stack.js';
import { OM_PATH, volume, volumePath, VOLUME } from './producer-fake-storaged.js';
import { assertGapFreeAndOrdered, GLUSTER_UUID, NODE, producerHarness } from './producer-harness.js';
import { rawTopicReader } from './producer-kafka-reader.js';

const { Variant } = dbus;

describe('producer against a real dbus-daemon, Kafka and registry', () => {
  let stack: TestStack;
  const harness = producerHarness(() => stack);
  const { scratch, bus, fake, producer } = harness;
  before(async () => {
    stack = await useTestStack();
  });
  after(async () => {
    await harness.cleanup();
    await stack?.stop();
  });

  test('every change on the bus arrives in the raw topic, decoded equal, gap-free and in per-object order', async () => {
    const dir = scratch();
    const daemon = await bus(dir);
    const service = await fake(daemon.address, { [volumePath('vol1')]: { [VOLUME]: volume('vol1', 0) }, [volumePath('vol2')]: { [VOLUME]: volume('vol2', 0) } });
    const topic = uniqueName('producer-raw');
    const reader = await rawTopicReader({ brokers: stack.brokers, registryUrl: stack.registryUrl, topic });
    harness.defer(() => reader.stop());
    await producer({ address: daemon.address, topic, spoolDir: join(dir, 'spool') });
    await waitFor(() => reader.records.filter((record) => record.kind === 'SNAPSHOT').length === 2, { timeoutMs: 30_000, what: 'snapshot' });

    for (let round = 1; round <= 20; round += 1) {
      service.set(volumePath('vol1'), VOLUME, { status: new Variant('u', round % 3) });
      service.set(volumePath('vol2'), VOLUME, { brickcount: new Variant('u', round) });
    }
    service.add(volumePath('vol3'), { [VOLUME]: volume('vol3', 1) });
    service.set(volumePath('vol3'), VOLUME, { status: new Variant('u', 2) }, ['status']);
    service.remove(volumePath('vol2'));
    await waitFor(() => reader.records.length >= 2 + 40 + 3, { timeoutMs: 30_000, what: 'all records' });

    const records = reader.records;
    assertGapFreeAndOrdered(records);
    assert.ok(records.every((record) => record.nodeId === NODE && record.glusterUuid === GLUSTER_UUID));
    const snapshot = records.find((record) => record.kind === 'SNAPSHOT' && record.objectPath === volumePath('vol1'));
    assert.deepEqual(snapshot?.properties, {
      name: { signature: 's', value: 'vol1' },
      id: { signature: 's', value: 'vol1-id' },
      status: { signature: 'u', value: 0 },
      brickcount: { signature: 'u', value: 1 },
      bricks: { signature: 'ao', value: [`${OM_PATH}/glusterfs/brick/srv1_3a_2fbricks_2fvol1`] },
    });
    const vol1Statuses = records.filter((record) => record.objectPath === volumePath('vol1') && record.kind === 'CHANGED').map((record) => record.properties['status']?.value);
    assert.deepEqual(vol1Statuses, Array.from({ length: 20 }, (_, index) => (index + 1) % 3));
    const vol3 = records.filter((record) => record.objectPath === volumePath('vol3'));
    assert.deepEqual(vol3.map((record) => record.kind), ['ADDED', 'CHANGED']);
    assert.deepEqual(vol3[1]?.invalidated, ['status']);
    assert.deepEqual(vol3[1]?.properties['status'], { signature: 'u', value: 2 }, 'invalidated property fetched with Get');
    const removed = records.filter((record) => record.kind === 'REMOVED');
    assert.deepEqual(removed.map((record) => [record.objectPath, record.interface]), [[volumePath('vol2'), VOLUME]]);
  });

  test('bad input is counted and logged, captured where possible, and never stops the producer', async () => {
    const dir = scratch();
    const daemon = await bus(dir);
    const odd = `${OM_PATH}/glusterfs/volume/_2e_2e_2fetc_00`;
    const service = await fake(daemon.address, {
      [volumePath('typed')]: { [VOLUME]: { ...volume('typed', 0), status: new Variant('s', 'Started') }, 'org.storaged.Storaged.GlusterFS.Future': { x: new Variant('u', 1) } },
      [odd]: { [VOLUME]: volume('odd', 1) },
      '/elsewhere/object': { [VOLUME]: volume('elsewhere', 1) },
    });
    service.getManagedObjects = 'error';
    const topic = uniqueName('producer-bad');
    const reader = await rawTopicReader({ brokers: stack.brokers, registryUrl: stack.registryUrl, topic });
    harness.defer(() => reader.stop());
    const metrics = createCountingMetrics();
    await producer({ address: daemon.address, topic, spoolDir: join(dir, 'spool'), metrics });
    await waitFor(() => (metrics.counts.badInput['snapshot-failed'] ?? 0) >= 1, { timeoutMs: 10_000, what: 'error reply counted' });
    service.getManagedObjects = 1_500; // slower than the 1 s call timeout
    await waitFor(() => (metrics.counts.badInput['snapshot-failed'] ?? 0) >= 2, { timeoutMs: 10_000, what: 'slow reply counted' });
    service.getManagedObjects = 'ok';
    await waitFor(() => reader.records.filter((record) => record.kind === 'SNAPSHOT').length >= 3, { timeoutMs: 30_000, what: 'snapshot after retries' });

    const huge = 'x'.repeat(2 * 1024 * 1024);
    service.set(volumePath('typed'), VOLUME, { name: new Variant('s', huge), id: new Variant('s', 'kept') });
    service.set(volumePath('typed'), VOLUME, { bricks: new Variant('ao', Array.from({ length: 5_000 }, (_, index) => `${OM_PATH}/glusterfs/brick/b${index}`)) });
    service.set(volumePath('typed'), 'org.storaged.Storaged.GlusterFS.Future', { x: new Variant('u', 2) });
    service.set(volumePath('typed'), VOLUME, { status: new Variant('u', 1) });
    await waitFor(() => reader.records.filter((record) => record.kind === 'CHANGED').length >= 3, { timeoutMs: 30_000, what: 'changes' });

    const typed = reader.records.find((record) => record.kind === 'SNAPSHOT' && record.objectPath === volumePath('typed'));
    assert.deepEqual(typed?.properties['status'], { signature: 's', value: 'Started' }, 'unexpected type recorded as received');
    assert.ok(reader.records.some((record) => record.objectPath === odd), 'odd path captured');
    assert.ok(reader.records.some((record) => record.objectPath === '/elsewhere/object'), 'object outside the namespace captured');
    assert.ok(!reader.records.some((record) => record.interface === 'org.storaged.Storaged.GlusterFS.Future'), 'unknown interface skipped');
    const changes = reader.records.filter((record) => record.kind === 'CHANGED');
    assert.deepEqual(changes[0]?.invalidated, ['name'], 'huge value left out and named as invalidated');
    assert.deepEqual(changes[0]?.properties['id'], { signature: 's', value: 'kept' });
    assert.equal((changes[1]?.properties['bricks']?.value as unknown[]).length, 5_000, 'a big array that fits is kept whole');
    assert.deepEqual(changes[2]?.properties['status'], { signature: 'u', value: 1 });
    assertGapFreeAndOrdered(reader.records);
    const bad = metrics.counts.badInput;
    assert.ok((bad['unexpected-type'] ?? 0) >= 1 && (bad['unknown-interface'] ?? 0) >= 2 && (bad['oversize'] ?? 0) >= 1 && (bad['odd-object-path'] ?? 0) >= 1, JSON.stringify(bad));
  });

  test('after the dbus-daemon restarts, the producer reconnects, re-snapshots and reports objects that vanished', async () => {
    const dir = scratch();
    let daemon = await bus(dir);
    let service = await fake(daemon.address, { [volumePath('a')]: { [VOLUME]: volume('a', 1) }, [volumePath('b')]: { [VOLUME]: volume('b', 1) } });
    const topic = uniqueName('producer-restart');
    const reader = await rawTopicReader({ brokers: stack.brokers, registryUrl: stack.registryUrl, topic });
    harness.defer(() => reader.stop());
    const metrics = createCountingMetrics();
    await producer({ address: daemon.address, topic, spoolDir: join(dir, 'spool'), metrics });
    await waitFor(() => reader.records.filter((record) => record.kind === 'SNAPSHOT').length === 2, { timeoutMs: 30_000, what: 'first snapshot' });

    service.stop();
    await daemon.stop();
    daemon = await bus(dir);
    service = await fake(daemon.address, { [volumePath('a')]: { [VOLUME]: volume('a', 2) } });
    await waitFor(() => reader.records.some((record) => record.kind === 'REMOVED'), { timeoutMs: 30_000, what: 're-snapshot' });
    service.set(volumePath('a'), VOLUME, { status: new Variant('u', 0) });
    await waitFor(() => reader.records.some((record) => record.kind === 'CHANGED'), { timeoutMs: 30_000, what: 'change after reconnect' });

    // Production order is the sequence; the reader's order interleaves partitions arbitrarily.
    const bySequence = [...reader.records].sort((x, y) => x.sequence - y.sequence);
    const kinds = bySequence.map((record) => `${record.kind} ${record.objectPath.split('/').pop()}`);
    assert.deepEqual(kinds.slice(2), ['SNAPSHOT a', 'REMOVED b', 'CHANGED a']);
    assert.equal(bySequence[2]?.properties['status']?.value, 2);
    assert.ok((metrics.counts.reconnects.dbus ?? 0) >= 1);
    assertGapFreeAndOrdered(reader.records);
  });

  test('when the watched service restarts on a running bus (NameOwnerChanged), the producer re-snapshots and reports what vanished', async () => {
    const dir = scratch();
    const daemon = await bus(dir);
    const first = await fake(daemon.address, { [volumePath('a')]: { [VOLUME]: volume('a', 1) }, [volumePath('b')]: { [VOLUME]: volume('b', 1) } });
    const topic = uniqueName('producer-owner');
    const reader = await rawTopicReader({ brokers: stack.brokers, registryUrl: stack.registryUrl, topic });
    harness.defer(() => reader.stop());
    const metrics = createCountingMetrics();
    await producer({ address: daemon.address, topic, spoolDir: join(dir, 'spool'), metrics });
    await waitFor(() => reader.records.filter((record) => record.kind === 'SNAPSHOT').length === 2, { timeoutMs: 30_000, what: 'first snapshot' });

    first.stop();
    // While the name has no owner nothing can be read; the producer waits for the new owner.
    const second = await fake(daemon.address, { [volumePath('a')]: { [VOLUME]: volume('a', 2) } });
    await waitFor(() => reader.records.some((record) => record.kind === 'REMOVED'), { timeoutMs: 30_000, what: 're-snapshot after the new owner' });
    second.set(volumePath('a'), VOLUME, { status: new Variant('u', 0) });
    await waitFor(() => reader.records.some((record) => record.kind === 'CHANGED'), { timeoutMs: 30_000, what: 'change from the new owner' });

    const bySequence = [...reader.records].sort((x, y) => x.sequence - y.sequence);
    const kinds = bySequence.map((record) => `${record.kind} ${record.objectPath.split('/').pop()}`);
    assert.deepEqual(kinds.slice(2), ['SNAPSHOT a', 'REMOVED b', 'CHANGED a']);
    assert.equal(bySequence[2]?.properties['status']?.value, 2, 'the snapshot carries the new owner\'s state');
    assert.equal(new Set(reader.records.map((record) => record.sessionId)).size, 1, 'same session: the bus connection was never lost');
    assert.ok((metrics.counts.reconnects.dbus ?? 0) >= 1, 'the owner change is counted as a reconnect');
    assertGapFreeAndOrdered(reader.records);
  });

  test('records spooled while Kafka is unreachable survive a SIGKILL and are delivered once, in order, after a restart', async () => {
    const dir = scratch();
    const daemon = await bus(dir);
    const service = await fake(daemon.address, { [volumePath('k')]: { [VOLUME]: volume('k', 0) } });
    const topic = uniqueName('producer-kill');
    const spoolDir = join(dir, 'spool');
    const closedPort = await new Promise<number>((resolve) => {
      const server = createServer().listen(0, '127.0.0.1', () => {
        const { port } = server.address() as { port: number };
        server.close(() => resolve(port));
      });
    });
    const cli = (brokers: string): ChildProcess => {
      const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'producer', '--bus', daemon.address, '--node-id', NODE, '--spool-dir', spoolDir, '--topic', topic, '--register-schemas', '--heartbeat-ms', '600000'], {
        env: { ...process.env, KAFKA_BROKERS: brokers, SCHEMA_REGISTRY_URL: stack.registryUrl, GLUSTER_EVENTING_LOG_LEVEL: 'warn' },
        stdio: ['ignore', 'ignore', 'inherit'],
      });
      harness.defer(() => void child.kill('SIGKILL'));
      return child;
    };
    // Whole entries in the segments (each is [u32 length][u32 crc][payload]).
    const spooled = (): number => {
      let entries = 0;
      for (const name of readdirSync(spoolDir).filter((file) => file.endsWith('.seg'))) {
        const bytes = readFileSync(join(spoolDir, name));
        for (let offset = 0; offset + 8 <= bytes.length; offset += 8 + bytes.readUInt32BE(offset)) if (offset + 8 + bytes.readUInt32BE(offset) <= bytes.length) entries += 1;
      }
      return entries;
    };

    const registry = createSchemaRegistryClient({ url: stack.registryUrl });
    for (const suffix of ['key', 'value'] as const) await registry.register(`${topic}-${suffix}`, readSchemaFile(`raw-property-change-${suffix}.avsc`));
    const first = cli(`127.0.0.1:${closedPort}`);
    await waitFor(() => spooled() > 0, { timeoutMs: 30_000, what: 'snapshot spooled' });
    for (let status = 1; status <= 10; status += 1) service.set(volumePath('k'), VOLUME, { status: new Variant('u', status % 4) });
    await waitFor(() => spooled() === 11, { timeoutMs: 10_000, what: 'changes spooled' });
    first.kill('SIGKILL');
    await new Promise((resolve) => first.once('exit', resolve));

    const reader = await rawTopicReader({ brokers: stack.brokers, registryUrl: stack.registryUrl, topic });
    harness.defer(() => reader.stop());
    const second = cli(stack.brokers.join(','));
    await waitFor(() => new Set(reader.records.map((record) => record.sessionId)).size === 2 && reader.records.length >= 11 + 1, { timeoutMs: 60_000, what: 'both sessions delivered' });
    second.kill('SIGTERM');
    const code = await new Promise((resolve) => second.once('exit', resolve));
    assert.equal(code, 0, 'SIGTERM exits 0');

    const firstSession = reader.records[0]?.sessionId;
    const old = reader.records.filter((record) => record.sessionId === firstSession);
    assert.deepEqual(old.map((record) => record.kind), ['SNAPSHOT', ...Array<string>(10).fill('CHANGED')]);
    assert.deepEqual(old.slice(1).map((record) => record.properties['status']?.value), Array.from({ length: 10 }, (_, index) => (index + 1) % 4));
    const sameObject = reader.records.filter((record) => record.objectPath === volumePath('k'));
    assert.equal(sameObject.findIndex((record) => record.sessionId !== firstSession), old.length, 'the old spool is delivered before the new session');
    assertGapFreeAndOrdered(reader.records);
  });
});

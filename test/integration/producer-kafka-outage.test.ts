import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { setTimeout as delay } from 'node:timers/promises';
import dbus from 'dbus-next';
import { createKafkaClient } from '../../src/kafka/index.js';
import { silentLogger } from '../../src/logging/index.js';
import { createCountingMetrics } from '../../src/producer/index.js';
import { uniqueName, useTestStack, waitFor, type TestStack } from '../helpers/stack.js';
import { volume, volumePath, VOLUME } from './producer-fake-storaged.js';
import { assertGapFreeAndOrdered, assertPerObjectOrder, capturingLogger, producerHarness } from './producer-harness.js';
import { rawTopicReader } from './producer-kafka-reader.js';

const { Variant } = dbus;

/** Sum of the end offsets: how many records the topic holds, whatever a consumer has seen so far. */
async function topicSize(stack: TestStack, topic: string): Promise<number> {
  const admin = createKafkaClient({ brokers: stack.brokers, clientId: 'producer-outage-offsets', logger: silentLogger }).admin();
  await admin.connect();
  try {
    const offsets = await admin.fetchTopicOffsets(topic);
    return offsets.reduce((sum, partition) => sum + Number(partition.high), 0);
  } finally {
    await admin.disconnect();
  }
}

// A private stack: these tests stop the only broker, which must not disturb anyone else's tests.
describe('producer while Kafka is away (private stack)', () => {
  let stack: TestStack;
  const harness = producerHarness(() => stack);
  before(async () => {
    stack = await useTestStack({ private: true });
  });
  after(async () => {
    await harness.cleanup();
    await stack?.stop();
  });

  test('Kafka stopped for 30 s while D-Bus changes continue: afterwards every record is in the topic exactly once, in order, gap-free', async () => {
    const dir = harness.scratch();
    const daemon = await harness.bus(dir);
    const service = await harness.fake(daemon.address, { [volumePath('k')]: { [VOLUME]: volume('k', 0) } });
    const topic = uniqueName('producer-outage');
    const early = await rawTopicReader({ brokers: stack.brokers, registryUrl: stack.registryUrl, topic });
    const metrics = createCountingMetrics();
    const running = await harness.producer({ address: daemon.address, topic, spoolDir: join(dir, 'spool'), metrics });
    await waitFor(() => early.records.some((record) => record.kind === 'SNAPSHOT'), { timeoutMs: 30_000, what: 'snapshot before the outage' });
    await early.stop();

    let value = 0;
    const change = (): void => {
      value += 1;
      service.set(volumePath('k'), VOLUME, { brickcount: new Variant('u', value) });
    };
    await stack.stopBroker(0);
    const outageEnds = Date.now() + 30_000;
    while (Date.now() < outageEnds) {
      change();
      await delay(100); // the pace of the changes, not a wait for a condition
    }
    assert.ok((metrics.counts.reconnects.kafka ?? 0) >= 1, 'the failed delivery is counted');
    assert.ok(metrics.counts.spooledBytes > 0, 'the changes wait in the spool');
    const duringOutage = value;
    await stack.restartBroker(0);
    for (let more = 0; more < 10; more += 1) change();

    const expected = 1 + value;
    await waitFor(() => metrics.counts.produced >= expected, { timeoutMs: 60_000, what: 'the spool delivered after the restart' });
    assert.equal(await running.stop(), true, 'the spool is empty');
    assert.equal(await topicSize(stack, topic), expected, 'exactly once: no record written twice');

    const reader = await rawTopicReader({ brokers: stack.brokers, registryUrl: stack.registryUrl, topic, create: false });
    harness.defer(() => reader.stop());
    await waitFor(() => reader.records.length >= expected, { timeoutMs: 30_000, what: 'every record read back' });
    assert.equal(reader.records.length, expected);
    assert.deepEqual(
      reader.records.filter((record) => record.kind === 'CHANGED').map((record) => record.properties['brickcount']?.value),
      Array.from({ length: value }, (_, index) => index + 1),
      'every change, in the order it happened',
    );
    assert.ok(duringOutage >= 200, `changes kept coming during the outage (${duringOutage})`);
    assert.equal(metrics.counts.dropped, 0);
    assertGapFreeAndOrdered(reader.records);
  });

  test('a spool that overflows while Kafka is away logs loudly, counts the drops, and re-snapshots once delivery resumes', async () => {
    const dir = harness.scratch();
    const daemon = await harness.bus(dir);
    const service = await harness.fake(daemon.address, { [volumePath('k')]: { [VOLUME]: volume('k', 0) }, [volumePath('j')]: { [VOLUME]: volume('j', 0) } });
    const topic = uniqueName('producer-overflow');
    const reader = await rawTopicReader({ brokers: stack.brokers, registryUrl: stack.registryUrl, topic });
    const metrics = createCountingMetrics();
    const { logger, lines } = capturingLogger();
    await harness.producer({ address: daemon.address, topic, spoolDir: join(dir, 'spool'), metrics, logger, spoolMaxBytes: 16 * 1024 });
    await waitFor(() => reader.records.filter((record) => record.kind === 'SNAPSHOT').length === 2, { timeoutMs: 30_000, what: 'first snapshot' });
    await reader.stop();

    await stack.stopBroker(0);
    let value = 0;
    while (metrics.counts.dropped < 50) {
      value += 1;
      service.set(volumePath('k'), VOLUME, { brickcount: new Variant('u', value) });
      await delay(5); // the pace of the changes (and a turn for the producer to read its socket)
      assert.ok(value < 5_000, 'a 16 KiB spool must overflow long before 5000 changes');
    }
    const full = lines.filter((line) => line.level >= 50 && line.msg.startsWith('SPOOL FULL'));
    assert.equal(full.length, 1, 'one loud error per overflow episode, not one per record');
    await stack.restartBroker(0);

    const after = await rawTopicReader({ brokers: stack.brokers, registryUrl: stack.registryUrl, topic, create: false });
    harness.defer(() => after.stop());
    const resnapshot = await waitFor(
      () => after.records.filter((record) => record.kind === 'SNAPSHOT' && record.objectPath === volumePath('k')).at(1),
      { timeoutMs: 60_000, what: 'a fresh snapshot after delivery resumed' },
    );
    assert.equal(resnapshot.properties['brickcount']?.value, value, 'the fresh snapshot carries the latest state, including what was dropped');
    await waitFor(() => metrics.counts.spooledBytes === 0 && after.records.length >= metrics.counts.produced, { timeoutMs: 30_000, what: 'everything delivered read back' });
    assert.equal(after.records.filter((record) => record.kind === 'SNAPSHOT' && record.objectPath === volumePath('j')).length, 2, 'every object is re-read');
    assert.ok(lines.some((line) => line.level === 40 && line.msg.startsWith('spool has room again')), 'the re-snapshot is logged');

    // The gap is visible and equals the counted drops: sequences are assigned before the spool refuses.
    const sequences = after.records.map((record) => record.sequence).sort((a, b) => a - b);
    const last = sequences.at(-1) ?? 0;
    assert.equal(last + 1 - sequences.length, metrics.counts.dropped, 'missing sequences = counted drops');
    assertPerObjectOrder(after.records);
  });
});

import assert from 'node:assert/strict';
import { setTimeout as delay } from 'node:timers/promises';
import { after, before, describe, test } from 'node:test';
import { createSchemaRegistryClient } from '../../../src/serde/index.js';
import { assertGapFreeAndOrdered } from '../producer-harness.js';
import { rawTopicReader } from '../producer-kafka-reader.js';
import { alertStates, type AlertValue } from '../../helpers/faults/alert-states.js';
import { observedTemperatures, temperatureChanges } from '../../helpers/faults/raw-temperatures.js';
import { startFaultPipeline, type FaultPipeline } from '../../helpers/faults/simulated-pipeline.js';
import { expectedTemperatureAlerts, temperatureDriver } from '../../helpers/faults/temperature-script.js';
import { readTopic, type ReadRecord } from '../../helpers/topic-reader.js';
import { useTestStack, waitFor, type TestStack } from '../../helpers/stack.js';
import { exitWhenDone } from '../../helpers/faults/exit-when-done.js';

const ATA = 'org.freedesktop.UDisks2.Drive.Ata';
const PACE_MS = 150;

// A private stack: the spool test stops its only broker.
describe('a node\'s dbus-daemon restarts; a producer restarts with an old spool (simulated nodes, real producers and processor)', () => {
  let stack: TestStack;
  let pipeline: FaultPipeline;
  let alerts: { records: ReadRecord<AlertValue>[]; stop(): Promise<void> };
  let driver: ReturnType<typeof temperatureDriver>;
  const steps = async (count: number): Promise<void> => {
    for (let i = 0; i < count; i += 1) {
      driver.step();
      await delay(PACE_MS); // the pace of the changes
    }
  };

  before(async () => {
    stack = await useTestStack({ private: true });
    pipeline = await startFaultPipeline(stack, { nodes: 2 });
    alerts = await readTopic<AlertValue>({ brokers: stack.brokers, registry: createSchemaRegistryClient({ url: stack.registryUrl }), topic: pipeline.names.alerts, groupId: `${pipeline.names.alerts}-dbus-reader` });
    driver = temperatureDriver(pipeline.cluster);
  });
  after(async () => {
    await alerts?.stop().catch(() => undefined);
    await pipeline?.close();
    await stack?.stop();
    exitWhenDone(import.meta.url);
  });

  test('node1\'s dbus-daemon restarted: its producer reconnects and re-snapshots (the latest temperature, changed while the bus was down), node2 is untouched, alerts follow what was observed', { timeout: 240_000 }, async () => {
    await steps(20);
    const node1 = pipeline.cluster.node('node1');
    const observed1 = [...(driver.set.get('node1') ?? [])];
    await node1.lose('bus');
    await steps(13); // node1's model changes while nobody can watch it; node2's changes flow
    const atRestore = driver.set.get('node1')?.at(-1) ?? 0;
    await node1.restore();
    const raw = await rawTopicReader({ brokers: stack.brokers, registryUrl: stack.registryUrl, topic: pipeline.names.raw, create: false });
    try {
      const resnapshot = await waitFor(
        () => raw.records.find((record) => record.nodeId === 'node1' && record.kind === 'SNAPSHOT' && record.interface === ATA && Math.round((Number(record.properties['SmartTemperature']?.value) - 273.15) * 100) / 100 === atRestore),
        { timeoutMs: 60_000, what: 'node1 re-snapshot with the temperature set while its bus was down' },
      );
      const lastBeforeLoss = raw.records.filter((record) => record.nodeId === 'node1' && record.sessionId === resnapshot.sessionId && record.sequence < resnapshot.sequence).length;
      assert.ok(lastBeforeLoss > 0, 'the reconnect continues the producer session (sequence numbers stay gap-free)');
      const lengthAtRestore = driver.set.get('node1')?.length ?? 0;
      await steps(12);
      const after1 = (driver.set.get('node1') ?? []).slice(lengthAtRestore);
      await waitFor(() => temperatureChanges(raw.records, 'node1').length >= observed1.length + after1.length && temperatureChanges(raw.records, 'node2').length >= (driver.set.get('node2')?.length ?? 0), { timeoutMs: 60_000, what: 'every observed change in the raw topic' });
      await delay(1_000); // a late duplicate would arrive now
      assert.deepEqual(temperatureChanges(raw.records, 'node1'), [...observed1, ...after1], 'node1: every change it could observe, once, in order');
      assert.deepEqual(temperatureChanges(raw.records, 'node2'), driver.set.get('node2'), 'node2: every change once, in order');
      assertGapFreeAndOrdered(raw.records);

      const expected1 = expectedTemperatureAlerts([...observed1, atRestore, ...after1]);
      const expected2 = expectedTemperatureAlerts(driver.set.get('node2') ?? []);
      await waitFor(() => alertStates(alerts.records, 'DRIVE_TEMPERATURE_HIGH', 'node1').length >= expected1.length && alertStates(alerts.records, 'DRIVE_TEMPERATURE_HIGH', 'node2').length >= expected2.length, { timeoutMs: 60_000, what: 'the expected alerts' });
      await delay(1_000); // a late duplicate would arrive now
      assert.deepEqual(alertStates(alerts.records, 'DRIVE_TEMPERATURE_HIGH', 'node1'), expected1, 'node1 alerts: what the re-snapshot showed, nothing missed or repeated');
      assert.deepEqual(alertStates(alerts.records, 'DRIVE_TEMPERATURE_HIGH', 'node2'), expected2, 'node2 alerts');
    } finally {
      await raw.stop();
    }
  });

  test('node2\'s producer stopped with a non-empty spool while Kafka is down and started again: the old spool is delivered first, once, in order; alerts follow', { timeout: 240_000 }, async () => {
    const changesBefore = driver.set.get('node2')?.length ?? 0;
    await stack.stopBroker(0);
    await steps(15); // spooled by both producers
    await pipeline.killProducer('node2'); // no flush: the spool stays on disk
    await pipeline.startProducer('node2'); // finds the old spool
    await steps(5);
    await stack.restartBroker(0);
    await steps(5);
    const raw = await rawTopicReader({ brokers: stack.brokers, registryUrl: stack.registryUrl, topic: pipeline.names.raw, create: false });
    try {
      const want = driver.set.get('node2') ?? [];
      await waitFor(() => observedTemperatures(raw.records, 'node2').length >= want.length, { timeoutMs: 90_000, what: 'node2: the old spool and the new changes delivered' }).catch((error: unknown) => {
        const sessions = [...new Set(raw.records.filter((record) => record.nodeId === 'node2').map((record) => record.sessionId))];
        const perSession = sessions.map((session) => `${session.slice(0, 8)}: ${raw.records.filter((record) => record.sessionId === session).map((record) => `${record.sequence}${record.kind[0]}`).slice(-60).join(' ')}`);
        throw new Error(`${String(error)}; node2 observed ${JSON.stringify(observedTemperatures(raw.records, 'node2'))} want ${JSON.stringify(want)}; records per session (sequence+kind, last 60): ${perSession.join(' | ')}`);
      });
      await delay(1_000); // a late duplicate would arrive now
      assert.ok(want.length > changesBefore + 20);
      // A change made while the new producer reads its snapshot shows in the snapshot, not as a change.
      assert.deepEqual(observedTemperatures(raw.records, 'node2'), want, 'node2: every value once, in order, across the restart');
      assertGapFreeAndOrdered(raw.records);
    } finally {
      await raw.stop();
    }
    for (const nodeId of ['node1', 'node2']) {
      const all = driver.set.get(nodeId) ?? [];
      // node1 lost the changes made while its bus was down (first test); compare the tail only.
      const expectedTail = expectedTemperatureAlerts(all.slice(-45));
      await waitFor(() => alertStates(alerts.records, 'DRIVE_TEMPERATURE_HIGH', nodeId).length > 0, { timeoutMs: 30_000, what: `${nodeId} alerts` });
      const states = alertStates(alerts.records, 'DRIVE_TEMPERATURE_HIGH', nodeId);
      for (let index = 1; index < states.length; index += 1) assert.notEqual(states[index], states[index - 1], `${nodeId}: alternating RAISED/RESOLVED, nothing repeated`);
      assert.equal(states.at(-1), expectedTail.at(-1) ?? states.at(-1), `${nodeId}: the alert ends where the temperature ended`);
    }
  });
});

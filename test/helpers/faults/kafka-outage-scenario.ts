import assert from 'node:assert/strict';
import { setTimeout as delay } from 'node:timers/promises';
import { createSchemaRegistryClient } from '../../../src/serde/index.js';
import { assertGapFreeAndOrdered } from '../../integration/producer-harness.js';
import { rawTopicReader } from '../../integration/producer-kafka-reader.js';
import { readTopic } from '../topic-reader.js';
import { waitFor, type TestStack } from '../stack.js';
import { alertStates, type AlertValue } from './alert-states.js';
import { temperatureChanges } from './raw-temperatures.js';
import { startFaultPipeline } from './simulated-pipeline.js';
import { expectedTemperatureAlerts, temperatureDriver } from './temperature-script.js';

/**
 * All of Kafka (the stack's only broker) stopped for `outageMs` while every simulated node's drive
 * temperature keeps changing every `paceMs`; the processor runs in this process throughout. Proves:
 * every change is in the raw topic once, in order, gap-free per producer session (the spool carried
 * them), and then that the processor survived and the DRIVE_TEMPERATURE_HIGH history of every drive
 * is the expected one (none missed, none twice). Returns what it measured for the test's diagnostics.
 */
export async function kafkaOutageScenario(stack: TestStack, options: { outageMs: number; paceMs: number; nodes: number }): Promise<string[]> {
  const pipeline = await startFaultPipeline(stack, { nodes: options.nodes });
  const registry = createSchemaRegistryClient({ url: stack.registryUrl });
  const openAlerts = (suffix: string) => readTopic<AlertValue>({ brokers: stack.brokers, registry, topic: pipeline.names.alerts, groupId: `${pipeline.names.alerts}-${suffix}` });
  // A reader that lives through the outage could crash with it; a fresh one reads the history afterwards.
  let alerts = await openAlerts('before-outage');
  try {
    const driver = temperatureDriver(pipeline.cluster);
    const nodeIds = pipeline.cluster.nodes.map((node) => node.nodeId);
    // Before the outage: one full saw tooth, so every schema is used (and cached) once.
    for (let i = 0; i < 20; i += 1) {
      driver.step();
      await delay(options.paceMs); // the pace of the changes
    }
    await waitFor(() => nodeIds.every((nodeId) => alertStates(alerts.records, 'DRIVE_TEMPERATURE_HIGH', nodeId).length === expectedTemperatureAlerts(driver.set.get(nodeId) ?? []).length), { timeoutMs: 60_000, what: 'alerts flowing before the outage' });

    await alerts.stop();
    await stack.stopBroker(0);
    const outageStarted = Date.now();
    const before = driver.steps();
    while (Date.now() - outageStarted < options.outageMs) {
      driver.step();
      await delay(options.paceMs); // the pace of the changes, not a wait for a condition
    }
    const duringOutage = driver.steps() - before;
    await stack.restartBroker(0);
    const restarted = Date.now();
    for (let i = 0; i < 10; i += 1) driver.step();

    const raw = await rawTopicReader({ brokers: stack.brokers, registryUrl: stack.registryUrl, topic: pipeline.names.raw, create: false });
    try {
      await waitFor(() => nodeIds.every((nodeId) => temperatureChanges(raw.records, nodeId).length >= (driver.set.get(nodeId)?.length ?? 0)), { timeoutMs: 60_000, what: 'every change read back from the raw topic' });
      await delay(2_000); // a late duplicate would arrive now
      for (const nodeId of nodeIds) assert.deepEqual(temperatureChanges(raw.records, nodeId), driver.set.get(nodeId), `${nodeId}: every change once, in order`);
      assertGapFreeAndOrdered(raw.records);
    } finally {
      await raw.stop();
    }
    alerts = await openAlerts('after-outage');
    const expectedAlerts = new Map(nodeIds.map((nodeId) => [nodeId, expectedTemperatureAlerts(driver.set.get(nodeId) ?? [])]));
    const processorState = async (): Promise<string> => (await Promise.race([pipeline.processor()?.streams.done.then(() => 'stopped', (error: unknown) => `failed: ${String(error)}`), delay(0).then(() => 'running')])) ?? 'absent';
    await waitFor(() => nodeIds.every((nodeId) => alertStates(alerts.records, 'DRIVE_TEMPERATURE_HIGH', nodeId).length >= (expectedAlerts.get(nodeId)?.length ?? 0)), {
      timeoutMs: 120_000,
      what: 'every expected DRIVE_TEMPERATURE_HIGH record after the outage',
    }).catch(async (error: unknown) => {
      const seen = nodeIds.map((nodeId) => `${nodeId} ${alertStates(alerts.records, 'DRIVE_TEMPERATURE_HIGH', nodeId).length}/${expectedAlerts.get(nodeId)?.length ?? 0}`).join(', ');
      throw new Error(`${String(error)}; alerts seen/expected: ${seen}; processor ${await processorState()}`);
    });
    const caughtUpMs = Date.now() - restarted;
    assert.equal(await processorState(), 'running', 'the processor survived the outage');

    await delay(2_000); // a late duplicate alert would arrive now
    for (const nodeId of nodeIds) assert.deepEqual(alertStates(alerts.records, 'DRIVE_TEMPERATURE_HIGH', nodeId), expectedAlerts.get(nodeId), `${nodeId}: DRIVE_TEMPERATURE_HIGH history`);
    assert.ok(duringOutage * options.paceMs >= options.outageMs * 0.8, `changes kept coming during the outage (${duringOutage})`);
    return [`${duringOutage} changes per node during the ${options.outageMs / 1000} s outage; all alerts caught up ${(caughtUpMs / 1000).toFixed(1)} s after the broker was back`];
  } finally {
    await alerts.stop().catch(() => undefined);
    await pipeline.close();
  }
}

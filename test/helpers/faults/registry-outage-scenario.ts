import assert from 'node:assert/strict';
import { setTimeout as delay } from 'node:timers/promises';
import { createKafkaClient } from '../../../src/kafka/index.js';
import { silentLogger } from '../../../src/logging/index.js';
import { createSchemaRegistryClient } from '../../../src/serde/index.js';
import { rawTopicReader } from '../../integration/producer-kafka-reader.js';
import { readTopic } from '../topic-reader.js';
import { waitFor, type TestStack } from '../stack.js';
import { alertStates, type AlertValue } from './alert-states.js';
import { observedTemperatures } from './raw-temperatures.js';
import { startFaultPipeline } from './simulated-pipeline.js';
import { expectedTemperatureAlerts, temperatureDriver } from './temperature-script.js';

/**
 * The schema registry stopped for `outageMs` while two simulated nodes' drive temperatures keep
 * changing every `paceMs`. Proves: with the schemas cached, producers and the processor go on
 * (alerts keep appearing during the outage); node2's producer, restarted in the middle of the
 * outage with an empty schema cache, cannot look its schema ids up, keeps its records (spool) and
 * delivers them once the registry is back; afterwards every change is in the raw topic once and in
 * order, every DRIVE_TEMPERATURE_HIGH history is the expected one, nothing is dead-lettered.
 */
export async function registryOutageScenario(stack: TestStack, options: { outageMs: number; paceMs: number }): Promise<string[]> {
  const pipeline = await startFaultPipeline(stack, { nodes: 2 });
  const registry = createSchemaRegistryClient({ url: stack.registryUrl });
  const alerts = await readTopic<AlertValue>({ brokers: stack.brokers, registry, topic: pipeline.names.alerts, groupId: `${pipeline.names.alerts}-registry-reader` });
  let registryDown = false;
  try {
    const driver = temperatureDriver(pipeline.cluster);
    const nodeIds = pipeline.cluster.nodes.map((node) => node.nodeId);
    const steps = async (count: number): Promise<void> => {
      for (let i = 0; i < count; i += 1) {
        driver.step();
        await delay(options.paceMs); // the pace of the changes
      }
    };
    await steps(20);
    await waitFor(() => nodeIds.every((nodeId) => alertStates(alerts.records, 'DRIVE_TEMPERATURE_HIGH', nodeId).length === expectedTemperatureAlerts(driver.set.get(nodeId) ?? []).length), { timeoutMs: 60_000, what: 'alerts flowing before the outage (schemas cached)' });
    const alertsBefore = alerts.records.length;

    await stack.stopRegistry();
    registryDown = true;
    const outageStarted = Date.now();
    await steps(20);
    await waitFor(() => alerts.records.length > alertsBefore, { timeoutMs: Math.max(5_000, options.outageMs / 2), what: 'alerts written while the registry is down' });
    const alertsDuringOutage = alerts.records.length - alertsBefore;

    // A restart with an empty schema cache: the new producer cannot look its schema ids up.
    await pipeline.killProducer('node2');
    let restartError = '';
    await pipeline.startProducer('node2').catch((error: unknown) => void (restartError = String(error)));
    assert.equal(restartError, '', 'the producer starts while the registry is down');
    while (Date.now() - outageStarted < options.outageMs) await steps(1);
    await stack.startRegistry();
    registryDown = false;
    await steps(10);

    const expected = new Map(nodeIds.map((nodeId) => [nodeId, expectedTemperatureAlerts(driver.set.get(nodeId) ?? [])]));
    await waitFor(() => nodeIds.every((nodeId) => alertStates(alerts.records, 'DRIVE_TEMPERATURE_HIGH', nodeId).length >= (expected.get(nodeId)?.length ?? 0)), { timeoutMs: 120_000, what: 'every expected DRIVE_TEMPERATURE_HIGH record after the outage' });
    const raw = await rawTopicReader({ brokers: stack.brokers, registryUrl: stack.registryUrl, topic: pipeline.names.raw, create: false });
    try {
      await waitFor(() => nodeIds.every((nodeId) => observedTemperatures(raw.records, nodeId).length >= (driver.set.get(nodeId)?.length ?? 0)), { timeoutMs: 60_000, what: 'every change read back from the raw topic' }).catch((error: unknown) => {
        throw new Error(`${String(error)}; ${nodeIds.map((nodeId) => `${nodeId} observed ${JSON.stringify(observedTemperatures(raw.records, nodeId))} set ${JSON.stringify(driver.set.get(nodeId))}`).join('; ')}`);
      });
      await delay(2_000); // a late duplicate would arrive now
      // node2's restarted producer shows a change made while it read its snapshot in that snapshot.
      for (const nodeId of nodeIds) assert.deepEqual(observedTemperatures(raw.records, nodeId), driver.set.get(nodeId), `${nodeId}: every value once, in order`);
    } finally {
      await raw.stop();
    }
    for (const nodeId of nodeIds) assert.deepEqual(alertStates(alerts.records, 'DRIVE_TEMPERATURE_HIGH', nodeId), expected.get(nodeId), `${nodeId}: DRIVE_TEMPERATURE_HIGH history`);
    const admin = createKafkaClient({ brokers: stack.brokers, clientId: 'fault-registry-dlq', logger: silentLogger }).admin();
    await admin.connect();
    const deadLettered = (await admin.fetchTopicOffsets(pipeline.names.deadLetter)).reduce((sum, { high }) => sum + Number(high), 0);
    await admin.disconnect();
    assert.equal(deadLettered, 0, 'nothing dead-lettered');
    return [`${alertsDuringOutage} alert records written during the ${options.outageMs / 1000} s registry outage; node2's producer restarted in the middle of it`];
  } finally {
    if (registryDown) await stack.startRegistry().catch(() => undefined);
    await alerts.stop().catch(() => undefined);
    await pipeline.close();
  }
}

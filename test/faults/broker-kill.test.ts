import assert from 'node:assert/strict';
import { setTimeout as delay } from 'node:timers/promises';
import { after, before, describe, test } from 'node:test';
import { createKafkaClient } from '../../src/kafka/index.js';
import { silentLogger } from '../../src/logging/index.js';
import { killAllCliProcessors, type CliProcessor } from '../helpers/faults/cli-processor.js';
import { duplicates, differences, summary } from '../helpers/faults/compare-outputs.js';
import { DERIVED_ROLES } from '../helpers/faults/derived-outputs.js';
import { createGlusterRun, endOffsetTotal, finishRun, referenceRun } from '../helpers/faults/gluster-run.js';
import { modelDifferences } from '../helpers/faults/model-check.js';
import { faultWorkload } from '../helpers/faults/workload.js';
import { useTestStack, waitFor, type TestStack } from '../helpers/stack.js';

const RECORDS = 3_000;
const KILLED = 1;

// A private 3-broker stack: the contract topics get replication factor 3 and min.insync.replicas 2.
// In npm run test:faults, not npm test: a 3-broker stack alone takes about a minute to start and stop.
describe('a broker SIGKILLed and restarted during a run (3 brokers)', () => {
  let stack: TestStack;
  before(async () => {
    stack = await useTestStack({ brokers: 3, private: true });
  });
  after(async () => {
    await killAllCliProcessors();
    await stack?.stop();
  });

  // What this found (2026-11-25): kafkajs resent multi-broker sends while requests were in flight
  // (records twice even in the clean run; patched), the instance stopped on the first commit that met
  // the dead broker (tasks now restart alone), and the runtime's own topics had the broker default of
  // one replica, so every task whose changelog or repartition partition lived on the dead broker
  // stalled until it came back (internal topics now get 3 replicas, min.insync.replicas 2).
  test('with replication 3 and min.insync.replicas 2, state topics and alerts equal a clean run, nothing lost or duplicated', { timeout: 420_000 }, async (t) => {
    const records = faultWorkload(RECORDS);
    const reference = await referenceRun(stack, records);
    t.diagnostic(`reference: ${summary(reference.outputs)}`);

    const run = await createGlusterRun(stack, records, 'fault-broker');
    const admin = createKafkaClient({ brokers: stack.brokers, clientId: 'fault-broker-admin', logger: silentLogger }).admin();
    await admin.connect();
    let started: number;
    let processor: CliProcessor;
    try {
      for (const topic of [run.names.raw, ...DERIVED_ROLES.map((role) => run.names[role])]) {
        const [metadata] = (await admin.fetchTopicMetadata({ topics: [topic] })).topics;
        assert.ok(metadata?.partitions.every((partition) => partition.replicas.length === 3), `${topic}: replication factor 3`);
        const [config] = (await admin.describeConfigs({ includeSynonyms: false, resources: [{ type: 2, name: topic, configNames: ['min.insync.replicas'] }] })).resources;
        assert.equal(config?.configEntries.find((entry) => entry.configName === 'min.insync.replicas')?.configValue, '2', `${topic}: min.insync.replicas 2`);
      }
      started = Date.now();
      processor = await run.startProcessor();
      // The processor's own changelog and repartition topics must survive the broker too.
      const internal = (await admin.listTopics()).filter((topic) => topic.startsWith(`${run.applicationId}-`));
      assert.ok(internal.length > 0, 'the processor created its internal topics');
      for (const { name, partitions } of (await admin.fetchTopicMetadata({ topics: internal })).topics) {
        assert.ok(partitions.every((partition) => partition.replicas.length === 3), `${name}: replication factor 3`);
      }
    } finally {
      await admin.disconnect();
    }
    const producing = run.produce({ chunk: 100, pauseMs: 150 });
    await waitFor(async () => (await run.committedInputs()) > RECORDS / 5, { timeoutMs: 120_000, intervalMs: 100, what: 'processing under way' });
    const atKill = await run.committedInputs();
    await stack.killBroker(KILLED);
    const killedAt = Date.now();
    // The broker stays dead for a while (the fault itself, not a wait for a result): long enough for
    // KRaft to notice (broker.session.timeout.ms, 9 s by default) and elect new leaders.
    await delay(30_000);
    const progressWhileDown = (await run.committedInputs()) - atKill;
    await stack.restartBroker(KILLED);
    const downMs = Date.now() - killedAt;
    await producing;
    const result = await finishRun(stack, run, [processor]);
    const rawWritten = await endOffsetTotal(stack, run.names.raw);
    t.diagnostic(`raw topic: ${rawWritten} records for ${records.length} inputs`);
    t.diagnostic(`broker ${KILLED} SIGKILLed at ${atKill} of ${records.length} committed inputs, down ${(downMs / 1000).toFixed(1)} s, ${progressWhileDown} inputs committed meanwhile; faulted run ${((Date.now() - started) / 1000).toFixed(1)} s: ${summary(result.outputs)}`);

    // The input must be intact for the comparison to be about the processor: a producer retry that
    // wrote a raw record twice would look like a record processed twice.
    assert.equal(rawWritten, records.length, 'every raw record written once');
    assert.ok(progressWhileDown > 0, 'processing went on with two of three brokers');
    assert.deepEqual(duplicates(result.outputs).slice(0, 10), [], 'nothing written twice');
    assert.deepEqual(differences(result.outputs, reference.outputs, { sequences: ['drives'] }).slice(0, 10), [], 'the same state and alerts as the clean run');
    assert.deepEqual(modelDifferences(records, result.outputs).slice(0, 10), [], 'the final state and open alerts the reference model predicts');
    assert.equal(result.deadLettered, 0, 'nothing dead-lettered');
  });
});


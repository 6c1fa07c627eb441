import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { createKafkaClient } from '../../../src/kafka/index.js';
import { silentLogger } from '../../../src/logging/index.js';
import { differences, duplicates, summary } from '../../helpers/faults/compare-outputs.js';
import { waitUntilDrained } from '../../helpers/faults/drained.js';
import { createGlusterRun, finishRun, referenceRun } from '../../helpers/faults/gluster-run.js';
import { modelDifferences } from '../../helpers/faults/model-check.js';
import { produceRaw } from '../../helpers/faults/raw-input.js';
import { faultWorkload } from '../../helpers/faults/workload.js';
import { waitFor } from '../../helpers/stack.js';
import { useFaultStack } from '../../helpers/faults/fault-stack.js';

const RECORDS = 3_000;

/** The sum of `streams_records_misplaced_total` over its series in a Prometheus text exposition. */
function misplaced(metrics: string): number {
  return [...metrics.matchAll(/^streams_records_misplaced_total\{[^}]*\} (\d+)/gm)].reduce((sum, [, count]) => sum + Number(count), 0);
}

describe('raw records partitioned the old way (an upgrade from producers that hashed the whole key)', () => {
  const faultStack = useFaultStack();

  test('half the input hashed by key, then the rest by node: the same states and alerts as input partitioned by node, the detours counted', { timeout: 300_000 }, async (t) => {
    const stack = faultStack();
    const records = faultWorkload(RECORDS);
    const reference = await referenceRun(stack, records);
    t.diagnostic(`reference: ${summary(reference.outputs)}`);

    const run = await createGlusterRun(stack, records, 'raw-upgrade');
    const processor = await run.startProcessor();
    const half = Math.floor(run.messages.length / 2);
    // Old producers first; the upgraded ones start once the processor has caught up (the README's procedure).
    await produceRaw(stack, run.names.raw, run.messages.slice(0, half), { partitioning: 'by-key' });
    // Caught up means the detours too: the raw offsets commit as soon as a misplaced record is in `disk-reports`.
    const admin = createKafkaClient({ brokers: stack.brokers, clientId: `${run.prefix}-upgrade`, logger: silentLogger }).admin();
    await admin.connect();
    try {
      await waitUntilDrained(admin, { applicationId: run.applicationId, rawTopic: run.names.raw, outputTopics: [], timeoutMs: 120_000, ready: processor.ready });
    } finally {
      await admin.disconnect();
    }
    const detours = misplaced(await (await fetch(`${processor.url}/metrics`)).text());
    t.diagnostic(`misplaced records after the old-way half: ${detours}`);
    assert.ok(detours > 0, 'records on the wrong partition for their node are counted');
    await produceRaw(stack, run.names.raw, run.messages.slice(half), { partitioning: 'by-node' });
    await waitFor(async () => (await run.committedInputs()) >= run.messages.length, { timeoutMs: 120_000, what: 'all input committed' });
    const afterUpgrade = misplaced(await (await fetch(`${processor.url}/metrics`)).text());
    assert.equal(afterUpgrade, detours, 'records partitioned by node, as producers now write them, all lie where the processor reads them');
    const result = await finishRun(stack, run, [processor]);
    t.diagnostic(`upgraded: ${summary(result.outputs)}`);

    assert.deepEqual(duplicates(result.outputs).slice(0, 10), [], 'nothing written twice');
    assert.deepEqual(differences(result.outputs, reference.outputs, { sequences: ['drives'] }).slice(0, 10), [], 'the same states, drive updates and alerts as the run partitioned by node');
    assert.deepEqual(modelDifferences(records, result.outputs).slice(0, 10), [], 'what the reference model predicts');
    assert.equal(result.deadLettered, 0);
  });
});

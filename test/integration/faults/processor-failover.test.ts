import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { duplicates, differences, summary } from '../../helpers/faults/compare-outputs.js';
import { createGlusterRun, finishRun, referenceRun } from '../../helpers/faults/gluster-run.js';
import { modelDifferences } from '../../helpers/faults/model-check.js';
import { faultWorkload } from '../../helpers/faults/workload.js';
import { waitFor } from '../../helpers/stack.js';
import { useFaultStack } from '../../helpers/faults/fault-stack.js';

const RECORDS = 3_000;

describe('two processor instances, one SIGKILLed (Gluster pipelines, exactly-once)', () => {
  const faultStack = useFaultStack();

  test('the survivor takes over the dead instance\'s tasks with their state: state topics and alerts equal a clean single-instance run, nothing duplicated', { timeout: 300_000 }, async (t) => {
    const stack = faultStack();
    const records = faultWorkload(RECORDS);
    const reference = await referenceRun(stack, records);
    t.diagnostic(`reference: ${summary(reference.outputs)}`);

    const started = Date.now();
    const run = await createGlusterRun(stack, records, 'fault-failover');
    const [first, second] = await Promise.all([run.startProcessor(), run.startProcessor()]);
    // Paced over ~10 s so that the kill lands while input is still arriving, however fast the start.
    const producing = run.produce({ chunk: 100, pauseMs: 300 });
    await waitFor(async () => (await run.committedInputs()) > records.length / 4, { timeoutMs: 120_000, intervalMs: 100, what: 'both instances processing' });
    const committedAtKill = await run.committedInputs();
    await first.kill();
    await producing;
    const result = await finishRun(stack, run, [second]);
    t.diagnostic(`killed one of two instances at ${committedAtKill} of ${records.length} inputs; faulted run ${((Date.now() - started) / 1000).toFixed(1)} s: ${summary(result.outputs)}`);

    assert.ok(committedAtKill < records.length, 'the kill landed before the end of the input');
    assert.deepEqual(duplicates(result.outputs).slice(0, 10), [], 'nothing written twice across the failover');
    assert.deepEqual(differences(result.outputs, reference.outputs, { sequences: ['drives'] }).slice(0, 10), [], 'the same state and alerts as the clean run');
    assert.deepEqual(modelDifferences(records, result.outputs).slice(0, 10), [], 'the final state and open alerts the reference model predicts');
    assert.equal(result.deadLettered, 0, 'nothing dead-lettered');
  });
});

import assert from 'node:assert/strict';
import { randomInt } from 'node:crypto';
import { describe, test } from 'node:test';
import { RECORD_CACHE_ON_ENV } from '../../helpers/faults/cli-processor.js';
import { duplicates, differences, summary } from '../../helpers/faults/compare-outputs.js';
import { createGlusterRun, finishRun, referenceRun } from '../../helpers/faults/gluster-run.js';
import { modelDifferences } from '../../helpers/faults/model-check.js';
import { sigkillRepeatedly } from '../../helpers/faults/sigkill-loop.js';
import { faultWorkload } from '../../helpers/faults/workload.js';
import { useFaultStack } from '../../helpers/faults/fault-stack.js';

const RECORDS = 4_000;
const KILLS = 2;
const seed = Number(process.env['FAULT_SEED'] ?? randomInt(2 ** 31));

describe('the processor SIGKILLed mid-stream (Gluster pipelines, exactly-once)', () => {
  const faultStack = useFaultStack();

  test(`SIGKILLed ${KILLS} times while raw records arrive: state topics and alerts equal a clean run of the same input, nothing duplicated`, { timeout: 420_000 }, async (t) => {
    const stack = faultStack();
    t.diagnostic(`seed ${seed} (replay with FAULT_SEED=${seed})`);
    const started = Date.now();
    const records = faultWorkload(RECORDS);
    const reference = await referenceRun(stack, records);
    t.diagnostic(`reference run ${((Date.now() - started) / 1000).toFixed(1)} s: ${summary(reference.outputs)}`);

    const faulted = Date.now();
    // The record cache on, as deployed: its held writes must survive the kills exactly once too.
    const run = await createGlusterRun(stack, records, 'fault-sigkill', { env: RECORD_CACHE_ON_ENV });
    const first = await run.startProcessor();
    const producing = run.produce({ chunk: 100, pauseMs: 100 });
    const { last, timeline } = await sigkillRepeatedly(run, { kills: KILLS, seed, maxDelayMs: 1_500, first });
    await producing;
    const result = await finishRun(stack, run, [last]);
    for (const line of timeline) t.diagnostic(line);
    t.diagnostic(`faulted run ${((Date.now() - faulted) / 1000).toFixed(1)} s: ${summary(result.outputs)}`);

    assert.ok(reference.outputs.alerts.some((record) => record.value?.['state'] === 'RAISED'), 'the input raises alerts');
    assert.deepEqual(duplicates(reference.outputs), [], 'the clean run writes no repeated record');
    assert.deepEqual(duplicates(result.outputs).slice(0, 10), [], 'nothing written twice across the kills');
    // Final states and every alert's history; not the drives' record sequences: with the cache on,
    // which intermediate states a drive's records show depends on where the commits fell.
    assert.deepEqual(differences(result.outputs, reference.outputs).slice(0, 10), [], 'the same state and alerts as the clean run');
    assert.deepEqual(modelDifferences(records, result.outputs).slice(0, 10), [], 'the final state and open alerts the reference model predicts');
    assert.equal(result.deadLettered, 0, 'nothing dead-lettered');
    assert.equal(reference.deadLettered, 0);
  });
});

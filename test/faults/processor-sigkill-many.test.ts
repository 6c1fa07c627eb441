import assert from 'node:assert/strict';
import { randomInt } from 'node:crypto';
import { describe, test } from 'node:test';
import { duplicates, differences, summary } from '../helpers/faults/compare-outputs.js';
import { createGlusterRun, finishRun, referenceRun } from '../helpers/faults/gluster-run.js';
import { modelDifferences } from '../helpers/faults/model-check.js';
import { sigkillRepeatedly } from '../helpers/faults/sigkill-loop.js';
import { faultWorkload } from '../helpers/faults/workload.js';
import { useFaultStack } from '../helpers/faults/fault-stack.js';

const RECORDS = 20_000;
const KILLS = 10;
const seed = Number(process.env['FAULT_SEED'] ?? randomInt(2 ** 31));

describe('the processor SIGKILLed many times (long variant of test/integration/faults/processor-sigkill.test.ts)', () => {
  const faultStack = useFaultStack();

  test(`SIGKILLed ${KILLS} times over ${RECORDS} raw records: state topics and alerts equal a clean run, nothing duplicated`, { timeout: 1_200_000 }, async (t) => {
    const stack = faultStack();
    t.diagnostic(`seed ${seed} (replay with FAULT_SEED=${seed})`);
    const records = faultWorkload(RECORDS);
    const reference = await referenceRun(stack, records);
    t.diagnostic(`reference: ${summary(reference.outputs)}`);

    const started = Date.now();
    const run = await createGlusterRun(stack, records, 'fault-sigkill-many');
    const first = await run.startProcessor();
    // Slow enough that the input outlasts the kills (each restart waits out the 30 s session of the killed member).
    const producing = run.produce({ chunk: 50, pauseMs: 1_000 });
    const { last, timeline } = await sigkillRepeatedly(run, { kills: KILLS, seed, maxDelayMs: 2_000, first });
    await producing;
    const result = await finishRun(stack, run, [last], 300_000);
    for (const line of timeline) t.diagnostic(line);
    t.diagnostic(`faulted run ${((Date.now() - started) / 1000).toFixed(1)} s: ${summary(result.outputs)}`);

    assert.equal(timeline.length, KILLS);
    assert.deepEqual(duplicates(result.outputs).slice(0, 10), [], 'nothing written twice across the kills');
    assert.deepEqual(differences(result.outputs, reference.outputs, { sequences: ['drives'] }).slice(0, 10), [], 'the same state and alerts as the clean run');
    assert.deepEqual(modelDifferences(records, result.outputs).slice(0, 10), [], 'the final state and open alerts the reference model predicts');
    assert.equal(result.deadLettered, 0, 'nothing dead-lettered');
  });
});

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { differences, summary } from '../../helpers/faults/compare-outputs.js';
import { createGlusterRun, finishRun, referenceRun } from '../../helpers/faults/gluster-run.js';
import { startSlowConsumer } from '../../helpers/faults/slow-consumer.js';
import { faultWorkload } from '../../helpers/faults/workload.js';
import { useFaultStack } from '../../helpers/faults/fault-stack.js';

const RECORDS = 3_000;
const PER_RECORD_MS = 100;

describe('a slow consumer of the derived topics', () => {
  const faultStack = useFaultStack();

  test('a reader taking 100 ms per record holds nothing back: the processor finishes the input as fast as without it, with the same state and alerts', { timeout: 300_000 }, async (t) => {
    const stack = faultStack();
    const records = faultWorkload(RECORDS);
    const cleanStarted = Date.now();
    const reference = await referenceRun(stack, records);
    const cleanMs = Date.now() - cleanStarted;

    const run = await createGlusterRun(stack, records, 'fault-slow');
    const slow = await startSlowConsumer(stack, [run.names.alerts, run.names.volumes, run.names.drives], PER_RECORD_MS);
    try {
      const started = Date.now();
      await run.produce();
      const processor = await run.startProcessor();
      const result = await finishRun(stack, run, [processor]);
      const slowMs = Date.now() - started;
      const written = result.outputs.alerts.length + result.outputs.volumes.length + result.outputs.drives.length;
      t.diagnostic(`clean run ${(cleanMs / 1000).toFixed(1)} s, with the slow reader ${(slowMs / 1000).toFixed(1)} s; the slow reader had read ${slow.read()} of ${written} records when the processor was done; ${summary(result.outputs)}`);
      assert.ok(slow.read() < written / 2, `the slow reader is far behind (${slow.read()} of ${written})`);
      assert.ok(slowMs < cleanMs * 2 + 20_000, `the processor was not held back (${slowMs} ms against ${cleanMs} ms)`);
      assert.deepEqual(differences(result.outputs, reference.outputs, { sequences: ['drives'] }).slice(0, 10), [], 'the same state and alerts as the clean run');
    } finally {
      await slow.stop();
    }
  });
});

import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { after, before, test } from 'node:test';
import type { Kafka } from 'kafkajs';
import { createKafkaStreams, type KafkaStreams } from '../../../src/streams/index.js';
import { uniqueName, useTestStack, waitFor, type TestStack } from '../../helpers/stack.js';
import { EVERY_UPDATE, collect, createTopics, kafkaFor, produce, testLogger } from './kafka-fixtures.js';
import { PARTITIONS, perKey, reports, tallyTopology, VOLUMES, type Tally } from './tally-topology.js';

let stack: TestStack;
let kafka: Kafka;
let survivor: KafkaStreams | undefined;
let child: ChildProcess | undefined;
before(async () => {
  stack = await useTestStack();
  kafka = kafkaFor(stack.brokers);
});
after(async () => {
  if (child !== undefined && child.exitCode === null && child.signalCode === null && child.pid !== undefined) process.kill(child.pid, 'SIGKILL');
  await survivor?.stop();
  await stack?.stop();
});

test('an instance killed mid-transaction leaves no trace in read_committed outputs; the survivor finishes exactly once', { timeout: 240_000 }, async (t) => {
  const [input, output, dlq, applicationId] = [uniqueName('raw'), uniqueName('tally'), uniqueName('dlq'), uniqueName('crash-app')];
  await createTopics(kafka, [{ topic: input, partitions: PARTITIONS }, { topic: output, partitions: PARTITIONS, compact: true }, { topic: dlq, partitions: 1 }]);
  await produce(kafka, input, reports(1, 5));
  const outputs = await collect(kafka, output);
  try {
    survivor = createKafkaStreams({ topology: tallyTopology(input, output), kafka, applicationId, deadLetterTopic: dlq, sessionTimeoutMs: 10_000, logger: testLogger, ...EVERY_UPDATE });
    await survivor.start();
    const script = fileURLToPath(new URL('./instance-process.ts', import.meta.url));
    const spawned = spawn(process.execPath, ['--import', 'tsx', script, stack.brokers.join(','), input, output, applicationId, dlq], { stdio: ['ignore', 'pipe', 'inherit'] });
    child = spawned;
    let childTasks = 0;
    spawned.stdout?.on('data', (chunk: Buffer) => {
      const last = /tasks (\d+)\n$/.exec(chunk.toString());
      if (last?.[1] !== undefined) childTasks = Number(last[1]);
    });
    await waitFor(() => childTasks > 0 && survivor !== undefined && survivor.tasks().length > 0 && survivor.tasks().length + childTasks === PARTITIONS, { timeoutMs: 60_000, what: 'both instances own tasks' });
    await outputs.waitForCount(VOLUMES * 5);

    // Second half: kill the child as soon as the first new outputs are committed, i.e. while its
    // tasks are mid-stream with open transactions.
    const producing = produce(kafka, input, reports(6, 10));
    await waitFor(() => outputs.records.length > VOLUMES * 5, { timeoutMs: 30_000, intervalMs: 5, what: 'processing of the second half started' });
    if (spawned.pid !== undefined) process.kill(spawned.pid, 'SIGKILL');
    await once(spawned, 'exit');
    t.diagnostic(`killed the child with ${outputs.records.length - VOLUMES * 5} of ${VOLUMES * 5} second-half outputs committed`);
    await producing;

    await waitFor(() => survivor?.tasks().length === PARTITIONS, { timeoutMs: 60_000, what: 'the survivor took over every task' });
    await outputs.waitForCount(VOLUMES * 10, 120_000);
    await waitFor(() => outputs.records.length === VOLUMES * 10, { timeoutMs: 2_000, what: 'no more outputs' });
    for (const [volume, values] of perKey(outputs.records)) {
      assert.deepEqual(values.map((value) => (JSON.parse(value) as Tally).changes), [1, 2, 3, 4, 5, 6, 7, 8, 9, 10], volume);
    }
    assert.equal(perKey(outputs.records).size, VOLUMES);
  } finally {
    await outputs.stop();
  }
});

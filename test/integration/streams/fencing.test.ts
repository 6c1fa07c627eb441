import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createKafkaStreams, transactionalId } from '../../../src/streams/index.js';
import { uniqueName, waitFor } from '../../helpers/stack.js';
import { EVERY_UPDATE, collect, createTopics, produce, streamsSuite, testLogger } from './kafka-fixtures.js';
import { perKey, reports, tallyTopology, VOLUMES, type Tally } from './tally-topology.js';

const suite = streamsSuite();

test('a task whose transactional id is taken over (a zombie) cannot commit; it restarts from the committed state, outputs stay exactly once', { timeout: 120_000 }, async () => {
  const { kafka } = suite;
  const [input, output, dlq, applicationId] = [uniqueName('raw'), uniqueName('tally'), uniqueName('dlq'), uniqueName('fence-app')];
  await createTopics(kafka, [{ topic: input, partitions: 1 }, { topic: output, partitions: 1, compact: true }, { topic: dlq, partitions: 1 }]);
  const outputs = await collect(kafka, output);
  try {
    const streams = suite.stopAfter(createKafkaStreams({ topology: tallyTopology(input, output), kafka, applicationId, deadLetterTopic: dlq, commitIntervalMs: 1000, logger: testLogger, ...EVERY_UPDATE }));
    await streams.start();
    await produce(kafka, input, reports(1, 3));
    await outputs.waitForCount(VOLUMES * 3);

    // Another producer claims task 0_0's transactional id, as a new owner of the partition would.
    const usurper = kafka.producer({ transactionalId: transactionalId(applicationId, '0_0'), idempotent: true, maxInFlightRequests: 1 });
    await usurper.connect();
    await (await usurper.transaction()).abort();
    await usurper.disconnect();

    await produce(kafka, input, reports(4, 6));
    await outputs.waitForCount(VOLUMES * 6);
    await waitFor(() => outputs.records.length === VOLUMES * 6 && streams.tasks().length === 1, { timeoutMs: 5_000, what: 'settled' });
    for (const [volume, values] of perKey(outputs.records)) {
      assert.deepEqual(values.map((value) => (JSON.parse(value) as Tally).changes), [1, 2, 3, 4, 5, 6], volume);
    }
  } finally {
    await outputs.stop();
  }
});

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createKafkaStreams, repartitionTopic } from '../../../src/streams/index.js';
import { uniqueName, waitFor } from '../../helpers/stack.js';
import { EVERY_UPDATE, collect, createTopics, produce, recentEventTime, streamsSuite, testLogger } from './kafka-fixtures.js';
import { runsByKey, sequenceTopology } from './sequence-topology.js';

const PARTITIONS = 3;
const KEYS = 12;
const PER_KEY = 20;

const suite = streamsSuite();

test('records of a repartition topic are deleted up to the committed offsets, and every output is still written once', { timeout: 180_000 }, async () => {
  const { kafka } = suite;
  const [input, output, dlq, applicationId] = [uniqueName('numbers'), uniqueName('running'), uniqueName('dlq'), uniqueName('purge-app')];
  await createTopics(kafka, [{ topic: input, partitions: PARTITIONS }, { topic: output, partitions: PARTITIONS, compact: true }, { topic: dlq, partitions: 1 }]);
  const messages = [];
  for (let seq = 1; seq <= PER_KEY; seq++) for (let k = 0; k < KEYS; k++) messages.push({ key: `key-${k}`, value: JSON.stringify({ seq }), timestamp: recentEventTime(seq) });
  await produce(kafka, input, messages);
  const outputs = await collect(kafka, output);
  const admin = kafka.admin();
  await admin.connect();
  try {
    const streams = suite.stopAfter(createKafkaStreams({ topology: sequenceTopology(input, output, { repartitioned: true }), kafka, applicationId, deadLetterTopic: dlq, repartitionPurgeIntervalMs: 200, logger: testLogger, ...EVERY_UPDATE }));
    await streams.start();
    await outputs.waitForCount(KEYS * PER_KEY);

    const repartition = repartitionTopic(applicationId, 'numbered');
    const committedAndLow = async (): Promise<Array<{ partition: number; committed: bigint; low: bigint; high: bigint }>> => {
      const [committed] = await admin.fetchOffsets({ groupId: applicationId, topics: [repartition] });
      const offsets = await admin.fetchTopicOffsets(repartition);
      return offsets.map(({ partition, low, high }) => ({ partition, low: BigInt(low), high: BigInt(high), committed: BigInt(committed?.partitions.find((entry) => entry.partition === partition)?.offset ?? '-1') }));
    };
    // Every partition is read to its end, so the group's offset is past every record; the purge
    // then moves the log start up to it (the last commit marker may stay beyond it).
    await waitFor(async () => (await committedAndLow()).every(({ committed, low, high }) => committed > 0n && low === committed && high - low <= 1n), {
      timeoutMs: 30_000,
      what: 'repartition partitions purged up to the committed offsets',
    });
    const purged = await committedAndLow();
    assert.equal(purged.reduce((sum, { low }) => sum + low, 0n) >= BigInt(KEYS * PER_KEY), true, `log start offsets ${purged.map(({ low }) => low).join(', ')}: fewer than the ${KEYS * PER_KEY} records written were deleted`);

    // The purge deleted nothing still needed: each key's outputs count its inputs once, in order.
    const perKey = runsByKey(outputs.records);
    assert.equal(perKey.size, KEYS);
    const oneToN = Array.from({ length: PER_KEY }, (_, i) => i + 1);
    for (const [key, runs] of perKey) {
      assert.deepEqual(runs.map(({ seq }) => seq), oneToN, key);
      assert.deepEqual(runs.map(({ count }) => count), oneToN, key);
    }
  } finally {
    await admin.disconnect();
    await outputs.stop();
  }
});

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { copartitionAssigners, createKafkaStreams, StreamsBuilder, stringSerde } from '../../../src/streams/index.js';
import { uniqueName, waitFor } from '../../helpers/stack.js';
import { collect, createTopics, produce, streamsSuite, testLogger } from './kafka-fixtures.js';

/** The co-partition assignor's group protocol name before it was renamed `streams-copartition`. */
const OLD_NAME = 'GlusterCopartitionAssigner';
const PARTITIONS = 2;
const PER_PARTITION = 5;

const suite = streamsSuite();

test('rolling upgrade: a member offering only the old assignor name and a new instance share one group, which moves to streams-copartition when the old member leaves', { timeout: 180_000 }, async () => {
  const { kafka } = suite;
  const [input, output, dlq, applicationId] = [uniqueName('readings'), uniqueName('copied'), uniqueName('dlq'), uniqueName('upgrade-app')];
  await createTopics(kafka, [{ topic: input, partitions: PARTITIONS }, { topic: output, partitions: PARTITIONS }, { topic: dlq, partitions: 1 }]);
  const messages = [];
  for (let partition = 0; partition < PARTITIONS; partition++) for (let n = 0; n < PER_PARTITION; n++) messages.push({ partition, key: `k${partition}`, value: `${partition}:${n}` });
  await produce(kafka, input, messages);
  const outputs = await collect(kafka, output);
  const admin = kafka.admin();
  await admin.connect();

  // A member of the previous version: the same assignor, offered under the old name only. It never
  // commits, so whatever it holds is processed from the start by the instance that takes it over.
  const oldAssigner = copartitionAssigners({ topicGroups: [[input]], legacyNames: [OLD_NAME] })[1];
  assert.ok(oldAssigner !== undefined);
  const old = kafka.consumer({ groupId: applicationId, partitionAssigners: [oldAssigner], sessionTimeout: 10_000, heartbeatInterval: 1_000 });
  let oldPartitions: number[] = [];
  old.on(old.events.GROUP_JOIN, ({ payload }) => {
    oldPartitions = payload.memberAssignment[input] ?? [];
  });
  let oldRunning = true;
  try {
    await old.connect();
    await old.subscribe({ topics: [input], fromBeginning: true });
    await old.run({ autoCommit: false, eachMessage: async () => undefined });
    await waitFor(() => oldPartitions.length === PARTITIONS, { timeoutMs: 30_000, what: 'the old member owns every partition' });

    const builder = new StreamsBuilder();
    builder.stream(input, { key: stringSerde, value: stringSerde }).to(output, { key: stringSerde, value: stringSerde });
    const streams = suite.stopAfter(
      createKafkaStreams({ topology: builder.build(), kafka, applicationId, deadLetterTopic: dlq, legacyAssignorNames: [OLD_NAME], sessionTimeoutMs: 10_000, logger: testLogger }),
    );
    await streams.start();

    const group = async () => (await admin.describeGroups([applicationId])).groups[0];
    await waitFor(async () => (await group())?.members.length === 2 && streams.tasks().length === 1 && oldPartitions.length === 1, {
      timeoutMs: 60_000,
      what: 'old member and new instance hold one task each',
    });
    assert.equal((await group())?.protocol, OLD_NAME, 'the mixed group runs the only name every member offers');
    await outputs.waitForCount(PER_PARTITION);

    await old.disconnect();
    oldRunning = false;
    await waitFor(() => streams.tasks().length === PARTITIONS, { timeoutMs: 60_000, what: 'the new instance takes over every task' });
    await waitFor(async () => (await group())?.protocol === 'streams-copartition', { timeoutMs: 30_000, what: 'the group on the new name' });
    await outputs.waitForCount(PARTITIONS * PER_PARTITION);
    assert.deepEqual(outputs.records.map((record) => record.value?.toString()).sort(), messages.map((message) => message.value).sort());
  } finally {
    if (oldRunning) await old.disconnect();
    await outputs.stop();
    await admin.disconnect();
  }
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { setTimeout as delay } from 'node:timers/promises';

// The installed kafkajs, which `postinstall` patched (infra/patches/kafkajs-retry-unacked-partitions.mjs).
// Its send logic runs here against in-memory brokers: what is under test is which partitions a
// retry sends again, not Kafka (the 3-broker fault test covers the real thing).
const require = createRequire(import.meta.url);
const SEND_FILE = require.resolve('kafkajs/src/producer/sendMessages.js');
const MARK = '/* gluster-eventing: retry unacknowledged partitions, v2 */';

interface Message {
  readonly value: string;
  readonly partition: number;
}
interface PartitionData {
  readonly partition: number;
  readonly messages: readonly Message[];
  firstSequence?: number;
}
interface ProduceRequest {
  readonly topicData: ReadonlyArray<{ readonly topic: string; readonly partitions: readonly PartitionData[] }>;
}
type SendMessages = (args: { acks: number; timeout: number; topicMessages: Array<{ topic: string; messages: Message[] }> }) => Promise<Array<{ topicName: string; partition: number }>>;

const createSendMessages = require(SEND_FILE) as (deps: unknown) => SendMessages;
const createRetry = require('kafkajs/src/retry') as (options: unknown) => unknown;
const { createErrorFromCode } = require('kafkajs/src/protocol/error') as { createErrorFromCode: (code: number) => Error };
const CONCURRENT_TRANSACTIONS = 51;
const TOPIC = 'alerts';

/**
 * Brokers that append every produce request to their partitions' logs (a retried request with a new
 * sequence number is appended again, as a real broker does), with a scripted answer per request.
 */
function cluster(options: { leaders: () => Record<number, number[]>; answer: (nodeId: number, call: number) => Promise<void> }) {
  const logs = new Map<number, string[]>();
  const calls = new Map<number, number>();
  const sequences = new Map<string, number>();
  const brokers = new Map<number, { nodeId: number; produce: (request: ProduceRequest) => Promise<unknown> }>();
  const broker = (id: number | string) => {
    const nodeId = Number(id);
    let existing = brokers.get(nodeId);
    if (existing === undefined) {
      existing = {
        nodeId,
        async produce({ topicData }: ProduceRequest) {
          const call = (calls.get(nodeId) ?? 0) + 1;
          calls.set(nodeId, call);
          await options.answer(nodeId, call);
          const partitions = topicData.flatMap(({ partitions }) => partitions);
          for (const { partition, messages } of partitions) logs.set(partition, [...(logs.get(partition) ?? []), ...messages.map((m) => m.value)]);
          return { topics: [{ topicName: TOPIC, partitions: partitions.map(({ partition }) => ({ partition, errorCode: 0, baseOffset: '0' })) }] };
        },
      };
      brokers.set(nodeId, existing);
    }
    return existing;
  };
  const sendMessages = createSendMessages({
    logger: { debug() {}, error() {} },
    partitioner: ({ message }: { message: Message }) => message.partition,
    retrier: createRetry({ retries: 5, initialRetryTime: 1, maxRetryTime: 5 }),
    cluster: {
      refreshMetadataIfNecessary: async () => {},
      refreshMetadata: async () => {},
      addMultipleTargetTopics: async () => {},
      isConnected: () => true,
      findTopicPartitionMetadata: () => [0, 1, 2].map((partitionId) => ({ partitionId, leader: 1 })),
      findLeaderForPartitions: (_topic: string, partitions: string[]) => {
        const wanted = new Set(partitions.map(Number));
        const result: Record<number, number[]> = {};
        for (const [nodeId, led] of Object.entries(options.leaders())) {
          const mine = led.filter((partition) => wanted.has(partition));
          if (mine.length > 0) result[Number(nodeId)] = mine;
        }
        return result;
      },
      findBroker: async ({ nodeId }: { nodeId: number }) => broker(nodeId),
    },
    eosManager: {
      isTransactional: () => false,
      acquireBrokerLock: async () => {},
      releaseBrokerLock: async () => {},
      getProducerId: () => 1,
      getProducerEpoch: () => 0,
      getSequence: (topic: string, partition: number) => sequences.get(`${topic}|${partition}`) ?? 0,
      updateSequence: (topic: string, partition: number, increment: number) => sequences.set(`${topic}|${partition}`, (sequences.get(`${topic}|${partition}`) ?? 0) + increment),
    },
  });
  return { sendMessages, logs, calls, sequences };
}

const messages = (partition: number, count: number): Message[] => Array.from({ length: count }, (_, i) => ({ value: `p${partition}-${i}`, partition }));

test('the installed kafkajs send carries the patch exactly once', () => {
  assert.equal(readFileSync(SEND_FILE, 'utf8').split(MARK).length - 1, 1);
});

test('a failed request to one broker is retried without sending again what a slower broker acknowledged meanwhile', async () => {
  const { sendMessages, logs, calls, sequences } = cluster({
    leaders: () => ({ 1: [0], 2: [1] }),
    async answer(nodeId, call) {
      if (nodeId === 1) await delay(30); // still in flight when broker 2's error arrives
      if (nodeId === 2 && call === 1) throw createErrorFromCode(CONCURRENT_TRANSACTIONS);
    },
  });
  const responses = await sendMessages({ acks: -1, timeout: 30_000, topicMessages: [{ topic: TOPIC, messages: [...messages(0, 3), ...messages(1, 2)] }] });
  assert.deepEqual(logs.get(0), ['p0-0', 'p0-1', 'p0-2'], 'partition 0 written once');
  assert.deepEqual(logs.get(1), ['p1-0', 'p1-1'], 'partition 1 written once, by the retry');
  assert.equal(calls.get(1), 1, 'broker 1 asked once');
  assert.equal(calls.get(2), 2, 'broker 2 asked twice');
  assert.deepEqual([sequences.get(`${TOPIC}|0`), sequences.get(`${TOPIC}|1`)], [3, 2], 'each partition advanced by its records once');
  assert.deepEqual(responses.map(({ partition }) => partition).sort(), [0, 1], 'a response for each partition');
});

test('an acknowledged partition whose leader moved before the retry is not sent again', async () => {
  let moved = false;
  const { sendMessages, logs, calls } = cluster({
    leaders: () => (moved ? { 3: [0, 1] } : { 1: [0], 2: [1] }),
    async answer(nodeId, call) {
      if (nodeId === 2 && call === 1) {
        await delay(10); // broker 1 has answered by now
        moved = true;
        throw createErrorFromCode(CONCURRENT_TRANSACTIONS);
      }
    },
  });
  await sendMessages({ acks: -1, timeout: 30_000, topicMessages: [{ topic: TOPIC, messages: [...messages(0, 2), ...messages(1, 2)] }] });
  assert.deepEqual(logs.get(0), ['p0-0', 'p0-1'], 'partition 0 written once');
  assert.deepEqual(logs.get(1), ['p1-0', 'p1-1'], 'partition 1 written once, by its new leader');
  assert.equal(calls.get(3), 1, 'the new leader asked once, for partition 1 only');
});

test('a send that keeps failing still fails, after kafkajs’ retries', async () => {
  const { sendMessages, logs } = cluster({
    leaders: () => ({ 1: [0] }),
    async answer() {
      throw createErrorFromCode(CONCURRENT_TRANSACTIONS);
    },
  });
  await assert.rejects(sendMessages({ acks: -1, timeout: 30_000, topicMessages: [{ topic: TOPIC, messages: messages(0, 1) }] }), /retr|concurrent/i);
  assert.equal(logs.get(0), undefined, 'nothing written');
});

test('a send that fails in the end names the messages that were acknowledged, so a resend can leave them out', async () => {
  const { sendMessages, logs } = cluster({
    leaders: () => ({ 1: [0], 2: [1] }),
    async answer(nodeId) {
      if (nodeId === 2) throw createErrorFromCode(CONCURRENT_TRANSACTIONS);
    },
  });
  const sent = [...messages(0, 2), ...messages(1, 2)];
  const failure = await sendMessages({ acks: -1, timeout: 30_000, topicMessages: [{ topic: TOPIC, messages: sent }] }).then(
    () => assert.fail('the send should fail'),
    (error: unknown) => error as { acknowledgedMessages?: Set<Message> },
  );
  assert.deepEqual(logs.get(0), ['p0-0', 'p0-1']);
  assert.deepEqual([...(failure.acknowledgedMessages ?? [])], sent.slice(0, 2), 'exactly partition 0’s message objects');
});

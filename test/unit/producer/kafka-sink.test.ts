import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Kafka, Message } from 'kafkajs';
import { silentLogger } from '../../../src/logging/index.js';
import { createKafkaSink } from '../../../src/producer/index.js';
import { packPayload } from '../../../src/producer/records/record-codec.js';
import type { SchemaRegistryClient } from '../../../src/serde/index.js';

// The sink's resend rule against a scripted kafkajs producer: which payloads a resend carries after
// a send that failed with some partitions acknowledged (the error field our kafkajs patch sets; the
// patch itself is tested in test/unit/streams/kafka/kafkajs-send-retry-patch.test.ts).
function scriptedKafka(outcomes: Array<(messages: Message[]) => void>) {
  const sends: string[][] = [];
  const producer = {
    connect: async () => {},
    disconnect: async () => {},
    async send({ messages }: { messages: Message[] }) {
      sends.push(messages.map((message) => String((message.value as Buffer).subarray(5))));
      outcomes.shift()?.(messages);
      return [];
    },
  };
  return { kafka: { producer: () => producer } as unknown as Kafka, sends };
}

const registry = { url: 'memory', lookupId: async () => 7, register: async () => 7 } as unknown as SchemaRegistryClient;
const payloads = ['a', 'b', 'c', 'd'].map((value) => packPayload({ key: Buffer.from(`k-${value}`), value: Buffer.from(value) }));

test('a resend of the same batch leaves out what was acknowledged before the send failed', async () => {
  const { kafka, sends } = scriptedKafka([
    (messages) => {
      // partitions holding b and d landed, the others did not
      throw Object.assign(new Error('broker gone'), { acknowledgedMessages: new Set([messages[1], messages[3]]) });
    },
    () => {},
  ]);
  const sink = createKafkaSink({ kafka, topic: 'raw', registry, registration: 'lookup', logger: silentLogger });
  await assert.rejects(sink.send(payloads), /broker gone/);
  await sink.send(payloads);
  assert.deepEqual(sends, [['a', 'b', 'c', 'd'], ['a', 'c']]);
});

test('acknowledgements add up over several failed attempts, and a new batch starts afresh', async () => {
  const { kafka, sends } = scriptedKafka([
    (messages) => {
      throw Object.assign(new Error('first'), { acknowledgedMessages: new Set([messages[0]]) });
    },
    (messages) => {
      throw Object.assign(new Error('second'), { acknowledgedMessages: new Set([messages[2]]) });
    },
    () => {},
    () => {},
  ]);
  const sink = createKafkaSink({ kafka, topic: 'raw', registry, registration: 'lookup', logger: silentLogger });
  await assert.rejects(sink.send(payloads), /first/);
  await assert.rejects(sink.send(payloads), /second/);
  await sink.send(payloads);
  const next = payloads.slice(0, 2);
  await sink.send(next);
  assert.deepEqual(sends, [['a', 'b', 'c', 'd'], ['b', 'c', 'd'], ['b', 'c'], ['a', 'b']]);
});

test('a failure that names nothing acknowledged resends the whole batch', async () => {
  const { kafka, sends } = scriptedKafka([
    () => {
      throw new Error('unreachable');
    },
    () => {},
  ]);
  const sink = createKafkaSink({ kafka, topic: 'raw', registry, registration: 'lookup', logger: silentLogger });
  await assert.rejects(sink.send(payloads), /unreachable/);
  await sink.send(payloads);
  assert.deepEqual(sends, [['a', 'b', 'c', 'd'], ['a', 'b', 'c', 'd']]);
});

test('a batch larger than one request may carry to a partition goes in chunks, in order; a failed chunk leaves the earlier ones landed', async () => {
  // A node's records all go to one partition: 8 records of 200 KB are 1.6 MB, above the broker's 1 MiB per record batch.
  const big = Array.from({ length: 8 }, (_, index) => packPayload({ key: Buffer.from(`k${index}`), value: Buffer.from(`${index}`.padEnd(200_000, '.')) }));
  const { kafka, sends } = scriptedKafka([
    () => {},
    () => {
      throw Object.assign(new Error('broker gone'), { acknowledgedMessages: new Set() });
    },
    () => {},
    () => {},
  ]);
  const sink = createKafkaSink({ kafka, topic: 'raw', registry, registration: 'lookup', logger: silentLogger });
  await assert.rejects(sink.send(big), /broker gone/);
  await sink.send(big);
  const firsts = sends.map((send) => send.map((value) => value[0]).join(''));
  assert.deepEqual(firsts, ['01', '23', '23', '45', '67'], 'each request under 512 KB; the resend starts at the chunk that failed');
});

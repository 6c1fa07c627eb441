import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

// The installed kafkajs, which `postinstall` patched (infra/patches/kafkajs-linear-grouping.mjs).
const require = createRequire(import.meta.url);
const GROUPING_FILE = require.resolve('kafkajs/src/producer/groupMessagesPerPartition.js');
const MARK = '/* gluster-eventing: linear grouping */';

interface Message {
  readonly value: string;
  readonly partition?: number;
}
type Partitioner = (args: { topic: string; partitionMetadata: readonly unknown[]; message: Message }) => number;
const groupMessagesPerPartition = require(GROUPING_FILE) as (args: {
  topic: string;
  partitionMetadata: readonly unknown[];
  messages: readonly Message[];
  partitioner: Partitioner;
}) => Record<string, Message[]>;

const byValueParity: Partitioner = ({ message }) => message.partition ?? Number(message.value) % 2;

test('the installed kafkajs grouping carries the patch exactly once', () => {
  assert.equal(readFileSync(GROUPING_FILE, 'utf8').split(MARK).length - 1, 1);
});

test('grouping keeps every message, each partition in send order', () => {
  const messages = Array.from({ length: 9 }, (_, i) => ({ value: String(i) }));
  const grouped = groupMessagesPerPartition({ topic: 't', partitionMetadata: [{}, {}], messages, partitioner: byValueParity });
  assert.deepEqual(
    Object.fromEntries(Object.entries(grouped).map(([partition, list]) => [partition, list.map((m) => m.value)])),
    { 0: ['0', '2', '4', '6', '8'], 1: ['1', '3', '5', '7'] },
  );
});

test('an explicit partition wins, and no partition metadata gives nothing to send', () => {
  const messages = [{ value: '1', partition: 0 }, { value: '2' }, { value: '3', partition: 0 }];
  assert.deepEqual(Object.keys(groupMessagesPerPartition({ topic: 't', partitionMetadata: [{}, {}], messages, partitioner: byValueParity })), ['0']);
  assert.deepEqual(groupMessagesPerPartition({ topic: 't', partitionMetadata: [], messages, partitioner: byValueParity }), {});
});

test('a 50,000-message send to one partition keeps every message, in order', () => {
  const messages = Array.from({ length: 50_000 }, (_, i) => ({ value: String(i), partition: 3 }));
  const grouped = groupMessagesPerPartition({ topic: 't', partitionMetadata: [{}], messages, partitioner: byValueParity });
  assert.equal(grouped[3]?.length, 50_000);
  assert.equal(grouped[3]?.[49_999], messages[49_999]);
});

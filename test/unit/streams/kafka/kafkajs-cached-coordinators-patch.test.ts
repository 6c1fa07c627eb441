import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

// The installed kafkajs, which `postinstall` patched (infra/patches/kafkajs-cached-coordinators.mjs).
// Its transaction manager runs here against in-memory brokers: what is under test is which broker
// each transactional request goes to and how often coordinators are looked up, not Kafka (the
// exactly-once integration and broker-kill fault tests cover the real thing).
const require = createRequire(import.meta.url);
const EOS_FILE = require.resolve('kafkajs/src/producer/eosManager/index.js');
const MARK = '/* gluster-eventing: coordinators kept while connected */';
const { createErrorFromCode } = require('kafkajs/src/protocol/error') as { createErrorFromCode: (code: number) => Error & { type: string } };
const { KafkaJSProtocolError } = require('kafkajs/src/errors') as { KafkaJSProtocolError: new (error: Error, options?: { retriable?: boolean }) => Error & { type: string } };
const createEosManager = require(EOS_FILE) as (options: Record<string, unknown>) => EosManager;
const NOT_COORDINATOR = 16;
const TRANSACTION = 1;

interface EosManager {
  initProducerId(): Promise<void>;
  beginTransaction(): void;
  addPartitionsToTransaction(topicData: Array<{ topic: string; partitions: Array<{ partition: number }> }>): Promise<void>;
  sendOffsets(args: { consumerGroupId: string; topics: unknown[] }): Promise<void>;
  commit(): Promise<void>;
}

type Method = 'initProducerId' | 'addPartitionsToTxn' | 'addOffsetsToTxn' | 'txnOffsetCommit' | 'endTxn';

/** A broker that records every request and answers ok, or with a refusal scripted per method. */
function broker(nodeId: number, log: string[], refuse: Map<string, number>) {
  const state = { connected: true };
  const answer = (method: Method) => async (): Promise<Record<string, unknown>> => {
    const key = `${nodeId}:${method}`;
    log.push(key);
    const left = refuse.get(key) ?? 0;
    if (left > 0) {
      refuse.set(key, left - 1);
      throw new KafkaJSProtocolError(createErrorFromCode(NOT_COORDINATOR));
    }
    return method === 'initProducerId' ? { producerId: 7, producerEpoch: 0 } : {};
  };
  return {
    nodeId,
    state,
    isConnected: () => state.connected,
    initProducerId: answer('initProducerId'),
    addPartitionsToTxn: answer('addPartitionsToTxn'),
    addOffsetsToTxn: answer('addOffsetsToTxn'),
    txnOffsetCommit: answer('txnOffsetCommit'),
    endTxn: answer('endTxn'),
  };
}

/** A cluster whose coordinators are the brokers `coordinatorOf` names at the moment of each lookup. */
function setup(coordinatorOf: { transaction: number; group: number }) {
  const log: string[] = [];
  const lookups: string[] = [];
  const refuse = new Map<string, number>();
  const brokers = new Map([1, 2, 3].map((nodeId) => [nodeId, broker(nodeId, log, refuse)]));
  const cluster = {
    retry: { retries: 3, initialRetryTime: 1, maxRetryTime: 5 },
    refreshMetadataIfNecessary: async () => {},
    findGroupCoordinator: async ({ groupId, coordinatorType }: { groupId: string; coordinatorType: number }) => {
      lookups.push(`${coordinatorType === TRANSACTION ? 'transaction' : 'group'}:${groupId}`);
      return brokers.get(coordinatorType === TRANSACTION ? coordinatorOf.transaction : coordinatorOf.group);
    },
  };
  const eos = createEosManager({
    logger: { debug() {}, info() {}, warn() {}, error() {} },
    cluster,
    transactional: true,
    transactionalId: 'app-0_1',
  });
  const transaction = async (): Promise<void> => {
    eos.beginTransaction();
    await eos.addPartitionsToTransaction([{ topic: 'out', partitions: [{ partition: 0 }] }]);
    await eos.sendOffsets({ consumerGroupId: 'app', topics: [{ topic: 'in', partitions: [{ partition: 0, offset: '1' }] }] });
    await eos.commit();
  };
  return { eos, log, lookups, refuse, brokers, transaction };
}

test('the installed kafkajs transaction manager carries the patch exactly once', () => {
  assert.equal(readFileSync(EOS_FILE, 'utf8').split(MARK).length - 1, 1);
});

test('coordinators are looked up once, not before every transactional request', async () => {
  const { eos, log, lookups, transaction } = setup({ transaction: 2, group: 3 });
  await eos.initProducerId();
  for (let i = 0; i < 3; i += 1) await transaction();
  // Unpatched: one lookup for the producer id, then four per transaction (13 in all).
  assert.deepEqual(lookups, ['transaction:app-0_1', 'group:app']);
  assert.equal(log.filter((entry) => entry === '2:endTxn').length, 3);
  assert.equal(log.filter((entry) => entry === '3:txnOffsetCommit').length, 3);
});

test('a kept coordinator that says it is not the coordinator is looked up again and the request sent once more', async () => {
  const coordinators = { transaction: 2, group: 3 };
  const { eos, log, lookups, refuse, transaction } = setup(coordinators);
  await eos.initProducerId();
  await transaction();
  coordinators.transaction = 1; // the transaction log's partition moved to broker 1
  refuse.set('2:addPartitionsToTxn', 1);
  refuse.set('2:endTxn', 1);
  await transaction();
  assert.deepEqual(log.slice(-5), ['2:addPartitionsToTxn', '1:addPartitionsToTxn', '1:addOffsetsToTxn', '3:txnOffsetCommit', '1:endTxn']);
  assert.deepEqual(lookups, ['transaction:app-0_1', 'group:app', 'transaction:app-0_1']);
});

test('a kept coordinator whose connection is down is not used: it is looked up again first', async () => {
  const coordinators = { transaction: 2, group: 3 };
  const { eos, log, lookups, brokers, transaction } = setup(coordinators);
  await eos.initProducerId();
  await transaction();
  const old = brokers.get(2);
  assert.ok(old);
  old.state.connected = false;
  coordinators.transaction = 1;
  const before = log.length;
  await transaction();
  assert.equal(log.slice(before).some((entry) => entry.startsWith('2:')), false, 'nothing sent to the disconnected broker');
  assert.deepEqual(lookups, ['transaction:app-0_1', 'group:app', 'transaction:app-0_1']);
});

test('a group coordinator that moved is found again for the offset commit instead of failing the transaction', async () => {
  const coordinators = { transaction: 2, group: 3 };
  const { eos, log, refuse, transaction } = setup(coordinators);
  await eos.initProducerId();
  await transaction();
  coordinators.group = 1;
  refuse.set('3:txnOffsetCommit', 1);
  await transaction();
  // Unpatched, kafkajs' stale-coordinator list named errors no kafkajs error carries: the refusal failed the commit.
  assert.deepEqual(log.slice(-3), ['3:txnOffsetCommit', '1:txnOffsetCommit', '2:endTxn']);
});

test('a request that fails for another reason forgets the coordinator: the failure reaches the caller and its next attempt looks it up again', async () => {
  const { eos, lookups, brokers } = setup({ transaction: 2, group: 3 });
  await eos.initProducerId();
  const coordinator = brokers.get(2);
  assert.ok(coordinator);
  const answer = coordinator.addPartitionsToTxn;
  coordinator.addPartitionsToTxn = async () => {
    throw new Error('Connection closed');
  };
  eos.beginTransaction();
  const topicData = [{ topic: 'out', partitions: [{ partition: 0 }] }];
  await assert.rejects(eos.addPartitionsToTransaction(topicData), /Connection closed/);
  coordinator.addPartitionsToTxn = answer;
  await eos.addPartitionsToTransaction(topicData);
  assert.deepEqual(lookups, ['transaction:app-0_1', 'transaction:app-0_1']);
});

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { setTimeout as delay } from 'node:timers/promises';
import { StreamsFatalError } from '../../../../src/streams/errors/streams-fatal-error.js';
import { isTransientOutage } from '../../../../src/streams/kafka/kafka-errors.js';
import type { KafkaStreams } from '../../../../src/streams/kafka/kafka-streams.js';
import { superviseStreams } from '../../../../src/streams/kafka/supervised-streams.js';
import { createMemoryMetrics } from '../../../../src/streams/metrics.js';

/** A stand-in instance whose end the test decides: `fail(error)` as a fatal stop, `stop()` as a clean one. */
function fakeInstance(name: string, startError?: Error) {
  let settle: { resolve: () => void; reject: (error: unknown) => void } = { resolve: () => {}, reject: () => {} };
  const done = new Promise<void>((resolve, reject) => (settle = { resolve, reject }));
  done.catch(() => undefined);
  const state = { started: false, stopped: false };
  const instance: KafkaStreams & { fail(error: unknown): void; state: typeof state } = {
    state,
    async start() {
      if (startError !== undefined) throw startError;
      state.started = true;
    },
    async stop() {
      state.stopped = true;
      settle.resolve();
    },
    done,
    tasks: () => [name],
    describe: () => name,
    queryStore: (store) => ({ store, entries: [], tasks: [name], partitions: 1, partial: false }),
    ready: () => state.started && !state.stopped,
    hosts: async () => [],
    fail: (error) => settle.reject(error),
  };
  return instance;
}

const connectionLost = (): Error => Object.assign(new Error('Connection error: connect ECONNREFUSED'), { name: 'KafkaJSConnectionError', retriable: true });
const fatal = (cause: unknown): StreamsFatalError => new StreamsFatalError('app', 'a task could not commit', cause);

describe('superviseStreams', () => {
  test('an instance stopped by an unreachable Kafka is replaced by a fresh one after the backoff, and counted', async () => {
    const made: ReturnType<typeof fakeInstance>[] = [];
    const metrics = createMemoryMetrics();
    const streams = superviseStreams(() => {
      const next = fakeInstance(`i${made.length}`);
      made.push(next);
      return next;
    }, { initialBackoffMs: 10, maxBackoffMs: 20, metrics });
    await streams.start();
    assert.equal(made.length, 1);
    assert.deepEqual(streams.tasks(), ['i0']);

    made[0]!.fail(fatal(connectionLost()));
    await delay(100);
    assert.equal(made.length, 2, 'a fresh instance was created');
    assert.equal(made[0]!.state.stopped, true, 'the failed instance was stopped');
    assert.equal(made[1]!.state.started, true);
    assert.deepEqual(streams.tasks(), ['i1']);
    assert.equal(streams.ready(), true);
    assert.equal(metrics.values.get('streams_instance_restarts_total{}'), 1);

    await streams.stop();
    await streams.done;
    assert.equal(made[1]!.state.stopped, true);
    assert.equal(made.length, 2);
  });

  test('a fresh instance that cannot start while Kafka is still away is retried', async () => {
    const made: ReturnType<typeof fakeInstance>[] = [];
    const streams = superviseStreams(() => {
      const next = fakeInstance(`i${made.length}`, made.length === 1 || made.length === 2 ? connectionLost() : undefined);
      made.push(next);
      return next;
    }, { initialBackoffMs: 5, maxBackoffMs: 10 });
    await streams.start();
    made[0]!.fail(fatal(connectionLost()));
    const deadline = Date.now() + 2_000;
    while (made.length < 4 && Date.now() < deadline) await delay(10);
    assert.equal(made.length, 4);
    assert.equal(made[3]!.state.started, true);
    await streams.stop();
  });

  test('a failure a restart cannot cure ends done with that error, and no fresh instance is made', async () => {
    const made: ReturnType<typeof fakeInstance>[] = [];
    const streams = superviseStreams(() => {
      const next = fakeInstance(`i${made.length}`);
      made.push(next);
      return next;
    }, { initialBackoffMs: 5 });
    await streams.start();
    const failure = fatal(new TypeError('operator bug'));
    made[0]!.fail(failure);
    await assert.rejects(streams.done, (error) => error === failure);
    await delay(30);
    assert.equal(made.length, 1);
  });

  test('stop() during the backoff ends done cleanly without starting another instance', async () => {
    const made: ReturnType<typeof fakeInstance>[] = [];
    const streams = superviseStreams(() => {
      const next = fakeInstance(`i${made.length}`);
      made.push(next);
      return next;
    }, { initialBackoffMs: 60_000 });
    await streams.start();
    made[0]!.fail(fatal(connectionLost()));
    await delay(20);
    assert.equal(streams.ready(), false, 'not ready while waiting to restart');
    await streams.stop();
    await streams.done;
    assert.equal(made.length, 1);
  });

  test('a first start that fails is the caller\'s error (as without a supervisor)', async () => {
    const streams = superviseStreams(() => fakeInstance('i0', new Error('no such topic')));
    await assert.rejects(streams.start(), /no such topic/);
  });
});

describe('isTransientOutage', () => {
  test('unreachable brokers, a missing coordinator or leader, anywhere in the cause chain', () => {
    assert.equal(isTransientOutage(fatal(connectionLost())), true);
    assert.equal(isTransientOutage(fatal(Object.assign(new Error('Failed to find group coordinator'), { name: 'KafkaJSGroupCoordinatorNotFound' }))), true);
    assert.equal(isTransientOutage(fatal(Object.assign(new Error('retries spent'), { name: 'KafkaJSNumberOfRetriesExceeded', originalError: Object.assign(new Error('There is no leader for this topic-partition'), { type: 'LEADER_NOT_AVAILABLE', retriable: true }) }))), true);
  });
  test('not for bugs, authentication or authorization', () => {
    assert.equal(isTransientOutage(fatal(new TypeError('x is undefined'))), false);
    assert.equal(isTransientOutage(fatal(Object.assign(new Error('SASL SCRAM authentication failed'), { name: 'KafkaJSSASLAuthenticationError' }))), false);
    assert.equal(isTransientOutage(fatal(Object.assign(new Error('retries spent'), { name: 'KafkaJSNumberOfRetriesExceeded', cause: Object.assign(new Error('denied'), { type: 'TOPIC_AUTHORIZATION_FAILED' }) }))), false);
  });
  test('not for a broker certificate that cannot be trusted (kafkajs calls that a retriable connection error)', () => {
    const untrusted = Object.assign(new Error('Connection error: unable to verify the first certificate'), { name: 'KafkaJSConnectionError', retriable: true, code: 'UNABLE_TO_VERIFY_LEAF_SIGNATURE' });
    assert.equal(isTransientOutage(fatal(Object.assign(new Error('retries spent'), { name: 'KafkaJSNumberOfRetriesExceeded', cause: untrusted }))), false);
    assert.equal(isTransientOutage(fatal(Object.assign(new Error('Connection error: connect ECONNREFUSED'), { name: 'KafkaJSConnectionError', retriable: true, code: 'ECONNREFUSED' }))), true, 'a refused connection still is an outage');
  });
});

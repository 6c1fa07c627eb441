import assert from 'node:assert/strict';
import { test } from 'node:test';
import kafkajs from 'kafkajs';
import { silentLogger } from '../../../../src/logging/index.js';
import { seekToCommitted } from '../../../../src/streams/kafka/seek-to-committed.js';

const TASK = { id: '2_3', partition: 3 };
const COMMITTED = new Map([
  ['raw', 120n],
  ['app-disk-reports-repartition', 7n],
]);

test('a closed task is sought back to its committed offset on every source topic of its partition', () => {
  const seeks: Array<{ topic: string; partition: number; offset: string }> = [];
  assert.equal(seekToCommitted({ seek: (target) => void seeks.push(target) }, TASK, COMMITTED, silentLogger), true);
  assert.deepEqual(seeks, [
    { topic: 'raw', partition: 3, offset: '120' },
    { topic: 'app-disk-reports-repartition', partition: 3, offset: '7' },
  ]);
});

test('a consumer whose group is not running (kafkajs restarting it after a crash) refuses the seek: logged, not thrown', () => {
  const notRunning = {
    seek: () => {
      // What kafkajs 2.2.4 throws from seek() between a consumer crash and its restart.
      throw new kafkajs.KafkaJSNonRetriableError('Consumer group was not initialized, consumer#run must be called first');
    },
  };
  assert.equal(seekToCommitted(notRunning, TASK, COMMITTED, silentLogger), false);
});

test('without a consumer there is nothing to seek', () => {
  assert.equal(seekToCommitted(undefined, TASK, COMMITTED, silentLogger), false);
});

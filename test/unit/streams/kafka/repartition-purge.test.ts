import assert from 'node:assert/strict';
import { test } from 'node:test';
import { setTimeout as delay } from 'node:timers/promises';
import type { Admin } from 'kafkajs';
import { pino } from 'pino';
import { silentLogger } from '../../../../src/logging/index.js';
import { startRepartitionPurger } from '../../../../src/streams/kafka/repartition-purge.js';

type Deletion = { topic: string; partitions: Array<{ partition: number; offset: string }> };

/** Records what the purger asks to delete; fails the first `failures` calls. */
function recordingAdmin(failures = 0): { admin: Admin; deletions: Deletion[] } {
  const deletions: Deletion[] = [];
  let failing = failures;
  const admin = {
    deleteTopicRecords: async (request: Deletion) => {
      if (failing-- > 0) throw new Error('broker unavailable');
      deletions.push(request);
    },
  } as unknown as Admin;
  return { admin, deletions };
}

test('only repartition topics are purged, each partition up to its newest committed offset', async () => {
  const { admin, deletions } = recordingAdmin();
  const purger = startRepartitionPurger({ admin, repartitionTopics: new Set(['app-a-repartition']), intervalMs: 10, logger: silentLogger });
  purger.committed([
    { topic: 'raw', partition: 0, offset: '50' },
    { topic: 'app-a-repartition', partition: 1, offset: '7' },
  ]);
  purger.committed([{ topic: 'app-a-repartition', partition: 1, offset: '9' }]);
  purger.committed([{ topic: 'app-a-repartition', partition: 2, offset: '3' }]);
  await delay(50);
  await purger.stop();
  assert.deepEqual(deletions, [{ topic: 'app-a-repartition', partitions: [{ partition: 1, offset: '9' }, { partition: 2, offset: '3' }] }]);
});

test('a failed purge is retried at the next round, never with an older offset than committed since', async () => {
  const { admin, deletions } = recordingAdmin(1);
  const purger = startRepartitionPurger({ admin, repartitionTopics: new Set(['app-a-repartition']), intervalMs: 10, logger: silentLogger });
  purger.committed([{ topic: 'app-a-repartition', partition: 0, offset: '5' }]);
  await delay(15); // the first round fails
  purger.committed([{ topic: 'app-a-repartition', partition: 0, offset: '4' }]); // a stale commit seen late
  await delay(50);
  await purger.stop();
  assert.deepEqual(deletions, [{ topic: 'app-a-repartition', partitions: [{ partition: 0, offset: '5' }] }]);
});

test('a topic whose purge keeps failing warns once, then logs at debug, and says at info when it works again', async () => {
  const lines: Array<{ level: number; msg: string; topic?: string; failedRounds?: number }> = [];
  const logger = pino({ level: 'debug', base: null }, { write: (line: string) => void lines.push(JSON.parse(line)) });
  const { admin, deletions } = recordingAdmin(3);
  const purger = startRepartitionPurger({ admin, repartitionTopics: new Set(['app-a-repartition']), intervalMs: 10, logger });
  purger.committed([{ topic: 'app-a-repartition', partition: 0, offset: '5' }]);
  const deadline = Date.now() + 5_000;
  while (deletions.length === 0 && Date.now() < deadline) await delay(10);
  await purger.stop();
  assert.equal(deletions.length, 1, 'the fourth round purges');
  const about = lines.filter((line) => line.topic === 'app-a-repartition' && line.msg.startsWith('purging'));
  const WARN = 40;
  const INFO = 30;
  const DEBUG = 20;
  assert.deepEqual(
    about.map((line) => [line.level, line.failedRounds]),
    [
      [WARN, undefined],
      [DEBUG, 2],
      [DEBUG, 3],
      [INFO, 3],
    ],
  );
});

import assert from 'node:assert/strict';
import { test } from 'node:test';
import pino from 'pino';
import { authorizationRefusal } from '../../../src/kafka/index.js';
import { silentLogger } from '../../../src/logging/index.js';
import { createBackoff, createCountingMetrics, openSpool, startDeliveryLoop, type RecordSink } from '../../../src/producer/index.js';
import { tempDirs } from '../../helpers/temp-dirs.js';

const freshDir = tempDirs('delivery-refused-');

/** What kafkajs rejects a send with when an ACL is missing: a retry error whose cause is the protocol error. */
function refusedError(): Error {
  const protocol = Object.assign(new Error('Topic authorization failed'), { type: 'TOPIC_AUTHORIZATION_FAILED', code: 29 });
  return new Error('Topic authorization failed', { cause: protocol });
}

test('authorizationRefusal finds the broker code in the cause chain and nothing in other errors', () => {
  assert.equal(authorizationRefusal(refusedError()), 'TOPIC_AUTHORIZATION_FAILED');
  assert.equal(authorizationRefusal(Object.assign(new Error('x'), { originalError: { type: 'GROUP_AUTHORIZATION_FAILED' } })), 'GROUP_AUTHORIZATION_FAILED');
  assert.equal(authorizationRefusal(Object.assign(new Error('x'), { type: 'LEADER_NOT_AVAILABLE' })), undefined);
  assert.equal(authorizationRefusal('Topic authorization failed'), undefined, 'message text is not a code');
  const loop: { cause?: unknown } = {};
  loop.cause = loop;
  assert.equal(authorizationRefusal(loop), undefined);
});

test('a refused delivery is logged once as a missing ACL and counted apart from reconnects; the records wait in the spool', async () => {
  const spool = openSpool({ dir: freshDir(), maxBytes: 1 << 20, logger: silentLogger });
  spool.append(Buffer.from('a'));
  let attempts = 0;
  const sink: RecordSink = {
    send: async () => {
      attempts += 1;
      throw refusedError();
    },
    close: async () => undefined,
  };
  const lines: { level: number; msg: string }[] = [];
  const logger = pino({ level: 'debug' }, { write: (line: string) => void lines.push(JSON.parse(line) as { level: number; msg: string }) });
  const metrics = createCountingMetrics();
  const delivery = startDeliveryLoop({
    spool,
    sink,
    metrics,
    logger,
    backoff: createBackoff({ initialMs: 1, maxMs: 1 }),
    maxBatchEntries: 100,
    maxBatchBytes: 1 << 20,
    clock: Date.now,
    onDelivered: () => undefined,
  });
  while (attempts < 5) await new Promise((resolve) => setTimeout(resolve, 1));
  await delivery.stop();
  const errors = lines.filter((line) => line.level >= 50);
  assert.equal(errors.length, 1, JSON.stringify(errors));
  assert.match(errors[0]?.msg ?? '', /refused this producer's user.*acls --role producer/);
  assert.equal(metrics.counts.deliveryRefused, 1);
  assert.equal(metrics.counts.reconnects.kafka, undefined, 'not counted as a connection problem');
  assert.ok(spool.pendingBytes() > 0, 'the record stays in the spool');
  spool.close();
});

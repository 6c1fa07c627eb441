import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isErrorWithCode } from '../../../src/errors/index.js';
import { silentLogger } from '../../../src/logging/index.js';
import { createBackoff, createCountingMetrics, openSpool, startDeliveryLoop, stopDelivery, type RecordSink, type Spool } from '../../../src/producer/index.js';
import { tempDirs } from '../../helpers/temp-dirs.js';

const freshDir = tempDirs('stop-delivery-');

/** A sink whose first send hangs until `land()` or `fail()`, as a kafkajs send does while it retries. */
function hangingSink() {
  const sent: string[][] = [];
  let settle: { land(): void; fail(): void } | undefined;
  const sink: RecordSink = {
    send: (payloads) =>
      new Promise<void>((resolve, reject) => {
        settle = {
          land: () => {
            sent.push(payloads.map(String));
            resolve();
          },
          fail: () => reject(new Error('no broker answered')),
        };
      }),
    close: async () => undefined,
  };
  return { sink, sent, land: () => settle?.land(), fail: () => settle?.fail(), sending: () => settle !== undefined };
}

const openIn = (dir: string): Spool => openSpool({ dir, maxBytes: 1 << 20, logger: silentLogger });

async function startStuckDelivery(dir: string) {
  const spool = openIn(dir);
  for (const value of ['a', 'b', 'c']) spool.append(Buffer.from(value));
  const kafka = hangingSink();
  const delivery = startDeliveryLoop({
    spool,
    sink: kafka.sink,
    metrics: createCountingMetrics(),
    logger: silentLogger,
    backoff: createBackoff({ initialMs: 10, maxMs: 10 }),
    maxBatchEntries: 100,
    maxBatchBytes: 1 << 20,
    clock: Date.now,
    onDelivered: () => undefined,
  });
  while (!kafka.sending()) await new Promise((resolve) => setImmediate(resolve));
  const stopped = await stopDelivery({ delivery, sink: kafka.sink, spool, logger: silentLogger }, 50);
  return { kafka, stopped };
}

test('a stop during a send that lands later: the spool stays locked until it lands, then the records count as delivered', async () => {
  const dir = freshDir();
  const { kafka, stopped } = await startStuckDelivery(dir);
  assert.equal(stopped.flushed, false);
  assert.throws(() => openIn(dir), (error: unknown) => isErrorWithCode(error, 'SPOOL_LOCKED'), 'nobody else may deliver the batch in flight');
  kafka.land();
  await stopped.closed;
  assert.deepEqual(kafka.sent, [['a', 'b', 'c']]);
  const next = openIn(dir);
  assert.equal(next.read(100, 1 << 20), null, 'the next owner does not send the landed batch again');
  next.close();
});

test('a stop during a send that fails: the spool is released with the batch still in it', async () => {
  const dir = freshDir();
  const { kafka, stopped } = await startStuckDelivery(dir);
  kafka.fail();
  await stopped.closed;
  const next = openIn(dir);
  assert.deepEqual(next.read(100, 1 << 20)?.payloads.map(String), ['a', 'b', 'c']);
  next.close();
});

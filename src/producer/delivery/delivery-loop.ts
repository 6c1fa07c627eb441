import { authorizationRefusal } from '../../kafka/index.js';
import type { Logger } from '../../logging/index.js';
import type { Backoff } from '../backoff.js';
import type { ProducerMetrics } from '../metrics/index.js';
import type { Spool, SpoolBatch } from '../spool/spool.js';
import type { RecordSink } from './kafka-sink.js';
import type { AckObserver } from './latency-log.js';

export interface DeliveryLoopOptions {
  readonly spool: Spool;
  readonly sink: RecordSink;
  readonly metrics: ProducerMetrics;
  readonly logger: Logger;
  readonly backoff: Backoff;
  /** Per request; the byte bound must stay under the broker's message.max.bytes (1 MiB default). */
  readonly maxBatchEntries: number;
  readonly maxBatchBytes: number;
  /** After every acknowledged batch (the producer checks for a past overflow here). */
  readonly onDelivered: () => void;
  /** Opt-in debug hook: every acknowledged batch with the ack time (see `createLatencyLog`). */
  readonly onAcked?: AckObserver;
  /** Epoch milliseconds for `onAcked`. */
  readonly clock: () => number;
}

export interface DeliveryLoop {
  /** Something was appended: send it now if idle. */
  notify(): void;
  /** Waits until the spool is empty or `timeoutMs` passed; true when empty. */
  drain(timeoutMs: number): Promise<boolean>;
  stop(): Promise<void>;
}

/**
 * Moves records from the spool to Kafka in order, one batch in flight: whatever accumulated while
 * the previous request was out goes in the next one (natural batching, no linger). A failed batch is
 * resent as is after a backoff, for as long as it takes; the spool holds everything meanwhile.
 */
export function startDeliveryLoop(options: DeliveryLoopOptions): DeliveryLoop {
  const { spool, sink, metrics, logger, backoff } = options;
  let stopped = false;
  let wake: (() => void) | null = null;
  // Appends wake the loop only while it waits for data, never during a backoff (no retry storm).
  let waitingForData = false;
  let failing = false;
  const waiters = new Set<() => void>();

  const idle = (ms?: number): Promise<void> =>
    new Promise((resolve) => {
      const timer = ms === undefined ? undefined : setTimeout(done, ms);
      function done(): void {
        clearTimeout(timer);
        wake = null;
        resolve();
      }
      wake = done;
    });

  const loop = async (): Promise<void> => {
    let batch: SpoolBatch | null = null;
    while (!stopped) {
      try {
        batch ??= spool.read(options.maxBatchEntries, options.maxBatchBytes);
      } catch (error) {
        logger.fatal({ err: error }, 'spool unreadable; delivery paused');
        await idle(backoff.next());
        continue;
      }
      if (batch === null) {
        for (const waiter of waiters) waiter();
        waitingForData = true;
        await idle();
        waitingForData = false;
        continue;
      }
      try {
        await sink.send(batch.payloads);
        options.onAcked?.(batch.payloads, options.clock());
        spool.commit(batch.end);
        metrics.recordsProduced(batch.payloads.length);
        metrics.spooledBytes(spool.pendingBytes());
        if (failing) logger.info({ spooledBytes: spool.pendingBytes() }, 'Kafka reachable again; delivering the spool');
        failing = false;
        backoff.reset();
        batch = null;
        options.onDelivered();
      } catch (error) {
        const refusal = authorizationRefusal(error);
        if (!failing && refusal !== undefined) {
          // No reconnect heals this: it needs an ACL, so it is said once as such, and counted apart.
          metrics.deliveryRefused();
          logger.error(
            { err: error, refusal, spooledBytes: spool.pendingBytes() },
            "Kafka refused this producer's user: allow it to write the raw topic (gluster-eventing acls --role producer --apply); records stay in the spool and are retried",
          );
        } else if (!failing) {
          metrics.reconnect('kafka');
          logger.error({ err: error, spooledBytes: spool.pendingBytes() }, 'Kafka delivery failed; records stay in the spool and are retried');
        } else logger.debug({ err: error }, 'Kafka delivery still failing');
        failing = true;
        if (!stopped) await idle(backoff.next());
      }
    }
  };
  const running = loop();

  return {
    notify() {
      if (waitingForData) wake?.();
    },
    async drain(timeoutMs) {
      if (spool.pendingBytes() === 0) return true;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(finish, timeoutMs);
        function finish(): void {
          clearTimeout(timer);
          waiters.delete(finish);
          resolve();
        }
        waiters.add(finish);
        wake?.();
      });
      return spool.pendingBytes() === 0;
    },
    async stop() {
      stopped = true;
      wake?.();
      await running;
    },
  };
}

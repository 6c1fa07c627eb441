import type { Logger } from '../../logging/index.js';
import { createBackoff, createRecordBuilder, createRecordCodec, openSpool, startDeliveryLoop, stopDelivery, type FsyncPolicy, type ProducerMetrics, type RecordSink } from '../../producer/index.js';
import { WebhookRequestError } from '../errors/webhook-request-error.js';
import type { EventDraft } from '../events/event-record.js';
import { createEventAppender } from './append-event.js';

export interface EventIntakeOptions {
  readonly spool: { readonly dir: string; readonly maxBytes: number; readonly fsync: FsyncPolicy };
  readonly sink: RecordSink;
  readonly metrics: ProducerMetrics;
  readonly logger: Logger;
  /** The webhook's own node id (the key's nodeId); the event's emitter is its glusterUuid. */
  readonly nodeId: string;
  readonly sessionId: string;
  /** Epoch milliseconds (observedAt). */
  readonly clock: () => number;
  readonly reconnect: { readonly initialMs: number; readonly maxMs: number };
}

export interface EventIntake {
  /**
   * Resolves once the record is in the spool file and, unless the fsync policy is `never`, fsynced:
   * from then on only the disk can lose it, so the webhook may answer 200. Rejects with
   * `SPOOL_OVERFLOW` when the spool refused it.
   */
  accept(draft: EventDraft, subjectPath: string): Promise<void>;
  /** Delivers what is spooled for up to `flushTimeoutMs`, closes the sink and the spool; true when the spool was emptied. */
  stop(flushTimeoutMs: number): Promise<boolean>;
}

/** Largest Avro value body, as in the producer: one record always fits a 1 MiB Kafka request. */
const MAX_VALUE_BYTES = 512 * 1024;
const MAX_BATCH_BYTES = 900 * 1024;

/**
 * The producer's spool and delivery loop behind the webhook. Syncs are grouped: every accept of one
 * event-loop turn waits for a single `spool.sync()` (group commit), so a burst costs one fsync.
 * Kafka being away only grows the spool; the loop delivers it in order when Kafka returns.
 */
export function openEventIntake(options: EventIntakeOptions): EventIntake {
  const { metrics, logger } = options;
  const spool = openSpool({ ...options.spool, logger: logger.child({ component: 'spool' }) });
  if (spool.recovery.entries > 0) logger.info({ ...spool.recovery, spooledBytes: spool.pendingBytes() }, 'undelivered events from an earlier run are delivered first');
  metrics.spooledBytes(spool.pendingBytes());
  const append = createEventAppender({
    build: createRecordBuilder({ nodeId: options.nodeId, glusterUuid: null, sessionId: options.sessionId, clock: options.clock }),
    codec: createRecordCodec(),
    spool,
    metrics,
    logger,
    maxValueBytes: MAX_VALUE_BYTES,
  });
  const delivery = startDeliveryLoop({
    spool,
    sink: options.sink,
    metrics,
    logger: logger.child({ component: 'delivery' }),
    backoff: createBackoff(options.reconnect),
    maxBatchEntries: 2000,
    maxBatchBytes: MAX_BATCH_BYTES,
    clock: options.clock,
    onDelivered: () => undefined,
  });

  let waiting: { resolve: () => void; reject: (error: unknown) => void }[] = [];
  const syncSoon = (): Promise<void> =>
    new Promise((resolve, reject) => {
      waiting.push({ resolve, reject });
      if (waiting.length > 1) return;
      setImmediate(() => {
        const batch = waiting;
        waiting = [];
        try {
          spool.sync();
          for (const waiter of batch) waiter.resolve();
        } catch (error) {
          logger.error({ err: error }, 'spool sync failed; events of this turn are answered 500');
          for (const waiter of batch) waiter.reject(error);
        }
      });
    });

  let stopped = false;
  return {
    async accept(draft, subjectPath) {
      if (stopped || append(draft, subjectPath) === 'dropped') {
        throw new WebhookRequestError('SPOOL_OVERFLOW', stopped ? 'webhook is shutting down' : 'spool full: Kafka has been unreachable too long; event dropped');
      }
      await syncSoon();
      delivery.notify();
    },
    async stop(flushTimeoutMs) {
      stopped = true;
      const { flushed } = await stopDelivery({ delivery, sink: options.sink, spool, logger }, flushTimeoutMs);
      return flushed;
    },
  };
}

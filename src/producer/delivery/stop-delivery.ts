import type { Logger } from '../../logging/index.js';
import type { Spool } from '../spool/spool.js';
import type { DeliveryLoop } from './delivery-loop.js';
import type { RecordSink } from './kafka-sink.js';
import { settlesWithin } from './settles-within.js';

export interface DeliveryParts {
  readonly delivery: DeliveryLoop;
  readonly sink: RecordSink;
  readonly spool: Spool;
  readonly logger: Logger;
}

export interface StoppedDelivery {
  /** The spool was empty before the flush timeout. */
  readonly flushed: boolean;
  /** Settles once the loop has ended and the sink and the spool are closed (the spool's lock released). */
  readonly closed: Promise<void>;
}

/** How long a stop waits for a send still in kafkajs' retries before it returns anyway. */
const STOP_GRACE_MS = 2_000;

/**
 * Ends delivery from a spool: waits up to `flushTimeoutMs` for the spool to empty, stops the loop,
 * and closes the sink and then the spool. A send still in kafkajs' retries may yet land, and only
 * its commit tells the spool's next owner not to send those records again, so the spool is not
 * released under it: `closed` settles when it ends. The caller waits at most {@link STOP_GRACE_MS}
 * for that; a process that exits then ends the send with it, and its lock is taken over as stale.
 */
export async function stopDelivery(parts: DeliveryParts, flushTimeoutMs: number): Promise<StoppedDelivery> {
  const { delivery, sink, spool, logger } = parts;
  const flushed = await delivery.drain(flushTimeoutMs);
  const closed = (async () => {
    try {
      await delivery.stop();
      // kafkajs' disconnect has no timeout of its own; the spool must be released even if it hangs.
      const sinkClosed = sink.close();
      sinkClosed.catch((error: unknown) => logger.warn({ err: error }, 'closing the Kafka producer failed'));
      await settlesWithin(sinkClosed, STOP_GRACE_MS);
    } finally {
      spool.close();
    }
  })();
  closed.catch((error: unknown) => logger.error({ err: error }, 'closing the spool failed'));
  const inTime = await settlesWithin(closed, STOP_GRACE_MS);
  if (!inTime) logger.warn({ graceMs: STOP_GRACE_MS }, 'a Kafka send is still being retried; the spool stays locked until it ends');
  return { flushed, closed };
}

import { randomUUID } from 'node:crypto';
import type { Logger } from '../logging/index.js';
import { createBackoff } from './backoff.js';
import { startBusSupervisor } from './dbus/bus-supervisor.js';
import { startDeliveryLoop } from './delivery/delivery-loop.js';
import { stopDelivery, type StoppedDelivery } from './delivery/stop-delivery.js';
import type { RecordSink } from './delivery/kafka-sink.js';
import { createLatencyLog } from './delivery/latency-log.js';
import type { ProducerMetrics } from './metrics/index.js';
import { createRecordBuilder } from './records/record-builder.js';
import { createRecordCodec } from './records/record-codec.js';
import { createRecordEmitter } from './records/record-emitter.js';
import type { ProducerSettings } from './settings/producer-settings.js';
import { openSpool } from './spool/spool.js';

export interface StartProducerOptions {
  readonly settings: Pick<ProducerSettings, 'busAddress' | 'nodeId' | 'glusterUuid' | 'spool' | 'heartbeatMs' | 'services' | 'flushTimeoutMs' | 'callTimeoutMs' | 'reconnect'> &
    Partial<Pick<ProducerSettings, 'latencyLog'>>;
  readonly sink: RecordSink;
  readonly metrics: ProducerMetrics;
  readonly logger: Logger;
  /** Epoch milliseconds; defaults to Date.now. */
  readonly clock?: () => number;
  readonly sessionId?: string;
}

export interface RunningProducer {
  readonly sessionId: string;
  /** Stops watching, delivers what is spooled for up to `flushTimeoutMs`, closes everything. True when the spool was emptied. */
  stop(): Promise<boolean>;
  /**
   * Settles after `stop()` once the spool is released: a send still in kafkajs' retries when
   * `stop()` returned has ended. A producer started again in this process on the same spool
   * directory must wait for it (it is refused with SPOOL_LOCKED before).
   */
  readonly closed: Promise<void>;
}

/** Largest Avro value body: well under Kafka's 1 MiB default so one record always fits a request. */
const MAX_VALUE_BYTES = 512 * 1024;
const MAX_BATCH_BYTES = 900 * 1024;

/**
 * Wires the thin producer: bus supervisor → record emitter → spool → delivery loop → sink.
 * The spool is opened first and whatever an earlier run left in it is delivered before anything
 * this run observes (it is simply older in the same ordered spool).
 */
export async function startProducer(options: StartProducerOptions): Promise<RunningProducer> {
  const { settings, metrics, logger } = options;
  const sessionId = options.sessionId ?? randomUUID();
  const spool = openSpool({ dir: settings.spool.dir, maxBytes: settings.spool.maxBytes, fsync: settings.spool.fsync, logger: logger.child({ component: 'spool' }) });
  if (spool.recovery.entries > 0) logger.info({ ...spool.recovery, spooledBytes: spool.pendingBytes() }, 'undelivered records from an earlier run are delivered first');
  metrics.spooledBytes(spool.pendingBytes());

  const clock = options.clock ?? Date.now;
  const build = createRecordBuilder({ nodeId: settings.nodeId, glusterUuid: settings.glusterUuid, sessionId, clock });
  const codec = createRecordCodec();
  const latencyLog = settings.latencyLog == null ? null : createLatencyLog({ path: settings.latencyLog, codec });
  let delivery: ReturnType<typeof startDeliveryLoop> | undefined;
  const emitter = createRecordEmitter({
    build,
    codec,
    spool,
    metrics,
    logger,
    maxValueBytes: MAX_VALUE_BYTES,
    onAppended: () => delivery?.notify(),
  });
  let supervisor: ReturnType<typeof startBusSupervisor> | undefined;
  delivery = startDeliveryLoop({
    spool,
    sink: options.sink,
    metrics,
    logger: logger.child({ component: 'delivery' }),
    backoff: createBackoff(settings.reconnect),
    maxBatchEntries: 2000,
    maxBatchBytes: MAX_BATCH_BYTES,
    clock,
    ...(latencyLog === null ? {} : { onAcked: latencyLog.observe }),
    onDelivered: () => {
      // After an overflow, wait for real room before re-reading everything, or the snapshot overflows too.
      if (emitter.dropped > 0 && spool.pendingBytes() < settings.spool.maxBytes / 2) {
        logger.warn({ dropped: emitter.takeDropped() }, 'spool has room again after an overflow; re-snapshotting so downstream converges');
        supervisor?.resnapshot();
      }
    },
  });
  logger.info({ sessionId, nodeId: settings.nodeId, glusterUuid: settings.glusterUuid, bus: settings.busAddress }, 'producer starting');
  supervisor = startBusSupervisor({
    address: settings.busAddress,
    services: settings.services,
    emit: (draft) => emitter.emit(draft),
    metrics,
    logger: logger.child({ component: 'dbus' }),
    callTimeoutMs: settings.callTimeoutMs,
    reconnect: settings.reconnect,
  });
  const heartbeat = setInterval(
    () => emitter.emit({ busName: '', objectPath: '/', interface: null, kind: 'HEARTBEAT', properties: {}, invalidated: [] }),
    settings.heartbeatMs,
  );
  const sync = setInterval(() => spool.sync(), 1000);
  await supervisor.started;

  let stopping: Promise<StoppedDelivery> | undefined;
  let markClosed: (done: Promise<void>) => void = () => undefined;
  const closed = new Promise<void>((resolve) => {
    markClosed = (done) => resolve(done);
  });
  return {
    sessionId,
    closed,
    async stop() {
      clearInterval(heartbeat);
      clearInterval(sync);
      await supervisor?.stop();
      stopping ??= stopDelivery({ delivery, sink: options.sink, spool, logger }, settings.flushTimeoutMs);
      const { flushed, closed: spoolClosed } = await stopping;
      // stopDelivery logged a failure to close; `closed` only says that it is over.
      markClosed(spoolClosed.catch(() => undefined).then(() => latencyLog?.close()).catch(() => undefined));
      logger.info({ flushed, spooledBytes: spool.pendingBytes() }, 'producer stopped');
      return flushed;
    },
  };
}

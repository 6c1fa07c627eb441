import type { Logger } from '../../logging/index.js';
import type { ProducerMetrics } from '../metrics/index.js';
import type { Spool } from '../spool/spool.js';
import { encodeLeniently } from './encode-leniently.js';
import { packPayload, type RecordCodec } from './record-codec.js';
import type { RecordBuilder, RecordDraft } from './record-builder.js';

export interface RecordEmitterOptions {
  readonly build: RecordBuilder;
  readonly codec: RecordCodec;
  readonly spool: Spool;
  readonly metrics: ProducerMetrics;
  readonly logger: Logger;
  /** Largest Avro value body accepted; Kafka's default message.max.bytes is 1 MiB. */
  readonly maxValueBytes: number;
  /** Called after each accepted append (wakes the delivery loop). */
  readonly onAppended: () => void;
}

export interface RecordEmitter {
  emit(draft: RecordDraft): void;
  /** Records dropped because the spool was full since the last {@link RecordEmitter.takeDropped}. */
  readonly dropped: number;
  takeDropped(): number;
}

/**
 * The one path from a draft to the spool: build (sequence), encode (leniently), append. Synchronous,
 * so records reach the spool in exactly the order the watcher emits them. A full spool drops the
 * record: the first drop of an episode is logged at error level, all are counted, and the producer
 * re-snapshots once delivery catches up (see `takeDropped`).
 */
export function createRecordEmitter(options: RecordEmitterOptions): RecordEmitter {
  const { spool, metrics, logger } = options;
  let droppedInEpisode = 0;
  return {
    emit(draft) {
      const record = options.build(draft);
      const result = encodeLeniently(options.codec, record, options.maxValueBytes);
      const context = { busName: record.busName, objectPath: record.objectPath, interface: record.interface, sequence: record.sequence };
      for (const property of result.unencodable) {
        metrics.badInput('unencodable');
        logger.warn({ ...context, property, signature: record.properties[property]?.signature }, 'bad input: value cannot be encoded; left out and listed as invalidated');
      }
      for (const property of result.oversize) {
        metrics.badInput('oversize');
        logger.warn({ ...context, property, limitBytes: options.maxValueBytes }, 'bad input: value too large for Kafka; left out and listed as invalidated');
      }
      if (result.encoded.value.length > options.maxValueBytes) {
        metrics.recordsDropped(1);
        logger.error({ ...context, bytes: result.encoded.value.length }, 'record too large even without its properties; dropped');
        return;
      }
      if (spool.append(packPayload(result.encoded))) {
        metrics.spooledBytes(spool.pendingBytes());
        options.onAppended();
        return;
      }
      if (droppedInEpisode === 0) {
        logger.error({ ...context, spooledBytes: spool.pendingBytes() }, 'SPOOL FULL: dropping records until delivery catches up; a fresh snapshot follows then');
      }
      droppedInEpisode += 1;
      metrics.recordsDropped(1);
    },
    get dropped() {
      return droppedInEpisode;
    },
    takeDropped() {
      const dropped = droppedInEpisode;
      droppedInEpisode = 0;
      return dropped;
    },
  };
}

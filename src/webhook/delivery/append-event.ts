import type { Logger } from '../../logging/index.js';
import type { createRecordCodec, ProducerMetrics } from '../../producer/index.js';
import { avroTypeFor, readSchemaFile, type RawPropertyChangeKey } from '../../serde/index.js';
import type { EventDraft } from '../events/event-record.js';
import { encodeLeniently, packPayload, type RecordBuilder, type Spool } from '../../producer/index.js';

export interface AppendEventOptions {
  readonly build: RecordBuilder;
  readonly codec: ReturnType<typeof createRecordCodec>;
  readonly spool: Spool;
  readonly metrics: ProducerMetrics;
  readonly logger: Logger;
  readonly maxValueBytes: number;
}

/** `spooled`: in the spool (not yet synced); `dropped`: the spool is full or the record too large. */
export type AppendOutcome = 'spooled' | 'dropped';

/**
 * Builds, encodes and appends one event record, keyed by the entity the event is about
 * (`subjectPath`), not by the record's own objectPath `/gluster/events/<EVENT>`: a volume's
 * VOLUME_STOP must follow its VOLUME_START on one partition. Synchronous, so records enter the
 * spool in arrival order. Values the codec cannot take are left out and listed in `invalidated`
 * (the producer's lenient encoding), counted as bad input.
 */
export function createEventAppender(options: AppendEventOptions): (draft: EventDraft, subjectPath: string) => AppendOutcome {
  const { spool, metrics, logger } = options;
  const keyType = avroTypeFor(readSchemaFile('raw-property-change-key.avsc'));
  return (draft, subjectPath) => {
    const { glusterUuid, ...rest } = draft;
    const record = { ...options.build(rest), glusterUuid };
    const result = encodeLeniently(options.codec, record, options.maxValueBytes);
    const context = { event: draft.objectPath, subjectPath, sequence: record.sequence };
    for (const property of result.unencodable) {
      metrics.badInput('unencodable');
      logger.warn({ ...context, property }, 'bad input: event field cannot be encoded; left out and listed as invalidated');
    }
    for (const property of result.oversize) {
      metrics.badInput('oversize');
      logger.warn({ ...context, property }, 'bad input: event field too large for Kafka; left out and listed as invalidated');
    }
    if (result.encoded.value.length > options.maxValueBytes) {
      metrics.recordsDropped(1);
      logger.error({ ...context, bytes: result.encoded.value.length }, 'event record too large even without its fields; dropped');
      return 'dropped';
    }
    const key: RawPropertyChangeKey = { nodeId: record.nodeId, busName: record.busName, objectPath: subjectPath };
    if (!spool.append(packPayload({ key: keyType.toBuffer(key), value: result.encoded.value }))) {
      metrics.recordsDropped(1);
      logger.error({ ...context, spooledBytes: spool.pendingBytes() }, 'SPOOL FULL: event refused (503); glustereventsd will not resend it');
      return 'dropped';
    }
    metrics.spooledBytes(spool.pendingBytes());
    return 'spooled';
  };
}

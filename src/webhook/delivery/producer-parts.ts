/**
 * The thin producer's delivery machinery, reused as is: the on-disk spool, the delivery loop
 * (spool → Kafka, one batch in flight, retried with backoff), the record builder (session and
 * gap-free sequence), lenient encoding and the spool payload layout.
 *
 * Why deep imports: `src/producer/index.ts` exports only `startProducer` (which is bound to D-Bus),
 * the sink and the codec, not these parts, and that folder is not this module's to change. This
 * file is the one place that reaches inside it; when the producer exports these from its index,
 * only these lines change.
 */
export { createBackoff } from '../../producer/backoff.js';
export { startDeliveryLoop } from '../../producer/delivery/delivery-loop.js';
export type { DeliveryLoop } from '../../producer/delivery/delivery-loop.js';
export { createRecordBuilder } from '../../producer/records/record-builder.js';
export type { RecordBuilder } from '../../producer/records/record-builder.js';
export { encodeLeniently } from '../../producer/records/encode-leniently.js';
export { packPayload } from '../../producer/records/record-codec.js';
export { openSpool } from '../../producer/spool/spool.js';
export type { Spool } from '../../producer/spool/spool.js';

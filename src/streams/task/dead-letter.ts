import type { ProducedRecord, RawRecord } from '../record.js';

/**
 * Headers a dead-letter record carries, beside the original key/value bytes and original headers.
 * Consumers of the dead-letter topic (and replay tools) rely on these names; all values are UTF-8.
 *
 * The names are Kafka Streams' own (its dead-letter queue, KIP-1034: `__streams.errors.*`), with the
 * same values: the error's class name (here the JS `name`, e.g. `DecodeError`), its message, and the
 * source topic, partition and offset as decimal strings. `__streams.errors.code` is this runtime's
 * addition: the error's `code` (e.g. `DECODE_UNKNOWN_SCHEMA_ID`), or `UNKNOWN`. Kafka Streams'
 * `__streams.errors.stacktrace` is not written. As in Kafka Streams and Kafka Connect
 * (`__connect.errors.*`) the names are fixed, not settings: a tool reads any application's
 * dead-letter topic the same way.
 *
 * These names replaced the application-specific ones of earlier versions (see the README's
 * dead-letter note).
 *
 * @example String(deadLetter.headers[DEAD_LETTER_HEADERS.errorCode]) // e.g. 'DECODE_TRUNCATED'
 */
export const DEAD_LETTER_HEADERS = {
  errorClass: '__streams.errors.exception',
  errorCode: '__streams.errors.code',
  errorMessage: '__streams.errors.message',
  sourceTopic: '__streams.errors.topic',
  sourcePartition: '__streams.errors.partition',
  sourceOffset: '__streams.errors.offset',
} as const;

/** The error's `code` if it has a string one (typed application errors and kafkajs errors do), else `UNKNOWN`. */
export function errorCode(error: unknown): string {
  const code = typeof error === 'object' && error !== null ? (error as { code?: unknown }).code : undefined;
  return typeof code === 'string' ? code : 'UNKNOWN';
}

/** The input record, unchanged, addressed to the dead-letter topic with headers naming the failure. */
export function deadLetterRecord(raw: RawRecord, error: unknown, deadLetterTopic: string): ProducedRecord {
  const original: Record<string, Buffer | string> = {};
  for (const [name, value] of Object.entries(raw.headers)) if (value !== undefined) original[name] = value;
  return {
    topic: deadLetterTopic,
    key: raw.key,
    value: raw.value,
    timestamp: raw.timestamp,
    headers: {
      ...original,
      [DEAD_LETTER_HEADERS.errorClass]: error instanceof Error ? error.name : typeof error,
      [DEAD_LETTER_HEADERS.errorCode]: errorCode(error),
      [DEAD_LETTER_HEADERS.errorMessage]: error instanceof Error ? error.message : String(error),
      [DEAD_LETTER_HEADERS.sourceTopic]: raw.topic,
      [DEAD_LETTER_HEADERS.sourcePartition]: String(raw.partition),
      [DEAD_LETTER_HEADERS.sourceOffset]: raw.offset,
    },
  };
}

import type { ProducedRecord, RawRecord } from '../record.js';

/**
 * Headers a dead-letter record carries, beside the original key/value bytes and original headers.
 * Consumers of the dead-letter topic (and replay tools) rely on these names.
 */
export const DEAD_LETTER_HEADERS = {
  errorClass: 'gluster.error.class',
  errorCode: 'gluster.error.code',
  errorMessage: 'gluster.error.message',
  sourceTopic: 'gluster.source.topic',
  sourcePartition: 'gluster.source.partition',
  sourceOffset: 'gluster.source.offset',
} as const;

/** The error's `code` if it has a string one (project errors and kafkajs errors do), else `UNKNOWN`. */
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

import type { Message, TopicMessages } from 'kafkajs';

/**
 * The bare loop's request splitting, as the runtime's `chunkRecords` does for its tasks: kafkajs puts a
 * partition's messages of one `sendBatch` into one record batch, and the broker rejects a batch above
 * `message.max.bytes` (1 MiB by default) with MESSAGE_TOO_LARGE; a fetched batch of up to 1 MiB copied
 * in one request would exceed it.
 */
const sizeOf = (message: Message): number => {
  let size = 70 + (message.key?.length ?? 0) + (message.value?.length ?? 0);
  for (const [name, value] of Object.entries(message.headers ?? {})) size += name.length + (typeof value === 'string' || Buffer.isBuffer(value) ? value.length : 0);
  return size;
};

/** Consecutive groups of at most `maxBytes` each (a larger single message goes alone), order kept. */
export function split(topics: readonly TopicMessages[], maxBytes: number): TopicMessages[][] {
  const chunks: TopicMessages[][] = [];
  let current: TopicMessages[] = [];
  let bytes = 0;
  for (const { topic, messages } of topics) {
    let run: Message[] = [];
    for (const message of messages) {
      const size = sizeOf(message);
      if (bytes + size > maxBytes && bytes > 0) {
        if (run.length > 0) current.push({ topic, messages: run });
        chunks.push(current);
        [current, run, bytes] = [[], [], 0];
      }
      run.push(message);
      bytes += size;
    }
    if (run.length > 0) current.push({ topic, messages: run });
  }
  if (current.length > 0) chunks.push(current);
  return chunks;
}

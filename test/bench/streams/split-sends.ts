import type { Kafka, Message, Producer, RecordMetadata, Transaction, TopicMessages } from 'kafkajs';

/**
 * A bench-only shim: wraps a kafkajs client so that a transaction's `sendBatch` goes out as several
 * requests of at most `maxBytes` (estimated) each, in order, in the same transaction.
 *
 * Why: the runtime sends everything a fetched batch produced in one `sendBatch`; kafkajs puts all of
 * a partition's records in one record batch, and the broker rejects a batch above `message.max.bytes`
 * (1 MiB by default) with MESSAGE_TOO_LARGE, which the runtime treats as fatal. The Gluster node-storage
 * changelog writes the whole per-node aggregate (~30 KB with 16 bricks) on every disk change, so a
 * burst of one node's disk records exceeds it. The shim shows what the topology costs once the
 * runtime splits its sends; the bench also runs the runtime as shipped and reports what happens.
 */
export function withChunkedTransactionalSends(kafka: Kafka, maxBytes = 512 * 1024): Kafka {
  return new Proxy(kafka, {
    get(target, property, receiver) {
      if (property !== 'producer') return Reflect.get(target, property, receiver) as unknown;
      return (...args: Parameters<Kafka['producer']>): Producer => {
        const producer = target.producer(...args);
        return { ...producer, transaction: async () => chunked(await producer.transaction(), maxBytes) };
      };
    },
  });
}

function chunked(transaction: Transaction, maxBytes: number): Transaction {
  return {
    ...transaction,
    async sendBatch(batch) {
      const results: RecordMetadata[] = [];
      for (const topicMessages of split(batch.topicMessages ?? [], maxBytes)) results.push(...(await transaction.sendBatch({ ...batch, topicMessages })));
      return results;
    },
  };
}

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

import type { Admin, Kafka } from 'kafkajs';
import { uniqueName, waitFor } from '../../helpers/stack.js';

export interface ExactlyOnceCheck {
  /** Records a read_committed reader found in the output, and how many distinct input records they are. */
  readonly records: number;
  readonly distinct: number;
  /** Input records with no output, and outputs beyond the first per input record. */
  readonly missing: number;
  readonly duplicates: number;
  readonly exactlyOnce: boolean;
  /** When not exactly once: records read per output partition, and the first missing input indexes. */
  readonly diagnosis?: { readonly recordsByPartition: Readonly<Record<number, number>>; readonly firstMissing: readonly number[] };
}

/** The input record's index, from its key `k<index>` (see `inputMessages`). */
const indexOf = (key: Buffer | null): number => (key === null ? -1 : Number(key.toString('latin1', 1)));

/**
 * Reads all of `output` with read_committed (kafkajs, whichever client wrote it) after the writer
 * stopped, and checks that it holds each of the `total` input records exactly once. A transaction's
 * records become visible only when the coordinator has written its markers, which it does after
 * EndTxn has returned: the reader first waits (bounded) until every input record was seen, then
 * reads on to the end offsets the topic has then, so a duplicate after the last missing record is
 * counted too (control records included in the position; no fixed wait).
 */
export async function checkExactlyOnce(kafka: Kafka, admin: Admin, output: string, total: number): Promise<ExactlyOnceCheck> {
  const positions = new Map<number, bigint>();
  const seen = new Uint16Array(total);
  let records = 0;
  let distinct = 0;
  let outOfRange = 0;
  const byPartition: Record<number, number> = {};
  const consumer = kafka.consumer({ groupId: uniqueName('tb-check'), readUncommitted: false, maxWaitTimeInMs: 100 });
  consumer.on(consumer.events.END_BATCH_PROCESS, ({ payload }) => {
    const next = BigInt(payload.lastOffset) + 1n;
    if (next > (positions.get(payload.partition) ?? 0n)) positions.set(payload.partition, next);
  });
  await consumer.connect();
  try {
    await consumer.subscribe({ topics: [output], fromBeginning: true });
    await consumer.run({
      eachBatch: async ({ batch }) => {
        byPartition[batch.partition] = (byPartition[batch.partition] ?? 0) + batch.messages.length;
        for (const message of batch.messages) {
          records += 1;
          const index = indexOf(message.key);
          if (!(Number.isInteger(index) && index >= 0 && index < total)) outOfRange += 1;
          else if ((seen[index] = (seen[index] ?? 0) + 1) === 1) distinct += 1;
        }
      },
    });
    await waitFor(() => distinct >= total, { timeoutMs: 60_000, intervalMs: 50, what: `every input record in ${output}` }).catch(() => undefined);
    const ends = new Map((await admin.fetchTopicOffsets(output)).map((entry) => [entry.partition, BigInt(entry.high)]));
    await waitFor(() => [...ends].every(([partition, end]) => (positions.get(partition) ?? 0n) >= end), { timeoutMs: 60_000, intervalMs: 50, what: `${output} read to its end` });
  } finally {
    await consumer.disconnect();
  }
  const duplicates = records - distinct - outOfRange;
  const exactlyOnce = records === total && distinct === total && outOfRange === 0;
  if (exactlyOnce) return { records, distinct, missing: 0, duplicates: 0, exactlyOnce };
  const firstMissing: number[] = [];
  for (let index = 0; index < total && firstMissing.length < 10; index += 1) if (seen[index] === 0) firstMissing.push(index);
  return { records, distinct, missing: total - distinct, duplicates, exactlyOnce, diagnosis: { recordsByPartition: byPartition, firstMissing } };
}

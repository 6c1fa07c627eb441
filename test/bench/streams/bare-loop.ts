import type { Kafka, Producer, Transaction } from 'kafkajs';
import { murmur2Partitioner } from '../../../src/streams/index.js';
import { split } from './split-sends.js';

/**
 * The baseline: a hand-written kafkajs consume → produce loop with the runtime's exactly-once
 * settings and nothing else (no decoding, operators, stores or changelogs); each input record is
 * copied (key, value, timestamp) to `output`.
 *
 * - `per-partition` (what the runtime must do under kafkajs, no KIP-447): one transactional producer
 *   per input partition, `idempotent`, `maxInFlightRequests: 1`, the runtime's retry settings; a
 *   partition's batches and commits are serialised; every `commitIntervalMs` its transaction ends
 *   with `sendOffsets` + `commit`.
 * - `shared`: one transactional producer for every partition (what KIP-447 would allow; unsafe for
 *   fencing under kafkajs, measured only to price the per-task producers). One transaction covers
 *   all partitions; sends and commits are serialised on it.
 *
 * Sends are split into requests of at most 512 KB: a fetched batch (up to `maxBytesPerPartition`,
 * 1 MiB) copied in one request would exceed the broker's 1 MiB `message.max.bytes` (MESSAGE_TOO_LARGE).
 */
export interface BareLoopOptions {
  readonly kafka: Kafka;
  readonly input: string;
  readonly output: string;
  readonly groupId: string;
  readonly producers: 'per-partition' | 'shared';
  readonly commitIntervalMs: number;
  readonly partitionsConsumedConcurrently: number;
  readonly maxBytesPerPartition: number;
}

export interface BareLoop {
  /** Producers created, commit latencies (ms) so far, performance.now() of the first batch received. */
  stats(): { readonly producers: number; readonly commitsMs: readonly number[]; readonly firstRecordAt: number | undefined };
  /** The first error of a send or commit, if any (the loop keeps going; the bench stops waiting). */
  failed(): unknown;
  stop(): Promise<void>;
}

interface Lane {
  readonly producer: Producer;
  open: Transaction | undefined;
  /** Next offset to commit per partition, for the open interval. */
  readonly offsets: Map<number, string>;
  intervalStart: number | undefined;
  timer: NodeJS.Timeout | undefined;
  tail: Promise<unknown>;
}

export async function startBareLoop(options: BareLoopOptions): Promise<BareLoop> {
  const { kafka, input, output, groupId, commitIntervalMs } = options;
  const lanes = new Map<string, Promise<Lane>>();
  const commitsMs: number[] = [];
  let failure: unknown;
  let firstRecordAt: number | undefined;

  const laneOf = (partition: number): Promise<Lane> => {
    const id = options.producers === 'shared' ? 'shared' : String(partition);
    let lane = lanes.get(id);
    if (lane === undefined) {
      lane = (async () => {
        const producer = kafka.producer({
          transactionalId: `${groupId}-${id}`,
          idempotent: true,
          maxInFlightRequests: 1,
          // The runtime's partitioner too, so the comparison is not about kafkajs' slower hash.
          createPartitioner: murmur2Partitioner,
          retry: { initialRetryTime: 10, maxRetryTime: 1000, retries: Number.MAX_SAFE_INTEGER },
        });
        await producer.connect();
        return { producer, open: await producer.transaction(), offsets: new Map(), intervalStart: undefined, timer: undefined, tail: Promise.resolve() };
      })();
      lanes.set(id, lane);
    }
    return lane;
  };
  const run = <T>(lane: Lane, work: () => Promise<T>): Promise<T> => {
    const next = lane.tail.then(work, work);
    lane.tail = next.catch((error: unknown) => void (failure ??= error));
    return next;
  };
  const commit = async (lane: Lane): Promise<void> => {
    clearTimeout(lane.timer);
    lane.timer = undefined;
    if (lane.offsets.size === 0) return;
    const started = performance.now();
    const transaction = lane.open ?? (await lane.producer.transaction());
    lane.open = undefined;
    const partitions = [...lane.offsets].map(([partition, offset]) => ({ partition, offset }));
    lane.offsets.clear();
    lane.intervalStart = undefined;
    await transaction.sendOffsets({ consumerGroupId: groupId, topics: [{ topic: input, partitions }] });
    await transaction.commit();
    commitsMs.push(performance.now() - started);
  };

  const consumer = kafka.consumer({ groupId, readUncommitted: false, maxBytesPerPartition: options.maxBytesPerPartition, sessionTimeout: 30_000, heartbeatInterval: 3_000 });
  await consumer.connect();
  await consumer.subscribe({ topics: [input], fromBeginning: true });
  await consumer.run({
    autoCommit: false,
    eachBatchAutoResolve: false,
    partitionsConsumedConcurrently: options.partitionsConsumedConcurrently,
    eachBatch: async ({ batch, resolveOffset, heartbeat }) => {
      const last = batch.messages.at(-1);
      if (last === undefined) return;
      firstRecordAt ??= performance.now();
      const lane = await laneOf(batch.partition);
      await run(lane, async () => {
        lane.open ??= await lane.producer.transaction();
        const messages = batch.messages.map((message) => ({ key: message.key, value: message.value, timestamp: message.timestamp }));
        for (const topicMessages of split([{ topic: output, messages }], 512 * 1024)) await lane.open.sendBatch({ topicMessages });
        lane.offsets.set(batch.partition, (BigInt(last.offset) + 1n).toString());
        resolveOffset(last.offset);
        lane.intervalStart ??= performance.now();
        const elapsed = performance.now() - lane.intervalStart;
        if (elapsed >= commitIntervalMs) await commit(lane);
        else lane.timer ??= setTimeout(() => void run(lane, () => commit(lane)), commitIntervalMs - elapsed);
      });
      await heartbeat();
    },
  });

  return {
    stats: () => ({ producers: lanes.size, commitsMs, firstRecordAt }),
    failed: () => failure,
    async stop() {
      await consumer.stop();
      for (const pending of lanes.values()) {
        const lane = await pending;
        await run(lane, () => commit(lane)).catch(() => undefined);
        clearTimeout(lane.timer);
        await lane.producer.disconnect();
      }
      await consumer.disconnect();
      if (failure !== undefined) throw new Error('the bare loop failed', { cause: failure });
    },
  };
}

import type { Admin, Kafka } from 'kafkajs';
import { uniqueName } from '../../helpers/stack.js';
import { createTopics, watchCommitted } from '../streams/bench-io.js';
import { loadAverage, percentiles, round, type Percentiles } from '../streams/measures.js';
import { checkExactlyOnce, type ExactlyOnceCheck } from './exactly-once-check.js';
import type { Kip447Client } from './kip447-client.js';
import { startShape, type Shape } from './shapes.js';

export interface BurstRun {
  readonly shape: Shape;
  readonly round: number;
  readonly inputRecords: number;
  /** Input records ÷ (first record received → every input offset committed); group join and producer start excluded. */
  readonly recordsPerSecond: number;
  readonly processingSeconds: number;
  /** Transactions committed in that window, and per second of it. */
  readonly transactions: number;
  readonly transactionsPerSecond: number;
  /** One transaction's end: its offsets (AddOffsetsToTxn + TxnOffsetCommit) and EndTxn. */
  readonly commitLatencyMs: Percentiles;
  readonly commitsMs: readonly number[];
  /** Of those, the offsets step, where the loop reports it (KIP-447: one TxnOffsetCommit per partition). */
  readonly offsetsStepMs: Percentiles | null;
  readonly transactionalProducers: number;
  readonly check: ExactlyOnceCheck;
  readonly loadAverage: readonly number[];
}

export interface BurstContext {
  readonly kafka: Kafka;
  readonly admin: Admin;
  readonly brokers: readonly string[];
  /** The pre-produced input every shape reads, each with its own group. */
  readonly input: string;
  readonly partitions: number;
  readonly kip447: Kip447Client | undefined;
  readonly timeoutMs: number;
}

/**
 * One shape over the whole pre-produced input, with its own group and output topic: throughput and
 * commits until every input offset is committed, then the exactly-once check of the output. The
 * commit figures are read after the loop stopped: once every offset is committed no shape commits
 * again, so they are exactly the window's.
 */
export async function runBurst(shape: Shape, round_: number, context: BurstContext): Promise<BurstRun> {
  const { kafka, admin, input } = context;
  const output = uniqueName(`tb-${shape}-out`);
  const groupId = uniqueName(`tb-${shape}`);
  await createTopics(admin, [{ topic: output, partitions: context.partitions }]);
  const startedAt = performance.now();
  const loop = startShape(shape, { brokers: context.brokers, input, output, groupId, kip447: context.kip447 });
  let progress: Awaited<ReturnType<typeof watchCommitted>>;
  try {
    progress = await watchCommitted(admin, { groupId, topic: input, timeoutMs: context.timeoutMs, failure: () => loop.failed() });
  } finally {
    await loop.stop();
  }
  const loadAfter = loadAverage();
  const { commitsMs, firstRecordAt, producers } = loop.stats();
  const seconds = (progress.doneAt - (firstRecordAt ?? startedAt)) / 1000;
  const check = await checkExactlyOnce(kafka, admin, output, progress.total);
  return {
    shape,
    round: round_,
    inputRecords: progress.total,
    recordsPerSecond: Math.round(progress.total / seconds),
    processingSeconds: round(seconds, 2),
    transactions: commitsMs.length,
    transactionsPerSecond: round(commitsMs.length / seconds),
    commitLatencyMs: percentiles(commitsMs),
    commitsMs: commitsMs.map((ms) => round(ms)),
    offsetsStepMs: loop.offsetSteps().length === 0 ? null : percentiles(loop.offsetSteps()),
    transactionalProducers: producers,
    check,
    loadAverage: loadAfter,
  };
}

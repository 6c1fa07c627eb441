import type { Admin, Kafka, Message } from 'kafkajs';
import { setTimeout as delay } from 'node:timers/promises';
import { uniqueName, waitFor } from '../../helpers/stack.js';
import { createTopics, readOutputs, watchCommitted } from '../streams/bench-io.js';
import { cpuSecondsOf, loadAverage, percentiles, round, type Percentiles } from '../streams/measures.js';
import { checkExactlyOnce, type ExactlyOnceCheck } from './exactly-once-check.js';
import type { Kip447Client } from './kip447-client.js';
import { inputMessages, startShape, type Shape } from './shapes.js';

/** CPU seconds a process has used so far (0 once it is gone). */
const cpuSeconds = (pid: number): number => cpuSecondsOf(pid) ?? 0;

export interface PacedRun {
  readonly shape: Shape;
  readonly rate: number;
  readonly records: number;
  /** First to last paced send (the rate's target is `records / rate`). */
  readonly paceSeconds: number;
  readonly transactions: number;
  readonly transactionsPerSecond: number;
  readonly commitLatencyMs: Percentiles;
  /** Of those, the offsets step, where the loop reports it (KIP-447: one TxnOffsetCommit per partition). */
  readonly offsetsStepMs: Percentiles | null;
  /** Input timestamp (when sent) → visible to a read_committed reader. */
  readonly latencyMs: Percentiles;
  /** The loop process' CPU over the window (pace start → every offset committed), in % of one core and per 1,000 records. */
  readonly loopCpuPercent: number;
  readonly loopCpuMsPer1000Records: number;
  /** The broker's CPU over the same window, in % of one core. */
  readonly brokerCpuPercent: number;
  /** Last record sent → every input offset committed (a shape that does not keep up shows it here). */
  readonly drainSeconds: number;
  readonly transactionalProducers: number;
  readonly check: ExactlyOnceCheck;
  readonly loadAverage: readonly number[];
}

export interface PacedContext {
  readonly kafka: Kafka;
  readonly admin: Admin;
  readonly brokers: readonly string[];
  readonly brokerPid: number;
  readonly partitions: number;
  readonly kip447: Kip447Client | undefined;
  /** Records/s, spread round-robin over every partition so that every task has input every interval. */
  readonly rate: number;
  readonly seconds: number;
  readonly timeoutMs: number;
}

/**
 * A steady input where the per-task cost shows: every partition gets records every commit
 * interval, so shape (a) commits one transaction per task every 100 ms, as the processor does under
 * traffic. The loop first commits one priming record per partition (group joined, producers
 * started); the window runs from the first paced record to every input offset committed.
 */
export async function runPaced(shape: Shape, context: PacedContext): Promise<PacedRun> {
  const { kafka, admin, partitions } = context;
  const [input, output, groupId] = [uniqueName(`tb-paced-${shape}-in`), uniqueName(`tb-paced-${shape}-out`), uniqueName(`tb-paced-${shape}`)];
  await createTopics(admin, [{ topic: input, partitions }, { topic: output, partitions }]);
  const loop = startShape(shape, { brokers: context.brokers, input, output, groupId, kip447: context.kip447 });
  const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
  let reader: Awaited<ReturnType<typeof readOutputs>> | undefined;
  try {
    await producer.connect();
    const onPartition = (messages: Message[], from: number): Message[] => messages.map((message, offset) => ({ ...message, partition: (from + offset) % partitions }));
    await producer.send({ topic: input, messages: onPartition(inputMessages(0, partitions), 0) });
    await watchCommitted(admin, { groupId, topic: input, timeoutMs: context.timeoutMs, failure: () => loop.failed() });
    const primed = await readOutputs(kafka, output);
    reader = primed;
    await waitFor(() => primed.count() >= partitions, { timeoutMs: 60_000, what: 'priming records read back' });
    const commitsBefore = loop.stats().commitsMs.length;

    const total = Math.round(context.rate * context.seconds);
    // Every 20 ms, whatever is due by then: a slow send (the machine is shared) delays records but
    // keeps the rate, and each record is stamped when it is sent.
    const tickMs = 20;
    reader.markSince(Date.now());
    const [loopCpu0, brokerCpu0, start] = [cpuSeconds(loop.pid), cpuSeconds(context.brokerPid), performance.now()];
    for (let sent = 0, tick = 1; sent < total; tick += 1) {
      await delay(Math.max(0, start + tick * tickMs - performance.now()));
      const due = Math.min(total, Math.round(((performance.now() - start) / 1000) * context.rate));
      if (due <= sent) continue;
      await producer.send({ topic: input, messages: onPartition(inputMessages(partitions + sent, due - sent), partitions + sent) });
      sent = due;
    }
    const paceEnd = performance.now();
    const paceSeconds = (paceEnd - start) / 1000;
    const done = await watchCommitted(admin, { groupId, topic: input, timeoutMs: context.timeoutMs, failure: () => loop.failed() });
    const [loopCpu, brokerCpu, windowSeconds] = [cpuSeconds(loop.pid) - loopCpu0, cpuSeconds(context.brokerPid) - brokerCpu0, (done.doneAt - start) / 1000];
    const loadAfter = loadAverage();
    await waitFor(() => primed.latencies().length >= total, { timeoutMs: 60_000, what: 'paced records read back' }).catch(() => undefined);
    const latencyMs = percentiles(primed.latencies());
    await reader.stop();
    reader = undefined;
    await loop.stop();
    const { commitsMs, producers } = loop.stats();
    const commits = commitsMs.slice(commitsBefore);
    const offsetSteps = loop.offsetSteps().slice(loop.offsetSteps().length - commits.length);
    return {
      shape,
      rate: context.rate,
      records: total,
      paceSeconds: round(paceSeconds, 2),
      transactions: commits.length,
      transactionsPerSecond: round(commits.length / windowSeconds),
      commitLatencyMs: percentiles(commits),
      offsetsStepMs: offsetSteps.length === 0 ? null : percentiles(offsetSteps),
      latencyMs,
      loopCpuPercent: round((loopCpu / windowSeconds) * 100),
      loopCpuMsPer1000Records: round((loopCpu * 1000 * 1000) / total),
      brokerCpuPercent: round((brokerCpu / windowSeconds) * 100),
      drainSeconds: round((done.doneAt - paceEnd) / 1000, 2),
      transactionalProducers: producers,
      check: await checkExactlyOnce(kafka, admin, output, partitions + total),
      loadAverage: loadAfter,
    };
  } finally {
    await reader?.stop().catch(() => undefined);
    await producer.disconnect().catch(() => undefined);
    await loop.stop().catch(() => undefined);
  }
}

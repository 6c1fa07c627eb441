import type { Admin, Kafka } from 'kafkajs';
import { setTimeout as delay } from 'node:timers/promises';
import { silentLogger } from '../../../src/logging/index.js';
import { createKafkaStreams, type StreamsMetrics } from '../../../src/streams/index.js';
import { uniqueName, waitFor } from '../../helpers/stack.js';
import { startBareLoop } from './bare-loop.js';
import { createTopics, produceAll, readOutputs, watchCommitted } from './bench-io.js';
import { loadAverage, percentiles, round, type Percentiles } from './measures.js';
import { changeReports, NODES, reports, statefulTopology } from './stateful-pipeline.js';

/** What is measured: the bare loop (either producer layout) or the runtime, as shipped, with the stateful pipeline. */
export type System = 'bare-per-partition' | 'bare-shared-producer' | 'stateful-pipeline';

export interface CompareOptions {
  readonly kafka: Kafka;
  readonly admin: Admin;
  readonly partitions: number;
  /** Burst = volumes × changes × 3 nodes records. */
  readonly volumes: number;
  readonly changes: number;
  /** Paced phase: this many input records at this rate (records/s). */
  readonly trickleRecords: number;
  readonly trickleRate: number;
  readonly timeoutMs: number;
}

export interface SystemRun {
  readonly system: System;
  readonly inputRecords: number;
  /** Input records/s from the first record received to all committed (group join and start-up excluded). */
  readonly recordsPerSecond: number;
  /** Input records/s from start (group join, producers' InitProducerId) to the last commit. */
  readonly recordsPerSecondFromStart: number;
  readonly burstSeconds: number;
  /** First record received → every input offset committed. */
  readonly processingSeconds: number;
  /** Records a read_committed reader found in the output after the burst, and how many were expected. */
  readonly outputs: number;
  readonly expectedOutputs: number;
  readonly transactionalProducers: number;
  readonly commits: number;
  readonly commitLatencyMs: Percentiles;
  /** Paced phase: input record timestamp → visible to a read_committed reader. */
  readonly latencyMs: Percentiles;
  readonly loadAverage: readonly number[];
}

/** Commit latencies, and when the first record came in (the runtime counts each record on arrival). */
const commitObserver = (): StreamsMetrics & { commits: number[]; firstRecordAt(): number | undefined } => {
  const commits: number[] = [];
  let firstRecordAt: number | undefined;
  return {
    commits,
    firstRecordAt: () => firstRecordAt,
    increment: (name) => void (name === 'streams_records_in_total' && (firstRecordAt ??= performance.now())),
    gauge: () => {},
    observe: (name, _labels, value) => void (name === 'streams_commit_latency_ms' && commits.push(value)),
  };
};

/**
 * One measured run of one system on its own input (pre-produced, same content for every system)
 * and output topics: the burst, then after the outputs are read back, the paced trickle.
 */
export async function runSystem(system: System, options: CompareOptions): Promise<SystemRun> {
  const { kafka, admin, partitions } = options;
  const pipeline = system === 'stateful-pipeline';
  const [input, output, dlq] = [uniqueName(`sb-${system}-in`), uniqueName(`sb-${system}-out`), uniqueName('sb-dlq')];
  const groupId = uniqueName(`sb-${system}`);
  await createTopics(admin, [{ topic: input, partitions }, { topic: output, partitions, compact: pipeline }, { topic: dlq, partitions: 1 }]);
  const burst = reports(options.volumes, 0, options.changes);
  await produceAll(kafka, input, burst);

  const metrics = commitObserver();
  let stats: () => { producers: number; commitsMs: readonly number[]; firstRecordAt: number | undefined };
  let stop: () => Promise<void>;
  let failure: unknown;
  let failed = (): unknown => failure;
  const startedAt = performance.now();
  if (pipeline) {
    const streams = createKafkaStreams({ topology: statefulTopology(input, output), kafka, applicationId: groupId, deadLetterTopic: dlq, processingGuarantee: 'exactly-once', commitIntervalMs: 100, cacheMaxEntries: 0, metrics, logger: silentLogger });
    streams.done.catch((error: unknown) => void (failure = error));
    await streams.start();
    stats = () => ({ producers: streams.tasks().length, commitsMs: metrics.commits, firstRecordAt: metrics.firstRecordAt() });
    stop = () => streams.stop();
  } else {
    const loop = await startBareLoop({ kafka, input, output, groupId, producers: system === 'bare-shared-producer' ? 'shared' : 'per-partition', commitIntervalMs: 100, partitionsConsumedConcurrently: 4, maxBytesPerPartition: 1024 * 1024 });
    stats = loop.stats;
    failed = loop.failed;
    stop = loop.stop;
  }
  let reader: Awaited<ReturnType<typeof readOutputs>> | undefined;
  try {
    const progress = await watchCommitted(admin, { groupId, topic: input, timeoutMs: options.timeoutMs, failure: () => failed() });
    const loadAfterBurst = loadAverage();
    const { producers, commitsMs, firstRecordAt } = stats();
    const burstCommits = [...commitsMs];
    const expectedOutputs = pipeline ? burst.length / NODES.length : burst.length;
    reader = await readOutputs(kafka, output);
    const outputsReader = reader;
    await waitFor(() => outputsReader.count() >= expectedOutputs, { timeoutMs: 60_000, what: `${expectedOutputs} outputs read back` }).catch(() => undefined);
    await delay(300); // lets a duplicate, if any, arrive and be counted: the check is "exactly", not "at least"
    const outputs = reader.count();

    // Paced trickle: each change reported by every node in one send, stamped at sending.
    const trickleChanges = Math.ceil(options.trickleRecords / NODES.length);
    reader.markSince(Date.now());
    const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
    await producer.connect();
    try {
      const paceStart = performance.now();
      for (let change = 0; change < trickleChanges; change += 1) {
        const due = paceStart + (change * NODES.length * 1000) / options.trickleRate;
        await delay(Math.max(0, due - performance.now()));
        const seq = options.changes + change;
        const volume = change % options.volumes;
        await producer.send({ topic: input, messages: changeReports(volume, seq, Date.now()) });
      }
    } finally {
      await producer.disconnect();
    }
    const expectedTrickle = pipeline ? trickleChanges : trickleChanges * NODES.length;
    await waitFor(() => outputsReader.latencies().length >= expectedTrickle, { timeoutMs: 30_000, what: 'trickle outputs' }).catch(() => undefined);
    const commitLatencyMs = percentiles(burstCommits);
    const seconds = (progress.doneAt - (firstRecordAt ?? startedAt)) / 1000;
    return {
      system,
      inputRecords: progress.total,
      recordsPerSecond: Math.round(progress.total / seconds),
      processingSeconds: round(seconds, 2),
      recordsPerSecondFromStart: Math.round(progress.total / ((progress.doneAt - startedAt) / 1000)),
      burstSeconds: round((progress.doneAt - startedAt) / 1000, 2),
      outputs,
      expectedOutputs,
      transactionalProducers: producers,
      commits: burstCommits.length,
      commitLatencyMs,
      latencyMs: percentiles(reader.latencies()),
      loadAverage: loadAfterBurst,
    };
  } finally {
    await reader?.stop().catch(() => undefined);
    await stop();
  }
}

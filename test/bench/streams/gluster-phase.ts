import type { Kafka, Message } from 'kafkajs';
import { setTimeout as delay } from 'node:timers/promises';
import { buildGlusterTopology } from '../../../pipelines/gluster-topology.js';
import { DEFAULT_PIPELINE_SETTINGS } from '../../../pipelines/pipeline-settings.js';
import { applyTopics, topicCatalog, topicNames } from '../../../src/kafka/index.js';
import { silentLogger, type Logger } from '../../../src/logging/index.js';
import { createRawSerdes, createSchemaRegistryClient, rawKeyOf, registerSubjects, subjectSchemas } from '../../../src/serde/index.js';
import { createGlusterSerdes } from '../../../src/service/index.js';
import { rawRecordPartitioner } from '../../../src/producer/index.js';
import { createKafkaStreams, DEFAULT_CACHE_MAX_ENTRIES, type StreamsMetrics } from '../../../src/streams/index.js';
import { uniqueName } from '../../helpers/stack.js';
import { produceAll } from './bench-io.js';
import { glusterWorkload } from './gluster-workload.js';
import { loadAverage, percentiles, round, sampleCpu, sampleHeap, type Percentiles } from './measures.js';

export interface GlusterPhaseResult {
  readonly rawRecords: number;
  readonly maxBytesPerPartition: number | null;
  readonly cacheMaxEntries: number;
  readonly nodes: number;
  readonly volumes: number;
  readonly tasks: number;
  readonly transactionalProducers: number;
  /** start() until every task exists (one InitProducerId + offset fetch + restore each). */
  readonly startupSeconds: number;
  /** From the first raw record processed until every sub-topology has processed everything. */
  readonly processingSeconds: number;
  readonly rawRecordsPerSecond: number;
  /** The same, counting from start() (group join and task start-up included). */
  readonly rawRecordsPerSecondFromStart: number;
  readonly recordsOut: Readonly<Record<string, number>>;
  readonly deadLettered: number;
  readonly commits: number;
  readonly commitLatencyMs: Percentiles;
  readonly heapMb: { readonly baseline: number; readonly peak: number; readonly end: number };
  readonly peakRssMb: number;
  /**
   * CPU from start() to the end, in cores (CPU seconds ÷ wall seconds): the bench process (the
   * processor) and its children (the stack's broker and registry). Which side was busy.
   */
  readonly cpuCores: { readonly processor: number; readonly stack: number };
  readonly loadAverage: readonly number[];
  readonly completed: boolean;
}

/** Counts the runtime's counters by name+topic and keeps commit latencies; the bench reads them to see progress. */
function countingMetrics(): StreamsMetrics & { counter(name: string, topic?: string): number; byTopic(name: string): Record<string, number>; commits: number[]; firstInAt: number | undefined } {
  const counts = new Map<string, Map<string, number>>();
  const commits: number[] = [];
  const state = { firstInAt: undefined as number | undefined };
  return {
    increment(name, labels, by = 1) {
      if (name === 'streams_records_in_total') state.firstInAt ??= performance.now();
      const topics = counts.get(name) ?? new Map<string, number>();
      const label = labels['topic'] ?? '';
      topics.set(label, (topics.get(label) ?? 0) + by);
      counts.set(name, topics);
    },
    gauge: () => {},
    observe: (name, _labels, value) => void (name === 'streams_commit_latency_ms' && commits.push(value)),
    counter: (name, topic) => (topic === undefined ? [...(counts.get(name)?.values() ?? [])].reduce((a, b) => a + b, 0) : counts.get(name)?.get(topic) ?? 0),
    byTopic: (name) => Object.fromEntries(counts.get(name) ?? []),
    commits,
    get firstInAt() {
      return state.firstInAt;
    },
  };
}

/**
 * (c) The full Gluster topology under exactly-once: raw records pre-produced through the Avro raw
 * serdes (keyed by node/bus/object as the producers key them, timestamp = observation time), then
 * the processor started and timed until the raw topic and every repartition topic are consumed.
 * Done = the raw topic's records all counted in, every repartition topic's records-in equal to its
 * records-out, and both unchanged over two polls.
 */
export interface GlusterPhaseOptions {
  readonly kafka: Kafka;
  readonly registryUrl: string;
  readonly records: number;
  /** Cluster shape: every node hosts one brick of every volume (defaults 4 nodes, 16 volumes). */
  readonly nodes?: number;
  readonly volumes?: number;
  /** The runtime's fetch size per partition (its default: 1 MiB); see the bench's notes on record batch size. */
  readonly maxBytesPerPartition?: number;
  /** The transaction length (default 100 ms, the processor's): longer intervals price the per-task transactions. */
  readonly commitIntervalMs?: number;
  /** The runtime's record cache per task (default: the runtime's, as the processor runs it); 0 writes every update. */
  readonly cacheMaxEntries?: number;
  readonly timeoutMs: number;
  readonly log: (line: string) => void;
  readonly logger?: Logger;
}

export async function runGlusterPhase(options: GlusterPhaseOptions): Promise<GlusterPhaseResult> {
  const { kafka } = options;
  const prefix = uniqueName('bench');
  const names = topicNames(prefix);
  const admin = kafka.admin();
  await admin.connect();
  try {
    await applyTopics(admin, topicCatalog(prefix));
  } finally {
    await admin.disconnect();
  }
  const registry = createSchemaRegistryClient({ url: options.registryUrl });
  await registerSubjects(registry, subjectSchemas(prefix));
  const raw = createRawSerdes({ registry, topic: names.raw, registration: 'lookup' });
  const nodes = options.nodes ?? 4;
  const volumes = options.volumes ?? 16;
  const workload = glusterWorkload({ records: options.records, nodes, volumes, startAt: Date.now() - 600_000 });
  const messages: Message[] = [];
  for (const record of workload) messages.push({ key: await raw.key.serialize(rawKeyOf(record)), value: await raw.value.serialize(record), timestamp: String(record.observedAt) });
  options.log(`streams-bench: gluster topology, ${messages.length} raw records pre-produced`);
  // Partitioned by node, as producers write them (the one-hop drive path).
  await produceAll(kafka, names.raw, messages, { createPartitioner: rawRecordPartitioner });

  const metrics = countingMetrics();
  const topology = buildGlusterTopology({ names, serdes: createGlusterSerdes({ registry, names, registration: 'lookup' }), settings: DEFAULT_PIPELINE_SETTINGS });
  const applicationId = `${prefix}-processor`;
  const streams = createKafkaStreams({
    topology,
    kafka,
    applicationId, deadLetterTopic: names.deadLetter, processingGuarantee: 'exactly-once', commitIntervalMs: options.commitIntervalMs ?? 100,
    metrics,
    logger: options.logger ?? silentLogger,
    ...(options.maxBytesPerPartition === undefined ? {} : { maxBytesPerPartition: options.maxBytesPerPartition }),
    ...(options.cacheMaxEntries === undefined ? {} : { cacheMaxEntries: options.cacheMaxEntries }),
  });
  let fatal: unknown;
  streams.done.catch((error: unknown) => void (fatal = error));
  const expectedTasks = topology.subtopologies.length * 6;
  global.gc?.();
  const heap = sampleHeap();
  const startedAt = performance.now();
  const cpu = sampleCpu();
  let tasksAt: number | undefined;
  let doneAt: number | undefined;
  let completed = false;
  let taskCount = 0;
  let memory: ReturnType<typeof heap.stop> | undefined;
  let cpuUsed: ReturnType<ReturnType<typeof sampleCpu>['stop']> | undefined;
  let cpuWallSeconds = 0;
  try {
    await streams.start();
    const repartition = (topic: string): boolean => topic.endsWith('-repartition');
    let previous = '';
    const deadline = startedAt + options.timeoutMs;
    while (performance.now() < deadline && fatal === undefined) {
      if (tasksAt === undefined && streams.tasks().length >= expectedTasks) tasksAt = performance.now();
      const ins = metrics.byTopic('streams_records_in_total');
      const outs = metrics.byTopic('streams_records_out_total');
      const balanced = (ins[names.raw] ?? 0) >= messages.length && Object.keys(outs).filter(repartition).every((topic) => (ins[topic] ?? 0) >= (outs[topic] ?? 0));
      const snapshot = JSON.stringify([ins, outs]);
      if (balanced && snapshot === previous) {
        completed = true;
        break;
      }
      if (balanced && snapshot !== previous) doneAt = performance.now();
      else doneAt = undefined;
      previous = snapshot;
      await delay(100);
    }
  } finally {
    taskCount = streams.tasks().length;
    memory = heap.stop();
    cpuUsed = cpu.stop();
    cpuWallSeconds = (performance.now() - startedAt) / 1000;
    await streams.stop();
  }
  if (fatal !== undefined) throw new Error(`the runtime stopped on a fatal error after ${round((performance.now() - startedAt) / 1000)} s`, { cause: fatal });
  const end = completed && doneAt !== undefined ? doneAt : performance.now();
  const firstIn = metrics.firstInAt ?? end;
  const rawIn = metrics.counter('streams_records_in_total', names.raw);
  return {
    rawRecords: messages.length,
    maxBytesPerPartition: options.maxBytesPerPartition ?? null,
    cacheMaxEntries: options.cacheMaxEntries ?? DEFAULT_CACHE_MAX_ENTRIES,
    nodes,
    volumes,
    tasks: taskCount,
    transactionalProducers: taskCount,
    startupSeconds: round(((tasksAt ?? end) - startedAt) / 1000, 2),
    processingSeconds: round((end - firstIn) / 1000, 2),
    rawRecordsPerSecond: Math.round(rawIn / ((end - firstIn) / 1000)),
    rawRecordsPerSecondFromStart: Math.round(rawIn / ((end - startedAt) / 1000)),
    recordsOut: metrics.byTopic('streams_records_out_total'),
    deadLettered: metrics.counter('streams_records_dead_lettered_total'),
    commits: metrics.commits.length,
    commitLatencyMs: percentiles(metrics.commits),
    heapMb: { baseline: memory.baselineMb, peak: memory.peakMb, end: memory.endMb },
    peakRssMb: memory.peakRssMb,
    cpuCores: { processor: round((cpuUsed?.selfSeconds ?? 0) / cpuWallSeconds, 2), stack: round((cpuUsed?.childrenSeconds ?? 0) / cpuWallSeconds, 2) },
    loadAverage: loadAverage(),
    completed,
  };
}

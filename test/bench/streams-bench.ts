/**
 * Streams benchmark: the runtime against a hand-written kafkajs loop, and the Gluster topology, on a
 * private Kafka + registry stack, with exactly-once on.
 *
 *   node --import tsx test/bench/streams-bench.ts [--quick]
 *
 *  (a) bare loop: consume → produce with the runtime's transactional settings (a transactional,
 *      idempotent producer per partition, maxInFlightRequests 1, sendOffsets + commit every 100 ms,
 *      read_committed); (b) the runtime running a stateful pipeline (dedupe + latest value per key,
 *      `toTable` into a compacted topic). Both read the same pre-produced input (volumes × changes ×
 *      3 nodes records over 6 partitions, each system its own copy), in alternating order over
 *      `rounds`; then a paced trickle gives input timestamp → read_committed-visible latency. A third
 *      system, the bare loop with one shared transactional producer, prices kafkajs' one-producer-
 *      per-task constraint. (c) the full Gluster topology on Avro raw records from several nodes.
 * Importable: `runStreamsBench(options)` starts and always stops the stack it uses.
 *
 * Measures: records/s = input records ÷ (first record received → every input offset committed, seen
 * by polling the group's offsets every 50 ms); group join and producer start-up are excluded there and
 * included in "from start". Latency = read_committed receive time − record timestamp (outputs keep
 * their input's timestamp), over the paced trickle only. Correctness: the outputs read back must be
 * exactly the expected count (one per input for the bare loop, one per distinct change for the pipeline).
 *
 * What kafkajs' constraints cost (no KIP-447, so one transactional producer per task):
 *  - producers and connections scale with tasks: 6 for the stateful pipeline, 30 for the Gluster
 *    topology (5 sub-topologies × 6 partitions), each with its own InitProducerId at start-up, its own
 *    AddPartitionsToTxn / AddOffsetsToTxn / TxnOffsetCommit / EndTxn every commit interval;
 *  - the shared-producer baseline is not faster here: one producer serialises every partition's sends
 *    and commits, where per-task producers work in parallel; the price of per-task producers is
 *    start-up, connections and the commit request rate, not burst throughput;
 *  - kafkajs makes one record batch per partition of a request, and the broker rejects one above
 *    `message.max.bytes` (1 MiB): the runtime splits a task's sends at 512 KB (`chunkRecords`), and
 *    the bare loop does the same (`streams/split-sends.ts`).
 */
import { cpus } from 'node:os';
import { pathToFileURL } from 'node:url';
import { createKafkaClient } from '../../src/kafka/index.js';
import { silentLogger } from '../../src/logging/index.js';
import { uniqueName, useTestStack, type TestStack } from '../helpers/stack.js';
import { warmUp } from './streams/bench-io.js';
import { runSystem, type System, type SystemRun } from './streams/compare-phase.js';
import { runGlusterPhase, type GlusterPhaseResult } from './streams/gluster-phase.js';
import { loadAverage, round, type Percentiles } from './streams/measures.js';

export interface StreamsBenchOptions {
  /** Burst size: volumes × changes × 3 nodes (defaults 200 × 500 × 3 = 300,000). */
  readonly volumes?: number;
  readonly changes?: number;
  /** Bare loop / pipeline pairs, alternating who goes first (default 3). */
  readonly rounds?: number;
  /** Paced phase per run (defaults 3,000 records at 300 records/s). */
  readonly trickleRecords?: number;
  readonly trickleRate?: number;
  /** Also run the bare loop with one shared transactional producer (default true). */
  readonly sharedProducerBaseline?: boolean;
  /** Raw records for the Gluster topology (default 20,000; 0 skips it). */
  readonly glusterRecords?: number;
  readonly log?: (line: string) => void;
  /** Exit on SIGINT/SIGTERM so the stack is killed (standalone runs); a driver with its own handling leaves it false. */
  readonly handleSignals?: boolean;
}

export interface StreamsBenchResults {
  readonly environment: { readonly cores: number; readonly node: string; readonly loadAverageBefore: readonly number[]; readonly loadAverageAfter: readonly number[]; readonly stackStartSeconds: number; readonly partitions: number };
  readonly runs: readonly SystemRun[];
  /** Medians over the rounds; ratio = pipeline / bare loop (target ≥ 0.7). */
  readonly comparison: {
    readonly bareRecordsPerSecond: number;
    readonly pipelineRecordsPerSecond: number;
    readonly ratio: number;
    readonly ratioPerRound: readonly number[];
    readonly target: 0.7;
    readonly pass: boolean;
    readonly pipelineLatencyMs: Percentiles | null;
    readonly bareLatencyMs: Percentiles | null;
    readonly sharedProducerRecordsPerSecond: number | null;
  } | null;
  /** The Gluster topology on the runtime as shipped. */
  readonly gluster: ReadonlyArray<{ readonly result: GlusterPhaseResult | null; readonly error: string | null }>;
  readonly errors: readonly string[];
}

const median = (values: readonly number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[middle] ?? Number.NaN) : ((sorted[middle - 1] ?? Number.NaN) + (sorted[middle] ?? Number.NaN)) / 2;
};

/** The whole bench; every phase's failure is recorded in `errors` and the others still run. */
export async function runStreamsBench(options: StreamsBenchOptions = {}): Promise<StreamsBenchResults> {
  const log = options.log ?? ((line: string) => void process.stderr.write(`${line}\n`));
  const partitions = 6;
  const volumes = options.volumes ?? 200;
  // 500 changes → 300,000 records, 7–12 s per run: with 2–4 s runs (150 changes) one slow commit
  // (up to 750 ms seen) decided a round; three rounds give the median a middle.
  const changes = options.changes ?? 500;
  const rounds = options.rounds ?? 3;
  const loadAverageBefore = loadAverage();
  const errors: string[] = [];
  const runs: SystemRun[] = [];
  const gluster: Array<StreamsBenchResults['gluster'][number]> = [];
  let stack: TestStack | undefined;
  const stackStarted = performance.now();
  try {
    log('streams-bench: starting a private stack...');
    stack = await useTestStack({ private: true, handleSignals: options.handleSignals ?? false });
    const stackStartSeconds = round((performance.now() - stackStarted) / 1000);
    const kafka = createKafkaClient({ brokers: stack.brokers, clientId: uniqueName('streams-bench'), logger: silentLogger });
    const admin = kafka.admin();
    await admin.connect();
    try {
      const common = { kafka, admin, partitions, volumes, changes, trickleRecords: options.trickleRecords ?? 3_000, trickleRate: options.trickleRate ?? 300, timeoutMs: 180_000 };
      log('streams-bench: warming up the transaction coordinator and group coordinator...');
      await warmUp(kafka, admin).catch((error: unknown) => {
        errors.push(`warm-up: ${describe(error)}`);
        log(`streams-bench: warm-up failed, measuring anyway: ${describe(error)}`);
      });
      const order: System[] = [];
      for (let r = 0; r < rounds; r += 1) order.push(...(r % 2 === 0 ? (['bare-per-partition', 'stateful-pipeline'] as const) : (['stateful-pipeline', 'bare-per-partition'] as const)));
      if (options.sharedProducerBaseline ?? true) order.push('bare-shared-producer');
      for (const system of order) {
        log(`streams-bench: ${system}, ${volumes * changes * 3} records (load ${loadAverage().join(' ')})`);
        try {
          const run = await runSystem(system, common);
          runs.push(run);
          log(`streams-bench: ${system}: ${run.recordsPerSecond} records/s, ${run.outputs}/${run.expectedOutputs} outputs, trickle p50 ${run.latencyMs.p50} ms p99 ${run.latencyMs.p99} ms (load ${run.loadAverage.join(' ')})`);
        } catch (error) {
          errors.push(`${system}: ${describe(error)}`);
          log(`streams-bench: ${system} failed: ${describe(error)}`);
        }
      }
      const glusterRecords = options.glusterRecords ?? 20_000;
      if (glusterRecords > 0) {
        // As the processor runs it (record cache on), then writing every update (cache off), as the stateful pipeline above.
        for (const cacheMaxEntries of [undefined, 0]) {
          try {
            const result = await runGlusterPhase({ kafka, registryUrl: stack.registryUrl, records: glusterRecords, timeoutMs: 180_000, log, ...(cacheMaxEntries === undefined ? {} : { cacheMaxEntries }) });
            gluster.push({ result, error: null });
            log(`streams-bench: gluster topology (cache ${result.cacheMaxEntries}): ${result.rawRecordsPerSecond} raw records/s, heap peak ${result.heapMb.peak} MB (load ${result.loadAverage.join(' ')})`);
          } catch (error) {
            gluster.push({ result: null, error: describe(error) });
            log(`streams-bench: gluster topology failed: ${describe(error)} (load ${loadAverage().join(' ')})`);
          }
        }
      }
    } finally {
      await admin.disconnect().catch(() => undefined);
    }
    return { environment: { cores: cpus().length, node: process.version, loadAverageBefore, loadAverageAfter: loadAverage(), stackStartSeconds, partitions }, runs, comparison: compare(runs), gluster, errors };
  } finally {
    await stack?.stop().catch(() => undefined);
  }
}

function compare(runs: readonly SystemRun[]): StreamsBenchResults['comparison'] {
  const of = (system: System): SystemRun[] => runs.filter((run) => run.system === system);
  const bare = of('bare-per-partition');
  const pipeline = of('stateful-pipeline');
  if (bare.length === 0 || pipeline.length === 0) return null;
  const bareRate = median(bare.map((run) => run.recordsPerSecond));
  const pipelineRate = median(pipeline.map((run) => run.recordsPerSecond));
  const ratio = round(pipelineRate / bareRate, 2);
  const ratioPerRound = pipeline.flatMap((run, index) => (bare[index] === undefined ? [] : [round(run.recordsPerSecond / (bare[index]?.recordsPerSecond ?? Number.NaN), 2)]));
  const shared = of('bare-shared-producer')[0];
  return {
    bareRecordsPerSecond: Math.round(bareRate),
    pipelineRecordsPerSecond: Math.round(pipelineRate),
    ratio,
    ratioPerRound,
    target: 0.7,
    pass: ratio >= 0.7,
    pipelineLatencyMs: pipeline.at(-1)?.latencyMs ?? null,
    bareLatencyMs: bare.at(-1)?.latencyMs ?? null,
    sharedProducerRecordsPerSecond: shared?.recordsPerSecond ?? null,
  };
}

const describe = (error: unknown): string => (error instanceof Error ? `${error.message}${error.cause instanceof Error ? ` (${error.cause.message})` : ''}` : String(error));

/** The figures as table rows: [measure, figure, target, verdict]. */
export function streamsBenchRows(results: StreamsBenchResults): Array<[string, string, string, string]> {
  const rows: Array<[string, string, string, string]> = [];
  const mark = (pass: boolean): string => (pass ? 'ok' : 'MISSED');
  for (const run of results.runs) {
    rows.push([
      `${run.system} burst`,
      `${run.recordsPerSecond} rec/s (${run.recordsPerSecondFromStart} from start), ${run.outputs}/${run.expectedOutputs} out, ${run.transactionalProducers} txn producers, commit p50/p99 ${run.commitLatencyMs.p50}/${run.commitLatencyMs.p99} ms, load ${run.loadAverage.join(' ')}`,
      '',
      run.outputs === run.expectedOutputs ? 'ok' : 'OUTPUT COUNT',
    ]);
    rows.push([`${run.system} trickle latency`, `p50 ${run.latencyMs.p50} ms, p99 ${run.latencyMs.p99} ms, max ${run.latencyMs.max} ms (n=${run.latencyMs.count})`, '', '']);
  }
  const c = results.comparison;
  if (c !== null) {
    rows.push(['pipeline / bare loop', `${c.ratio} (${c.pipelineRecordsPerSecond} / ${c.bareRecordsPerSecond} rec/s; per round ${c.ratioPerRound.join(', ')})`, '>= 0.7', mark(c.pass)]);
    if (c.sharedProducerRecordsPerSecond !== null) rows.push(['bare loop, 1 shared txn producer', `${c.sharedProducerRecordsPerSecond} rec/s (per-partition producers: ${c.bareRecordsPerSecond})`, '', '']);
  }
  for (const { result: g, error } of results.gluster) {
    if (g === null) {
      rows.push(['gluster topology', error ?? 'no result', '', 'FAILED']);
      continue;
    }
    rows.push([`gluster topology, cache ${g.cacheMaxEntries}`, `${g.rawRecordsPerSecond} raw rec/s (${g.rawRecordsPerSecondFromStart} from start), ${g.rawRecords} raw records, ${g.nodes} nodes, ${g.volumes} volumes, dead-lettered ${g.deadLettered}`, '', g.completed ? 'ok' : 'INCOMPLETE']);
    if (c !== null) {
      const ratio = round(g.rawRecordsPerSecond / c.pipelineRecordsPerSecond, 3);
      rows.push(['  gluster / stateful pipeline', `${ratio} (${g.rawRecordsPerSecond} / ${c.pipelineRecordsPerSecond} rec/s, same run)`, '>= 0.5', mark(ratio >= 0.5)]);
    }
    rows.push(['  tasks / txn producers', `${g.tasks} / ${g.transactionalProducers}, start-up ${g.startupSeconds} s, ${g.commits} commits p50/p99 ${g.commitLatencyMs.p50}/${g.commitLatencyMs.p99} ms`, '', '']);
    rows.push(['  CPU (cores, start to end)', `processor ${g.cpuCores.processor}, stack (broker + registry) ${g.cpuCores.stack}, of ${cpus().length}`, '', '']);
    rows.push(['  heap used', `baseline ${g.heapMb.baseline} MB, peak ${g.heapMb.peak} MB, end ${g.heapMb.end} MB; peak RSS ${g.peakRssMb} MB; load ${g.loadAverage.join(' ')}`, '', '']);
  }
  for (const error of results.errors) rows.push(['error', error, '', 'FAILED']);
  return rows;
}

export function formatRows(rows: ReadonlyArray<readonly [string, string, string, string]>): string {
  const all = [['measure', 'figure', 'target', ''] as const, ...rows];
  const widths = [0, 1, 2].map((column) => Math.max(...all.map((row) => row[column]?.length ?? 0)));
  return all.map((row) => row.map((cell, column) => cell.padEnd(widths[column] ?? 0)).join('  ').trimEnd()).join('\n');
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const quick = process.argv.includes('--quick');
  const results = await runStreamsBench({ handleSignals: true, ...(quick ? { rounds: 1, changes: 50, trickleRecords: 1_500, sharedProducerBaseline: false, glusterRecords: 10_000 } : {}) });
  const e = results.environment;
  process.stdout.write(`${formatRows(streamsBenchRows(results))}\nload average before ${e.loadAverageBefore.join(' ')}, after ${e.loadAverageAfter.join(' ')} (${e.cores} cores, node ${e.node})\n${JSON.stringify(results, null, 2)}\n`);
  process.exit(0);
}

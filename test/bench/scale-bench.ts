/**
 * Scale bench (issue #8): a synthetic cluster through the processor, as operators run it (the CLI
 * `processor`, exactly-once, its own process): memory of its stores, restore time from the
 * changelogs after a restart, and raw throughput with 1 and 2 instances.
 *
 *   node --import tsx test/bench/scale-bench.ts [--scale 0.01] [--nodes N] [--changes 5000]
 *
 * `--scale F` scales the issue's cluster (1,000 nodes, 10,000 volumes, 100,000 bricks, 100,000
 * drives; F = 1) in every count; `--nodes N` then sets the node count alone, keeping the entity
 * counts of F with fewer reporting nodes. Every node reports every volume and brick, so the raw
 * records grow with nodes × entities: at F = 1 the snapshots alone are ~110 M records, far beyond a
 * bench run on a 2-core machine. Only the scale printed was measured; nothing is extrapolated.
 *
 * Phases, on one private stack: (1) the load (every node's snapshot, then `changes` scripted
 * records) is written to the raw topic with `writeLoad` before any processor runs; (2) one processor
 * from spawn until drained: raw records/s, peak RSS (/proc VmHWM), peak heap (/metrics, sampled every
 * second), store entries at the end (`streams_store_entries`; the metrics give no bytes); (3) SIGTERM,
 * a fresh processor with the same application id: spawn → /readyz 200, and the records it restored
 * (`task started` log lines and `streams_restored_records_total`); (4) two processors of a fresh
 * application id on the same raw input: raw records/s until drained.
 * Importable: `runScaleBench(options)` starts and always stops the stack and processors it uses.
 */
import { cpus } from 'node:os';
import { pathToFileURL } from 'node:url';
import { createKafkaClient } from '../../src/kafka/index.js';
import { writeLoad, type ClusterShape } from '../../src/loadgen/index.js';
import { silentLogger } from '../../src/logging/index.js';
import { createSchemaRegistryClient } from '../../src/serde/index.js';
import { DETERMINISTIC_PROCESSOR_ENV, killAllCliProcessors, RECORD_CACHE_ON_ENV, startCliProcessor, type CliProcessor } from '../helpers/faults/cli-processor.js';
import { DERIVED_ROLES } from '../helpers/faults/derived-outputs.js';
import { waitUntilDrained } from '../helpers/faults/drained.js';
import { prepareGlusterTopics } from '../helpers/faults/gluster-topics.js';
import { uniqueName, useTestStack, waitFor, type TestStack } from '../helpers/stack.js';
import { fetchMetrics, httpUrlOf, metricSum, peakRssMb, restoredFromLog, sampleProcessor, storeEntries } from './scale/processor-probe.js';
import { FULL_SCALE, scaledShape, snapshotsThenChanges } from './scale/scaled-load.js';
import { loadAverage, round } from './streams/measures.js';

export interface ScaleBenchOptions {
  /** Share of the issue's full-scale cluster (default 0.01: 10 nodes, 100 volumes, 1,000 bricks, 1,000 drives). */
  readonly scale?: number;
  /** Node count instead of the scaled one (entity counts stay those of `scale`). */
  readonly nodes?: number;
  /** Scripted records after the snapshots (default 5,000). */
  readonly changes?: number;
  readonly seed?: number;
  /** Per phase, until drained / ready (default 15 minutes). */
  readonly timeoutMs?: number;
  readonly log?: (line: string) => void;
  /** Exit on SIGINT/SIGTERM so the stack is killed (standalone runs); a driver with its own handling leaves it false. */
  readonly handleSignals?: boolean;
}

export interface ThroughputRun {
  readonly instances: number;
  /** Spawn until every instance logged `processor started`. */
  readonly startupSeconds: number;
  /** Spawn until drained (the drain check's 3 s settle subtracted). */
  readonly seconds: number;
  readonly rawRecordsPerSecond: number;
  /** The same, from `processor started` (start-up excluded). */
  readonly rawRecordsPerSecondAfterStart: number;
  readonly peakRssMb: readonly (number | null)[];
  readonly peakHeapMb: readonly number[];
}

export interface ScaleBenchResults {
  readonly scale: number;
  readonly shape: ClusterShape;
  readonly fullScale: ClusterShape;
  readonly fullScaleRun: false;
  readonly rawRecords: number;
  readonly loadSeconds: number;
  readonly single: ThroughputRun | null;
  /** Store entries (summed over tasks) at the end of the single-instance run. */
  readonly storeEntries: Readonly<Record<string, number>>;
  readonly restore: {
    /** Spawn → /readyz 200. */
    readonly readySeconds: number;
    /** `processor started` → /readyz 200. */
    readonly readyAfterStartSeconds: number;
    readonly restoredRecords: number;
    readonly restoredTasks: number;
    readonly restoredRecordsMetric: number;
    readonly heapAfterRestoreMb: number;
    readonly rssAfterRestoreMb: number | null;
  } | null;
  readonly double: ThroughputRun | null;
  readonly environment: { readonly cores: number; readonly node: string; readonly loadAverageBefore: readonly number[]; readonly loadAverageAfter: readonly number[] };
  readonly errors: readonly string[];
}

const SETTLE_MS = 3_000;
const describe = (error: unknown): string => (error instanceof Error ? error.message : String(error));

export async function runScaleBench(options: ScaleBenchOptions = {}): Promise<ScaleBenchResults> {
  const log = options.log ?? ((line: string) => void process.stderr.write(`${line}\n`));
  const scale = options.scale ?? 0.01;
  const shape = scaledShape(scale, options.nodes);
  const changes = options.changes ?? 5_000;
  const timeoutMs = options.timeoutMs ?? 900_000;
  const loadAverageBefore = loadAverage();
  const errors: string[] = [];
  let stack: TestStack | undefined;
  // The stack dies with this process (its exit handler); the processors must too (the kills are synchronous).
  const killProcessors = (): void => void killAllCliProcessors();
  process.once('exit', killProcessors);
  try {
    log(`scale-bench: scale ${scale} of the issue's cluster: ${shape.nodes} nodes, ${shape.volumes} volumes, ${shape.bricks} bricks, ${shape.drives} drives (full scale not run)`);
    stack = await useTestStack({ private: true, handleSignals: options.handleSignals ?? false });
    const prefix = uniqueName('scale');
    const names = await prepareGlusterTopics(stack, prefix);
    const kafka = createKafkaClient({ brokers: stack.brokers, clientId: `${prefix}-load`, logger: silentLogger });
    log('scale-bench: writing the load (snapshots of every node, then scripted changes)...');
    const load = await writeLoad({ kafka, registry: createSchemaRegistryClient({ url: stack.registryUrl }), topic: names.raw, registration: 'lookup', records: snapshotsThenChanges(shape, options.seed ?? 1, changes), logger: silentLogger });
    log(`scale-bench: ${load.records} raw records written in ${round(load.seconds)} s`);
    const admin = kafka.admin();
    await admin.connect();
    const drained = (applicationId: string): Promise<void> =>
      waitUntilDrained(admin, { applicationId, rawTopic: names.raw, outputTopics: DERIVED_ROLES.map((role) => names[role]), timeoutMs, settleMs: SETTLE_MS });
    const start = (applicationId: string): Promise<CliProcessor> => startCliProcessor({ stack: stack!, prefix, applicationId, env: { ...DETERMINISTIC_PROCESSOR_ENV, ...RECORD_CACHE_ON_ENV } });

    let single: ThroughputRun | null = null;
    let entries: Record<string, number> = {};
    let restore: ScaleBenchResults['restore'] = null;
    let double: ThroughputRun | null = null;
    try {
      const applicationId = `${prefix}-one`;
      try {
        const run = await throughput(1, load.records, () => start(applicationId), () => drained(applicationId), log);
        single = run.result;
        entries = storeEntries(run.lastPage);
        log(`scale-bench: 1 instance: ${single.rawRecordsPerSecond} raw rec/s, peak RSS ${single.peakRssMb.join('/')} MB, store entries ${JSON.stringify(entries)}`);
        for (const processor of run.processors) await processor.terminate();
        restore = await restoreRun(() => start(applicationId), log);
      } catch (error) {
        errors.push(`1 instance / restore: ${describe(error)}`);
        log(`scale-bench: 1 instance / restore failed: ${describe(error)}`);
        await killAllCliProcessors();
      }
      try {
        const doubleId = `${prefix}-two`;
        const run = await throughput(2, load.records, () => start(doubleId), () => drained(doubleId), log);
        double = run.result;
        log(`scale-bench: 2 instances: ${double.rawRecordsPerSecond} raw rec/s`);
        for (const processor of run.processors) await processor.terminate();
      } catch (error) {
        errors.push(`2 instances: ${describe(error)}`);
        log(`scale-bench: 2 instances failed: ${describe(error)}`);
      }
    } finally {
      await killAllCliProcessors();
      await admin.disconnect().catch(() => undefined);
    }
    return {
      scale,
      shape,
      fullScale: FULL_SCALE,
      fullScaleRun: false,
      rawRecords: load.records,
      loadSeconds: round(load.seconds),
      single,
      storeEntries: entries,
      restore,
      double,
      environment: { cores: cpus().length, node: process.version, loadAverageBefore, loadAverageAfter: loadAverage() },
      errors,
    };
  } finally {
    await killAllCliProcessors();
    process.off('exit', killProcessors);
    await stack?.stop().catch(() => undefined);
  }
}

/** `instances` processors of one application from spawn until the raw input is drained. */
async function throughput(instances: number, rawRecords: number, start: () => Promise<CliProcessor>, drained: () => Promise<void>, log: (line: string) => void): Promise<{ result: ThroughputRun; processors: CliProcessor[]; lastPage: string }> {
  log(`scale-bench: ${instances} instance(s) on ${rawRecords} raw records...`);
  const spawned = performance.now();
  const processors = await Promise.all(Array.from({ length: instances }, start));
  const started = performance.now();
  const samplers = processors.map((processor) => sampleProcessor(httpUrlOf(processor)));
  const died = Promise.race(processors.map(async (processor) => {
    const [code, signal] = await processor.exited;
    throw new Error(`a processor exited before the input was drained (${code ?? signal}): ${processor.log().slice(-2000)}`);
  }));
  died.catch(() => undefined);
  let samples: Array<{ peakHeapMb: number; lastPage: string }>;
  try {
    await Promise.race([drained(), died]);
  } catch (error) {
    const tails = processors.map((processor, index) => `processor ${index + 1} log tail: ${processor.log().slice(-1_500)}`).join('\n');
    throw new Error(`${describe(error)}\n${tails}`, { cause: error });
  } finally {
    samples = await Promise.all(samplers.map((sampler) => sampler.stop()));
  }
  const done = performance.now() - SETTLE_MS;
  const seconds = (done - spawned) / 1000;
  return {
    result: {
      instances,
      startupSeconds: round((started - spawned) / 1000),
      seconds: round(seconds),
      rawRecordsPerSecond: Math.round(rawRecords / seconds),
      rawRecordsPerSecondAfterStart: Math.round(rawRecords / ((done - started) / 1000)),
      peakRssMb: processors.map((processor) => peakRssMb(processor.child.pid) ?? null),
      peakHeapMb: samples.map((sample) => sample.peakHeapMb),
    },
    processors,
    lastPage: samples.map((sample) => sample.lastPage).join('\n'),
  };
}

/** A fresh processor of the same application: spawn → /readyz 200, and what it restored. */
async function restoreRun(start: () => Promise<CliProcessor>, log: (line: string) => void): Promise<NonNullable<ScaleBenchResults['restore']>> {
  log('scale-bench: restart: a fresh processor with the same application id...');
  const spawned = performance.now();
  const processor = await start();
  const started = performance.now();
  const url = httpUrlOf(processor);
  await waitFor(async () => (await fetch(`${url}/readyz`, { signal: AbortSignal.timeout(5_000) })).status === 200, { timeoutMs: 900_000, intervalMs: 100, what: '/readyz 200 after the restart' });
  const ready = performance.now();
  const page = await fetchMetrics(url);
  const restored = restoredFromLog(processor.log());
  const result = {
    readySeconds: round((ready - spawned) / 1000, 2),
    readyAfterStartSeconds: round((ready - started) / 1000, 2),
    restoredRecords: restored.records,
    restoredTasks: restored.tasks,
    restoredRecordsMetric: metricSum(page, 'streams_restored_records_total'),
    heapAfterRestoreMb: round(metricSum(page, 'nodejs_heap_size_used_bytes') / 1024 / 1024),
    rssAfterRestoreMb: peakRssMb(processor.child.pid) ?? null,
  };
  log(`scale-bench: ready ${result.readySeconds} s after spawn, ${result.restoredRecords} records restored by ${result.restoredTasks} tasks`);
  await processor.terminate();
  return result;
}

/** The figures as table rows: [measure, figure, note]. */
export function scaleBenchRows(results: ScaleBenchResults): Array<[string, string, string]> {
  const s = results.shape;
  const f = results.fullScale;
  const rows: Array<[string, string, string]> = [
    ['scale run', `${results.scale} → ${s.nodes} nodes, ${s.volumes} volumes, ${s.bricks} bricks, ${s.drives} drives`, `full scale (${f.nodes} / ${f.volumes} / ${f.bricks} / ${f.drives}) NOT run`],
    ['raw records', `${results.rawRecords} (written in ${results.loadSeconds} s)`, 'every node snapshots every volume and brick, then scripted changes'],
  ];
  const throughputRow = (run: ThroughputRun): [string, string, string] => [
    `${run.instances} instance${run.instances === 1 ? '' : 's'}: throughput`,
    `${run.rawRecordsPerSecond} raw rec/s from spawn (${run.rawRecordsPerSecondAfterStart} after start-up of ${run.startupSeconds} s), ${run.seconds} s`,
    'exactly-once, until drained',
  ];
  if (results.single !== null) {
    rows.push(throughputRow(results.single));
    rows.push(['1 instance: memory', `peak RSS ${results.single.peakRssMb.join('/')} MB, peak heap used ${results.single.peakHeapMb.join('/')} MB`, 'RSS: /proc VmHWM; heap: /metrics every 1 s']);
    const total = Object.values(results.storeEntries).reduce((a, b) => a + b, 0);
    rows.push(['1 instance: store entries', `${total} total: ${Object.entries(results.storeEntries).map(([store, n]) => `${store} ${n}`).join(', ')}`, 'streams_store_entries at the end; no bytes in the metrics']);
  }
  if (results.restore !== null) {
    const r = results.restore;
    rows.push(['restart: ready', `${r.readySeconds} s spawn → /readyz 200 (${r.readyAfterStartSeconds} s after 'processor started')`, 'same application id, stores from the changelogs']);
    rows.push(['restart: restored', `${r.restoredRecords} records by ${r.restoredTasks} tasks (metric ${r.restoredRecordsMetric}); heap ${r.heapAfterRestoreMb} MB, RSS peak ${r.rssAfterRestoreMb ?? '?'} MB`, 'heap after restore: stores + runtime, nothing in flight']);
  }
  if (results.double !== null) {
    rows.push(throughputRow(results.double));
    rows.push(['2 instances: memory', `peak RSS ${results.double.peakRssMb.join('/')} MB, peak heap used ${results.double.peakHeapMb.join('/')} MB`, 'per instance']);
  }
  for (const error of results.errors) rows.push(['error', error, 'FAILED']);
  return rows;
}

export function formatScaleRows(rows: ReadonlyArray<readonly [string, string, string]>): string {
  const all = [['measure', 'figure', 'note'] as const, ...rows];
  const widths = [0, 1].map((column) => Math.max(...all.map((row) => row[column]?.length ?? 0)));
  return all.map((row) => row.map((cell, column) => cell.padEnd(widths[column] ?? 0)).join('  ').trimEnd()).join('\n');
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const flag = (name: string): number | undefined => {
    const index = process.argv.indexOf(`--${name}`);
    return index === -1 ? undefined : Number(process.argv[index + 1]);
  };
  const scale = flag('scale');
  const nodes = flag('nodes');
  const changes = flag('changes');
  for (const [name, value] of [['scale', scale], ['nodes', nodes], ['changes', changes]] as const) {
    if (value !== undefined && !(Number.isFinite(value) && value > 0)) {
      process.stderr.write(`scale-bench: --${name} needs a positive number\n`);
      process.exit(2);
    }
  }
  const results = await runScaleBench({ handleSignals: true, ...(scale === undefined ? {} : { scale }), ...(nodes === undefined ? {} : { nodes: Math.round(nodes) }), ...(changes === undefined ? {} : { changes: Math.round(changes) }) });
  const e = results.environment;
  process.stdout.write(`${formatScaleRows(scaleBenchRows(results))}\nload average before ${e.loadAverageBefore.join(' ')}, after ${e.loadAverageAfter.join(' ')} (${e.cores} cores, node ${e.node})\n${JSON.stringify(results, null, 2)}\n`);
  process.exit(results.errors.length === 0 ? 0 : 1);
}

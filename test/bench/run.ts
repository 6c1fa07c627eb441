/**
 * `npm run bench`: the streams bench and, when `test/bench/producer-bench.ts` exports
 * `runProducerBench`, the producer bench (shortened); one table on stdout, every figure as JSON in
 * `bench-results/latest.json` with the date, git commit, load average and node version.
 *
 *   npm run bench [-- --skip-producer] [-- --skip-e2e] [-- --skip-scale] [-- --scale F] [-- --quick]
 *
 * The scale bench runs last at `--scale 0.01` of the issue's cluster by default (10 nodes, 100
 * volumes, 1,000 bricks, 1,000 drives: about 5 minutes on the 2-core machine); full scale is never run.
 *
 * Bounded: a watchdog ends the run after 25 minutes; the stacks are child processes killed on exit
 * (the stack helper's exit handler), so an interrupted or timed-out run leaves none behind.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { formatE2eLatency, runE2eLatencyBench, type E2eLatencyResults } from './e2e-latency-bench.js';
import { formatNodeStorageRows, runNodeStorageBench, type NodeStorageBenchRow } from './node-storage-bench.js';
import { formatScaleRows, runScaleBench, scaleBenchRows, type ScaleBenchResults } from './scale-bench.js';
import { loadAverage } from './streams/measures.js';
import { formatRows, runStreamsBench, streamsBenchRows, type StreamsBenchResults } from './streams-bench.js';

const REPO = fileURLToPath(new URL('../../', import.meta.url));
const WATCHDOG_MS = 1_500_000;
const quick = process.argv.includes('--quick');
const log = (line: string): void => void process.stderr.write(`${line}\n`);

const onSignal = (signal: NodeJS.Signals): void => process.exit(signal === 'SIGINT' ? 130 : 143);
process.once('SIGINT', onSignal).once('SIGTERM', onSignal);
const watchdog = setTimeout(() => {
  log(`bench: still running after ${WATCHDOG_MS / 1000} s, stopping (the stacks die with this process)`);
  process.exit(2);
}, WATCHDOG_MS);
watchdog.unref();

const git = (...args: string[]): string | undefined => {
  try {
    return execFileSync('git', args, { cwd: REPO, encoding: 'utf8' }).trim();
  } catch {
    return undefined;
  }
};
/** The tree is shared: figures come from HEAD plus these uncommitted changes, so both are recorded. */
const gitChanges = (): string[] => (git('status', '--porcelain', '--untracked-files=no') ?? '').split('\n').filter((line) => line !== '');

interface ProducerBenchModule {
  runProducerBench(options: Record<string, unknown>): Promise<unknown>;
  formatProducerBench?: (results: never) => string;
}

/** The producer bench is another engineer's file: used only when present and exporting `runProducerBench`. */
async function loadProducerBench(): Promise<ProducerBenchModule | string> {
  const file = new URL('./producer-bench.ts', import.meta.url);
  if (!existsSync(file)) return 'test/bench/producer-bench.ts does not exist';
  const module = (await import(pathToFileURL(fileURLToPath(file)).href)) as Partial<ProducerBenchModule>;
  if (typeof module.runProducerBench !== 'function') return 'test/bench/producer-bench.ts does not export runProducerBench';
  return module as ProducerBenchModule;
}

const startedAt = new Date();
const loadAverageBefore = loadAverage();
const streams: StreamsBenchResults | { error: string } = await runStreamsBench({
  handleSignals: false,
  log,
  ...(quick ? { rounds: 1, changes: 50, trickleRecords: 1_500, sharedProducerBaseline: false, glusterRecords: 10_000 } : {}),
}).catch((error: unknown) => {
  log(`bench: streams bench failed: ${String(error)}`);
  return { error: error instanceof Error ? error.message : String(error) };
});

let producer: { results?: unknown; table?: string; skipped?: string; error?: string };
if (process.argv.includes('--skip-producer')) producer = { skipped: '--skip-producer' };
else {
  const loaded = await loadProducerBench().catch((error: unknown) => `could not load: ${String(error)}`);
  if (typeof loaded === 'string') {
    producer = { skipped: loaded };
    log(`bench: producer bench skipped: ${loaded}`);
  } else {
    try {
      // Shortened phases: the whole `npm run bench` must stay under 10 minutes.
      const results = await loaded.runProducerBench({ handleSignals: false, log, footprintSeconds: 15, idleSeconds: 5, throughputSeconds: 8, latencySeconds: 8 });
      producer = { results, ...(loaded.formatProducerBench === undefined ? {} : { table: loaded.formatProducerBench(results as never) }) };
    } catch (error) {
      producer = { error: error instanceof Error ? error.message : String(error) };
      log(`bench: producer bench failed: ${producer.error}`);
    }
  }
}

// Node storage in the test driver (no stack): the cost of one SMART change per drives-per-node size.
let nodeStorage: NodeStorageBenchRow[] | { error: string };
try {
  log('bench: node-storage bench (test driver)...');
  nodeStorage = await runNodeStorageBench(quick ? { sizes: [10, 100, 1_000], changes: 200 } : {});
} catch (error) {
  nodeStorage = { error: error instanceof Error ? error.message : String(error) };
  log(`bench: node-storage bench failed: ${nodeStorage.error}`);
}

// End to end last: its own private stack, 10 simulated nodes, the processor as a child process.
let e2e: E2eLatencyResults | { skipped: string } | { error: string };
if (process.argv.includes('--skip-e2e')) e2e = { skipped: '--skip-e2e' };
else {
  e2e = await runE2eLatencyBench({ handleSignals: false, log, seconds: quick ? 10 : 20 }).catch((error: unknown) => {
    log(`bench: e2e latency bench failed: ${String(error)}`);
    return { error: error instanceof Error ? error.message : String(error) };
  });
}

// Scale after that: a scaled synthetic cluster through 1 then 2 CLI processors, on its own stack.
let scale: ScaleBenchResults | { skipped: string } | { error: string };
const scaleIndex = process.argv.indexOf('--scale');
const scaleFactor = scaleIndex === -1 ? (quick ? 0.005 : 0.01) : Number(process.argv[scaleIndex + 1]);
if (process.argv.includes('--skip-scale')) scale = { skipped: '--skip-scale' };
else if (!(Number.isFinite(scaleFactor) && scaleFactor > 0 && scaleFactor <= 1)) scale = { error: `--scale needs a number in (0, 1], not ${process.argv[scaleIndex + 1]}` };
else {
  scale = await runScaleBench({ handleSignals: false, log, scale: scaleFactor, ...(quick ? { changes: 2_000 } : {}) }).catch((error: unknown) => {
    log(`bench: scale bench failed: ${String(error)}`);
    return { error: error instanceof Error ? error.message : String(error) };
  });
}

const output = {
  date: startedAt.toISOString(),
  gitCommit: git('rev-parse', 'HEAD') ?? 'unknown',
  uncommittedChanges: gitChanges(),
  node: process.version,
  cores: cpus().length,
  loadAverageBefore,
  loadAverageAfter: loadAverage(),
  durationSeconds: Math.round((Date.now() - startedAt.getTime()) / 1000),
  streams,
  producer,
  nodeStorage,
  e2e,
  scale,
};
const rows = ('error' in streams ? [['failed', streams.error, '', 'FAILED'] as [string, string, string, string]] : streamsBenchRows(streams)).map(([measure, ...rest]) => [`streams: ${measure}`, ...rest] as const);
const producerLines = producer.table ?? (producer.skipped !== undefined ? `producer bench skipped: ${producer.skipped}` : producer.error !== undefined ? `producer bench failed: ${producer.error}` : '');
const e2eLines = 'skipped' in e2e ? `e2e latency bench skipped: ${e2e.skipped}` : 'error' in e2e ? `e2e latency bench failed: ${e2e.error}` : formatE2eLatency(e2e);
const scaleLines = 'skipped' in scale ? `scale bench skipped: ${scale.skipped}` : 'error' in scale ? `scale bench failed: ${scale.error}` : formatScaleRows(scaleBenchRows(scale));
const nodeStorageLines = 'error' in nodeStorage ? `node-storage bench failed: ${nodeStorage.error}` : formatNodeStorageRows(nodeStorage);
process.stdout.write(`${formatRows(rows)}\n${producerLines}\n${nodeStorageLines}\n${e2eLines}\n${scaleLines}\nload average before ${loadAverageBefore.join(' ')}, after ${output.loadAverageAfter.join(' ')} (${output.cores} cores), node ${output.node}, commit ${output.gitCommit.slice(0, 10)}${output.uncommittedChanges.length > 0 ? ` + ${output.uncommittedChanges.length} uncommitted files` : ''}, ${output.durationSeconds} s\n`);
mkdirSync(new URL('../../bench-results/', import.meta.url), { recursive: true });
writeFileSync(new URL('../../bench-results/latest.json', import.meta.url), `${JSON.stringify(output, null, 2)}\n`);
log('bench: figures written to bench-results/latest.json');
process.exit(0);

/**
 * Producer benchmark: the compiled CLI (`npm run build`, then `node dist/src/cli/main.js producer`,
 * with the deployments' `NODE_OPTIONS`, see `src/producer/node-options.ts`) as a child process,
 * watching one simulated Gluster node on its own dbus-daemon, producing to a private Kafka + registry
 * stack.
 *
 *   node --import tsx test/bench/producer-bench.ts [--quick] [--no-tsx]
 *
 * It builds first. Standalone, it prints the figures beside the targets, replaces the `producer`
 * entry of `bench-results/latest.json` (the file `npm run bench` writes) and appends the run to
 * `bench-results/producer-runs.jsonl`, so the spread between runs stays visible.
 *
 * Three phases, each with a fresh producer process so one phase's load does not colour the next:
 *  1. footprint: RSS (/proc/<pid>/status VmRSS) and CPU (/proc/<pid>/stat utime+stime) idle, then at
 *     10 changes/s; for the compiled producer and, for comparison, the source run by tsx's loader;
 *  2. throughput: the node emits as fast as it can (at most `maxOutstanding` changes ahead of Kafka);
 *     the records arriving in the topic over a fixed window give the sustained rate, and after the
 *     window every emitted change must be in the topic (none lost);
 *  3. latency: with `--latency-log`, the producer writes observedAt→ack per record; each change also
 *     carries its emit time (µs) as SmartNumBadSectors, so emit→observed and emit→ack are reported too.
 * Importable: `runProducerBench(options)` starts and always stops everything it needs.
 */
import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { appendFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { setTimeout as delay } from 'node:timers/promises';
import { createKafkaClient } from '../../src/kafka/index.js';
import { PRODUCER_NODE_OPTIONS } from '../../src/producer/index.js';
import { silentLogger } from '../../src/logging/index.js';
import { createRawSerdes, createSchemaRegistryClient, type RawPropertyChange } from '../../src/serde/index.js';
import { startSimulatedCluster, type SimulatedCluster, type SimulatedNode } from '../../src/simulator/index.js';
import { uniqueName, useTestStack, waitFor, type TestStack } from '../helpers/stack.js';
import { buildCli, CLI_ENTRY, type CliRunner } from './compiled-cli.js';
import { BENCH_DEVICE, BENCH_NODE_SPEC } from './bench-node.js';

export interface ProducerBenchOptions {
  /** Phase 1 length and rate (defaults 30 s at 10 changes/s). */
  readonly footprintSeconds?: number;
  readonly footprintRate?: number;
  /** Before the footprint changes start, how long to measure the idle producer (default 10 s). */
  readonly idleSeconds?: number;
  /** Phase 2 measuring window (default 10 s) and how far the emitter may run ahead of Kafka (default 20,000). */
  readonly throughputSeconds?: number;
  readonly maxOutstanding?: number;
  /** Phase 3 length and rate (defaults 15 s at 100 changes/s). */
  readonly latencySeconds?: number;
  readonly latencyRate?: number;
  /** Progress lines (default: stderr). */
  readonly log?: (line: string) => void;
  /** Exit on SIGINT/SIGTERM so the stack is killed (standalone runs); a driver with its own handling leaves it false. */
  readonly handleSignals?: boolean;
  /** Also measure the footprint of the source run through tsx (default true). */
  readonly compareTsx?: boolean;
  /** Run `npm run build` first (default true; false when dist/ is known fresh). */
  readonly build?: boolean;
}

export interface Percentiles {
  readonly count: number;
  readonly p50: number;
  readonly p99: number;
  readonly max: number;
}

export interface Footprint {
  readonly runner: ProducerRunner;
  readonly rateHz: number;
  readonly seconds: number;
  readonly changes: number;
  readonly rssMb: { readonly start: number; readonly max: number; readonly end: number };
  readonly cpuPercentOfOneCore: number;
  /** The same figure for each consecutive 10 s of the phase: shows the warm-up (JIT, first GCs) apart from the steady state. */
  readonly cpuPercentPerWindow: readonly number[];
  /** The same process before the changes start, with nothing to do. */
  readonly idleCpuPercentOfOneCore: number;
  /** Where the CPU at the steady rate went: user/system and per thread. */
  readonly cpu: CpuBreakdown;
  readonly lost: number;
  readonly loadAverage: readonly number[];
  readonly pass: boolean;
}

export interface ProducerBenchResults {
  readonly environment: { readonly cores: number; readonly node: string; readonly loadAverageBefore: readonly number[]; readonly loadAverageAfter: readonly number[]; readonly producer: string };
  /** The compiled producer (`node dist/src/cli/main.js producer`), as deployed. */
  readonly footprint: Footprint;
  /** The same measure with the TypeScript source run through tsx's loader (`npm run cli`), or null when skipped. */
  readonly footprintTsx: Footprint | null;
  readonly throughput: {
    readonly seconds: number;
    readonly emitted: number;
    readonly emitterChangesPerSecond: number;
    readonly deliveredInWindow: number;
    readonly changesPerSecond: number;
    readonly producerCpuPercentOfOneCore: number;
    readonly rssMbMax: number;
    readonly drainSeconds: number;
    readonly lost: number;
    readonly dropped: number | null;
    readonly loadAverage: readonly number[];
    readonly pass: boolean;
  };
  readonly latency: {
    readonly rateHz: number;
    readonly seconds: number;
    /** The target's measure: the simulator emitting PropertiesChanged on the bus → the broker's ack. */
    readonly emitToAckMs: Percentiles;
    /** Within the producer: the signal handled → the broker's ack. */
    readonly observedToAckMs: Percentiles;
    readonly emitToObservedMs: Percentiles;
    readonly loadAverage: readonly number[];
    readonly pass: boolean;
  };
  readonly targets: { readonly rssMb: 80; readonly cpuPercent: 2; readonly changesPerSecond: 5000; readonly p99Ms: 20 };
}

const REPO = fileURLToPath(new URL('../../', import.meta.url));

const round = (value: number, digits = 2): number => Number(value.toFixed(digits));
const nowMicros = (): number => Math.round((performance.timeOrigin + performance.now()) * 1000);

export function percentiles(values: readonly number[]): Percentiles {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (q: number): number => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))] ?? Number.NaN;
  return { count: sorted.length, p50: round(at(0.5)), p99: round(at(0.99)), max: round(sorted.at(-1) ?? Number.NaN) };
}

/** CPU seconds (user + system) and resident memory of one process, from /proc. */
function procSample(pid: number, ticksPerSecond: number): { cpuSeconds: number; rssMb: number } {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const ticks = Number(fields[11]) + Number(fields[12]); // utime, stime (fields 14 and 15 of stat)
  const rssKb = Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? Number.NaN);
  return { cpuSeconds: ticks / ticksPerSecond, rssMb: rssKb / 1024 };
}

/** CPU seconds per thread name (`node` is the JS thread; libuv, V8 and GC workers have their own) and user/system split. */
function threadCpuSample(pid: number, ticksPerSecond: number): { byThread: Map<string, number>; user: number; system: number } {
  const byThread = new Map<string, number>();
  let [user, system] = [0, 0];
  for (const tid of readdirSync(`/proc/${pid}/task`)) {
    let stat: string;
    try {
      stat = readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8');
    } catch {
      continue; // the thread ended meanwhile
    }
    const name = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')')).replace(/\d+$/, '').trim();
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const [u, sys] = [Number(fields[11]) / ticksPerSecond, Number(fields[12]) / ticksPerSecond];
    byThread.set(name, (byThread.get(name) ?? 0) + u + sys);
    user += u;
    system += sys;
  }
  return { byThread, user, system };
}

/** Percent of one core per thread name and user/system between two samples (threads that ended are missing). */
function threadCpuPercent(start: ReturnType<typeof threadCpuSample>, end: ReturnType<typeof threadCpuSample>, wallSeconds: number): CpuBreakdown {
  const pct = (seconds: number): number => round((seconds / wallSeconds) * 100);
  const byThread: Record<string, number> = {};
  for (const [name, seconds] of end.byThread) byThread[name] = pct(seconds - (start.byThread.get(name) ?? 0));
  return { userPercent: pct(end.user - start.user), systemPercent: pct(end.system - start.system), byThread };
}

export interface CpuBreakdown {
  readonly userPercent: number;
  readonly systemPercent: number;
  /** Thread name → percent of one core. */
  readonly byThread: Readonly<Record<string, number>>;
}

interface ProducerProcess {
  readonly child: ChildProcess;
  readonly pid: number;
  /** SIGTERM, wait for the exit; returns the counters of its final `producer metrics` line. */
  stop(): Promise<{ dropped: number; produced: number } | null>;
  kill(): void;
}

/** See {@link CliRunner}: the producer is measured compiled, as deployed, and under tsx for comparison. */
export type ProducerRunner = CliRunner;

function startProducerProcess(options: { runner: ProducerRunner; bus: string; spoolDir: string; topic: string; stack: TestStack; latencyLog?: string }): ProducerProcess {
  const entry = CLI_ENTRY[options.runner];
  const args = [...entry, 'producer', '--bus', options.bus, '--node-id', BENCH_NODE_SPEC.id, '--spool-dir', options.spoolDir];
  args.push('--topic', options.topic, '--register-schemas', '--heartbeat-ms', '600000', '--flush-timeout-ms', '30000');
  if (options.latencyLog !== undefined) args.push('--latency-log', options.latencyLog);
  // PRODUCER_BENCH_NODE_ARGS (e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof") profiles the producer
  // itself; Node refuses --cpu-prof in NODE_OPTIONS.
  const nodeArgs = (process.env['PRODUCER_BENCH_NODE_ARGS'] ?? '').split(' ').filter((arg) => arg !== '');
  const child = spawn(process.execPath, [...nodeArgs, ...args], {
    cwd: REPO,
    env: {
      ...process.env,
      // As every producer deployment runs it (src/producer/node-options.ts).
      NODE_OPTIONS: [process.env['NODE_OPTIONS'], PRODUCER_NODE_OPTIONS].filter(Boolean).join(' '),
      KAFKA_BROKERS: options.stack.brokers.join(','),
      SCHEMA_REGISTRY_URL: options.stack.registryUrl,
      GLUSTER_EVENTING_LOG_LEVEL: 'info',
    },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let lastMetrics: { dropped: number; produced: number } | null = null;
  let rest = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    const lines = (rest + String(chunk)).split('\n');
    rest = lines.pop() ?? '';
    for (const line of lines) {
      if (!line.includes('"producer metrics"')) continue;
      try {
        const parsed = JSON.parse(line) as { metrics?: { dropped: number; produced: number } };
        if (parsed.metrics !== undefined) lastMetrics = parsed.metrics;
      } catch {
        // not one of ours
      }
    }
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  if (child.pid === undefined) throw new Error('producer process did not start');
  return {
    child,
    pid: child.pid,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 40_000);
      await exited;
      clearTimeout(timer);
      return lastMetrics;
    },
    kill() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    },
  };
}

/** Runs the three phases on a private stack and returns the figures; everything started here is stopped. */
export async function runProducerBench(options: ProducerBenchOptions = {}): Promise<ProducerBenchResults> {
  const log = options.log ?? ((line: string) => void process.stderr.write(`${line}\n`));
  const footprintSeconds = options.footprintSeconds ?? 30;
  const footprintRate = options.footprintRate ?? 10;
  const idleSeconds = options.idleSeconds ?? 10;
  const throughputSeconds = options.throughputSeconds ?? 10;
  const maxOutstanding = options.maxOutstanding ?? 20_000;
  const latencySeconds = options.latencySeconds ?? 15;
  const latencyRate = options.latencyRate ?? 100;
  const ticksPerSecond = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
  if (options.build ?? true) {
    log('producer-bench: npm run build');
    buildCli();
  }
  const loadAverageBefore = loadavg().map((value) => round(value));

  const dir = mkdtempSync(join(tmpdir(), 'pbench-'));
  const producers: ProducerProcess[] = [];
  let stack: TestStack | undefined;
  let cluster: SimulatedCluster | undefined;
  try {
    log('producer-bench: starting a private stack and a simulated node...');
    stack = await useTestStack({ private: true, handleSignals: options.handleSignals ?? false });
    cluster = await startSimulatedCluster({ dir: join(dir, 'nodes'), nodes: [BENCH_NODE_SPEC] });
    const node = cluster.node(BENCH_NODE_SPEC.id);
    const topic = uniqueName('producer-bench');
    const kafka = createKafkaClient({ brokers: stack.brokers, clientId: 'producer-bench', logger: silentLogger });
    const admin = kafka.admin();
    await admin.connect();
    try {
      await admin.createTopics({ waitForLeaders: true, topics: [{ topic, numPartitions: 3, replicationFactor: 1 }] });
      // Right after creation (and under load) a partition may briefly have no leader: ask again.
      // (+1 and -1 because waitFor takes a 0 for "not yet".)
      const topicSize = (): Promise<number> =>
        waitFor(async () => (await admin.fetchTopicOffsets(topic)).reduce((sum, partition) => sum + Number(partition.high), 0) + 1, { timeoutMs: 30_000, intervalMs: 200, what: 'topic end offsets' }).then((size) => size - 1);
      const running = stack;
      const launch = async (name: string, runner: ProducerRunner, latencyLog?: string): Promise<ProducerProcess> => {
        const before = await topicSize();
        const producer = startProducerProcess({ runner, bus: node.busAddress, spoolDir: join(dir, `spool-${name}`), topic, stack: running, ...(latencyLog === undefined ? {} : { latencyLog }) });
        producers.push(producer);
        // Ready = its snapshot records are in Kafka and nothing more arrives for a second.
        let last = -1;
        await waitFor(
          async () => {
            const size = await topicSize();
            const settled = size > before && size === last;
            last = size;
            return settled;
          },
          { timeoutMs: 120_000, intervalMs: 1_000, what: `${name} producer snapshot in Kafka` },
        );
        return producer;
      };
      let badSectors = 0;
      const change = (value?: number): void => {
        badSectors += 1;
        node.setBadSectors(BENCH_DEVICE, value ?? badSectors);
      };

      // 1. Footprint at a steady low rate.
      const compareTsx = options.compareTsx ?? true;
      log(`producer-bench: footprint (compiled${compareTsx ? ', then tsx' : ''}), ${idleSeconds} s idle then ${footprintRate} changes/s for ${footprintSeconds} s`);
      const measureFootprint = async (runner: ProducerRunner): Promise<Footprint> => {
        const producer = await launch(`footprint-${runner}`, runner);
        const idleStart = procSample(producer.pid, ticksPerSecond);
        const idleStartedAt = performance.now();
        await delay(idleSeconds * 1000);
        const idleEnd = procSample(producer.pid, ticksPerSecond);
        const idleCpuPercentOfOneCore = round(((idleEnd.cpuSeconds - idleStart.cpuSeconds) / ((performance.now() - idleStartedAt) / 1000)) * 100);
        const base = await topicSize();
        const start = procSample(producer.pid, ticksPerSecond);
        const threadsAtStart = threadCpuSample(producer.pid, ticksPerSecond);
        const startedAt = performance.now();
        let maxRss = start.rssMb;
        const total = Math.round(footprintSeconds * footprintRate);
        const windowChanges = 10 * footprintRate;
        const cpuPercentPerWindow: number[] = [];
        let windowStart = { sample: start, at: startedAt };
        const closeWindow = (): void => {
          const sample = procSample(producer.pid, ticksPerSecond);
          const at = performance.now();
          cpuPercentPerWindow.push(round(((sample.cpuSeconds - windowStart.sample.cpuSeconds) / ((at - windowStart.at) / 1000)) * 100));
          windowStart = { sample, at };
        };
        for (let index = 0; index < total; index += 1) {
          const due = startedAt + (index * 1000) / footprintRate;
          await delay(Math.max(0, due - performance.now()));
          if (index > 0 && index % windowChanges === 0) closeWindow();
          change();
          if (index % footprintRate === 0) maxRss = Math.max(maxRss, procSample(producer.pid, ticksPerSecond).rssMb);
        }
        await delay(Math.max(0, startedAt + footprintSeconds * 1000 - performance.now()));
        closeWindow();
        const end = procSample(producer.pid, ticksPerSecond);
        const threadsAtEnd = threadCpuSample(producer.pid, ticksPerSecond);
        const wallSeconds = (performance.now() - startedAt) / 1000;
        maxRss = Math.max(maxRss, end.rssMb);
        await waitFor(async () => (await topicSize()) >= base + total, { timeoutMs: 30_000, what: 'footprint changes delivered' }).catch(() => undefined);
        const lost = base + total - (await topicSize());
        await producer.stop();
        const cpuPercentOfOneCore = round(((end.cpuSeconds - start.cpuSeconds) / wallSeconds) * 100);
        return {
          runner,
          rateHz: footprintRate,
          seconds: round(wallSeconds, 1),
          changes: total,
          rssMb: { start: round(start.rssMb, 1), max: round(maxRss, 1), end: round(end.rssMb, 1) },
          cpuPercentOfOneCore,
          cpuPercentPerWindow,
          idleCpuPercentOfOneCore,
          cpu: threadCpuPercent(threadsAtStart, threadsAtEnd, wallSeconds),
          lost,
          loadAverage: loadavg().map((value) => round(value)),
          pass: maxRss < 80 && cpuPercentOfOneCore < 2 && lost === 0,
        };
      };
      const footprint = await measureFootprint('compiled');
      const footprintTsx = compareTsx ? await measureFootprint('tsx') : null;

      // 2. Throughput: the node emits as fast as it can, bounded by what Kafka already holds.
      log(`producer-bench: throughput, ${throughputSeconds} s window`);
      const throughput = await (async () => {
        const producer = await launch('throughput', 'compiled');
        const base = await topicSize();
        let inKafka = base;
        let polling = true;
        const poller = (async () => {
          while (polling) {
            inKafka = await topicSize();
            await delay(100);
          }
        })();
        let emitted = 0;
        let maxRss = 0;
        const start = procSample(producer.pid, ticksPerSecond);
        const startedAt = performance.now();
        const windowEnds = startedAt + throughputSeconds * 1000;
        let lastSample = startedAt;
        while (performance.now() < windowEnds) {
          if (emitted - (inKafka - base) < maxOutstanding) {
            for (let burst = 0; burst < 200; burst += 1) change();
            emitted += 200;
          }
          if (performance.now() - lastSample > 1000) {
            maxRss = Math.max(maxRss, procSample(producer.pid, ticksPerSecond).rssMb);
            lastSample = performance.now();
          }
          // A turn of the event loop: the socket writes go out and the offsets poller runs.
          await new Promise((resolve) => setImmediate(resolve));
        }
        const atWindowEnd = await topicSize();
        const end = procSample(producer.pid, ticksPerSecond);
        const wallSeconds = (performance.now() - startedAt) / 1000;
        maxRss = Math.max(maxRss, end.rssMb);
        polling = false;
        await poller;
        const drainStarted = performance.now();
        await waitFor(async () => (await topicSize()) >= base + emitted, { timeoutMs: 180_000, intervalMs: 250, what: 'every emitted change in Kafka' }).catch(() => undefined);
        const drainSeconds = (performance.now() - drainStarted) / 1000;
        const lost = base + emitted - (await topicSize());
        const counters = await producer.stop();
        const changesPerSecond = round((atWindowEnd - base) / wallSeconds, 0);
        return {
          seconds: round(wallSeconds, 1),
          emitted,
          emitterChangesPerSecond: round(emitted / wallSeconds, 0),
          deliveredInWindow: atWindowEnd - base,
          changesPerSecond,
          producerCpuPercentOfOneCore: round(((end.cpuSeconds - start.cpuSeconds) / wallSeconds) * 100, 1),
          rssMbMax: round(maxRss, 1),
          drainSeconds: round(drainSeconds, 1),
          lost,
          dropped: counters?.dropped ?? null,
          loadAverage: loadavg().map((value) => round(value)),
          pass: changesPerSecond >= 5000 && lost === 0 && (counters?.dropped ?? 0) === 0,
        };
      })();

      // 3. Latency: emit time stamped into the value; the producer logs observedAt and ack per record.
      log(`producer-bench: latency, ${latencyRate} changes/s for ${latencySeconds} s`);
      const latency = await (async () => {
        const latencyLog = join(dir, 'latency.tsv');
        const producer = await launch('latency', 'compiled', latencyLog);
        const base = await topicSize();
        const phaseStartMs = Date.now();
        const total = Math.round(latencySeconds * latencyRate);
        const startedAt = performance.now();
        for (let index = 0; index < total; index += 1) {
          const due = startedAt + (index * 1000) / latencyRate;
          await delay(Math.max(0, due - performance.now()));
          change(nowMicros());
        }
        await waitFor(async () => (await topicSize()) >= base + total, { timeoutMs: 60_000, what: 'latency changes delivered' });
        await producer.stop();
        const acks = new Map<number, { observedAt: number; ackedAt: number }>();
        if (existsSync(latencyLog)) {
          for (const line of readFileSync(latencyLog, 'utf8').split('\n')) {
            const [sequence, observedAt, ackedAt] = line.split('\t').map(Number);
            if (sequence !== undefined && observedAt !== undefined && ackedAt !== undefined && !Number.isNaN(ackedAt)) acks.set(sequence, { observedAt, ackedAt });
          }
        }
        const records = await readRecords(kafka, running, topic, (record) => record.observedAt >= phaseStartMs - 1000);
        const emitToObserved: number[] = [];
        const emitToAck: number[] = [];
        const observedToAck: number[] = [];
        for (const record of records) {
          const stamp = record.properties['SmartNumBadSectors']?.value;
          const emittedMicros = typeof stamp === 'bigint' ? Number(stamp) : typeof stamp === 'number' ? stamp : Number.NaN;
          if (!(emittedMicros > 1e15)) continue; // not one of this phase's stamped changes
          const ack = acks.get(record.sequence);
          emitToObserved.push(record.observedAt - emittedMicros / 1000);
          if (ack !== undefined) {
            emitToAck.push(ack.ackedAt - emittedMicros / 1000);
            observedToAck.push(ack.ackedAt - ack.observedAt);
          }
        }
        const emitToAckMs = percentiles(emitToAck);
        return {
          rateHz: latencyRate,
          seconds: latencySeconds,
          emitToAckMs,
          observedToAckMs: percentiles(observedToAck),
          emitToObservedMs: percentiles(emitToObserved),
          loadAverage: loadavg().map((value) => round(value)),
          pass: emitToAckMs.count === total && emitToAckMs.p99 < 20,
        };
      })();

      return {
        environment: { cores: cpus().length, node: process.version, loadAverageBefore, loadAverageAfter: loadavg().map((value) => round(value)), producer: 'node dist/src/cli/main.js producer (child process)' },
        footprint,
        footprintTsx,
        throughput,
        latency,
        targets: { rssMb: 80, cpuPercent: 2, changesPerSecond: 5000, p99Ms: 20 },
      };
    } finally {
      await admin.disconnect().catch(() => undefined);
    }
  } finally {
    for (const producer of producers) producer.kill();
    await cluster?.stop().catch(() => undefined);
    await stack?.stop().catch(() => undefined);
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Every record of `topic` matching `keep`, read from the beginning with a throw-away group. */
async function readRecords(kafka: ReturnType<typeof createKafkaClient>, stack: TestStack, topic: string, keep: (record: RawPropertyChange) => boolean): Promise<RawPropertyChange[]> {
  const serdes = createRawSerdes({ registry: createSchemaRegistryClient({ url: stack.registryUrl }), topic, registration: 'register' });
  const admin = kafka.admin();
  await admin.connect();
  const total = (await admin.fetchTopicOffsets(topic)).reduce((sum, partition) => sum + Number(partition.high), 0);
  await admin.disconnect();
  const consumer = kafka.consumer({ groupId: uniqueName('producer-bench-reader') });
  const records: RawPropertyChange[] = [];
  let seen = 0;
  await consumer.connect();
  try {
    await consumer.subscribe({ topic, fromBeginning: true });
    await consumer.run({
      eachMessage: async ({ message }) => {
        seen += 1;
        const record = await serdes.value.deserialize(message.value);
        if (keep(record)) records.push(record);
      },
    });
    await waitFor(() => seen >= total, { timeoutMs: 60_000, what: 'the topic read back' });
  } finally {
    await consumer.disconnect();
  }
  return records;
}

/** The figures as a small text table, each beside its target. */
export function formatProducerBench(results: ProducerBenchResults): string {
  const { footprint: f, footprintTsx: x, throughput: t, latency: l, environment: e } = results;
  const mark = (pass: boolean): string => (pass ? 'ok' : 'MISSED');
  const footprintRows = (footprint: Footprint, label: string): [string, string, string, string][] => [
    [`RSS at ${footprint.rateHz}/s, ${label} (max)`, `${footprint.rssMb.max} MB`, '< 80 MB', mark(footprint.rssMb.max < 80)],
    [`CPU at ${footprint.rateHz}/s, ${label} (idle)`, `${footprint.cpuPercentOfOneCore} % of one core (${footprint.idleCpuPercentOfOneCore} %)`, '< 2 %', mark(footprint.cpuPercentOfOneCore < 2)],
    [`  per 10 s window`, `${footprint.cpuPercentPerWindow.join(', ')} %`, '', ''],
    [`  of which user / system; per thread`, `${footprint.cpu.userPercent} / ${footprint.cpu.systemPercent} %; ${describeThreads(footprint.cpu.byThread)}`, '', ''],
  ];
  const rows: [string, string, string, string][] = [
    ['measure', 'figure', 'target', ''],
    ...footprintRows(f, 'compiled'),
    ['sustained changes/s', `${t.changesPerSecond}/s (emitter ${t.emitterChangesPerSecond}/s, producer CPU ${t.producerCpuPercentOfOneCore} %, RSS ${t.rssMbMax} MB)`, '>= 5000/s', mark(t.changesPerSecond >= 5000)],
    ['lost (throughput)', `${t.lost} of ${t.emitted}, dropped ${t.dropped ?? '?'}`, '0', mark(t.lost === 0 && (t.dropped ?? 0) === 0)],
    [`PropertiesChanged→ack p50/p99/max at ${l.rateHz}/s`, `${l.emitToAckMs.p50}/${l.emitToAckMs.p99}/${l.emitToAckMs.max} ms (n=${l.emitToAckMs.count})`, 'p99 < 20 ms', mark(l.pass)],
    ['  of which observed→ack', `${l.observedToAckMs.p50}/${l.observedToAckMs.p99}/${l.observedToAckMs.max} ms`, '', ''],
    ['  of which emit→observed', `${l.emitToObservedMs.p50}/${l.emitToObservedMs.p99}/${l.emitToObservedMs.max} ms`, '', ''],
    ...(x === null ? [] : footprintRows(x, 'tsx (comparison)').map(([measure, figure]): [string, string, string, string] => [measure, figure, '', ''])),
  ];
  const widths = [0, 1, 2].map((column) => Math.max(...rows.map((row) => row[column]?.length ?? 0)));
  const lines = rows.map((row) => row.map((cell, column) => cell.padEnd(widths[column] ?? 0)).join('  ').trimEnd());
  lines.push(`load average before ${e.loadAverageBefore.join(' ')}, after ${e.loadAverageAfter.join(' ')} (${e.cores} cores); phases: ${[f, ...(x === null ? [] : [x]), t, l].map((phase) => phase.loadAverage.join(' ')).join(' | ')}`);
  return lines.join('\n');
}

const git = (...args: string[]): string | undefined => {
  try {
    return execFileSync('git', args, { cwd: REPO, encoding: 'utf8' }).trim();
  } catch {
    return undefined;
  }
};

/**
 * Keeps a standalone run's figures where `npm run bench` keeps them: the `producer` entry of
 * `bench-results/latest.json` (the other entries stay), stamped with date and commit because the
 * rest of the file may be older; and one line per run in `producer-runs.jsonl` for the spread.
 */
function recordStandaloneRun(results: ProducerBenchResults, table: string): void {
  const dir = join(REPO, 'bench-results');
  mkdirSync(dir, { recursive: true });
  const stamp = {
    date: new Date().toISOString(),
    gitCommit: git('rev-parse', 'HEAD') ?? 'unknown',
    uncommittedChanges: (git('status', '--porcelain', '--untracked-files=no') ?? '').split('\n').filter((line) => line !== ''),
  };
  const latestFile = join(dir, 'latest.json');
  let latest: Record<string, unknown> = {};
  try {
    latest = JSON.parse(readFileSync(latestFile, 'utf8')) as Record<string, unknown>;
  } catch {
    // none yet, or unreadable: start a new one
  }
  writeFileSync(latestFile, `${JSON.stringify({ ...latest, producer: { ...stamp, results, table } }, null, 2)}\n`);
  appendFileSync(join(dir, 'producer-runs.jsonl'), `${JSON.stringify({ ...stamp, results })}\n`);
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const quick = process.argv.includes('--quick');
  const results = await runProducerBench({
    handleSignals: true,
    compareTsx: !process.argv.includes('--no-tsx'),
    ...(quick ? { footprintSeconds: 10, idleSeconds: 5, throughputSeconds: 5, latencySeconds: 5 } : {}),
  });
  const table = formatProducerBench(results);
  recordStandaloneRun(results, table);
  process.stdout.write(`${table}\n`);
  process.stderr.write('producer-bench: figures written to bench-results/latest.json (producer) and appended to bench-results/producer-runs.jsonl\n');
  process.exit(0);
}

function describeThreads(byThread: Readonly<Record<string, number>>): string {
  return Object.entries(byThread)
    .filter(([, percent]) => percent > 0)
    .sort((a, b) => b[1] - a[1])
    .map(([name, percent]) => `${name} ${percent}`)
    .join(', ');
}

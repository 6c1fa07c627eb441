/**
 * End-to-end latency (issue #8): from a `PropertiesChanged` on a simulated node's bus to the alert
 * record visible to a read_committed consumer of `gluster.alerts.v1`, under a steady load of changes.
 *
 *   node --import tsx test/bench/e2e-latency-bench.ts [--seconds 30] [--rate 1000] [--nodes 10] [--processor-tsx]
 *
 * The real pieces, as deployed: a private stack, one dbus-daemon + exported storaged/udisks2 objects
 * per simulated node, one thin producer per node (in this process, like the demo), and the processor
 * as its own process (the compiled CLI command operators run, exactly-once, 100 ms commits; `--processor-tsx`
 * runs the source through tsx instead). The load is a mix:
 * most changes are SMART temperature readings that stay under the alert threshold (they still change
 * the drive's state topic), a steady share toggle a drive's `SmartFailing`. Each toggle must raise or
 * resolve `DRIVE_SMART_FAILING` for that drive and `BRICK_ON_FAILING_DRIVE` for the brick on it; the
 * n-th alert record of a drive belongs to its n-th toggle (toggles of one drive are seconds apart).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { parseSharedSettings } from '../../src/config/index.js';
import { startLocalPipeline, type LocalPipeline } from '../../src/demo/local-pipeline.js';
import { applyTopics, createKafkaClient, topicCatalog, topicNames } from '../../src/kafka/index.js';
import { silentLogger } from '../../src/logging/index.js';
import { createRawSerdes, createSchemaRegistryClient, registerSubjects, subjectSchemas, type SchemaRegistryClient } from '../../src/serde/index.js';
import type { NodeSpecInput } from '../../src/simulator/index.js';
import { readTopic, type ReadRecord } from '../helpers/topic-reader.js';
import { uniqueName, useTestStack, waitFor, type TestStack } from '../helpers/stack.js';
import { buildCli, CLI_ENTRY, type CliRunner } from './compiled-cli.js';
import { cpuSecondsOf, percentiles, type Percentiles } from './streams/measures.js';

const REPO = fileURLToPath(new URL('../../', import.meta.url));
const TICK_MS = 10;

export interface E2eLatencyOptions {
  readonly nodes?: number;
  readonly drivesPerNode?: number;
  /** All changes per second, across all nodes. */
  readonly changesPerSecond?: number;
  /** Of those, SmartFailing toggles per second (the measured ones). */
  readonly togglesPerSecond?: number;
  readonly seconds?: number;
  /** Extra environment for the processor process (e.g. GLUSTER_EVENTING_COMMIT_INTERVAL_MS) to compare settings. */
  readonly processorEnv?: Readonly<Record<string, string>>;
  /** How the processor runs (default `compiled`, as deployed; built first). */
  readonly processorRunner?: CliRunner;
  readonly handleSignals?: boolean;
  readonly log?: (line: string) => void;
}

export interface E2eLatencyResults {
  readonly nodes: number;
  readonly drives: number;
  readonly targetChangesPerSecond: number;
  readonly achievedChangesPerSecond: number;
  readonly changes: number;
  readonly toggles: number;
  /** The first hop alone: PropertiesChanged -> the producer's raw record readable in Kafka. */
  readonly rawRecordMs: Percentiles;
  readonly driveAlertMs: Percentiles;
  readonly brickAlertMs: Percentiles;
  /** Toggles whose alert never arrived (within the drain time after the load). */
  readonly missingDriveAlerts: number;
  readonly missingBrickAlerts: number;
  /** From the processor's /metrics over the load phase: transactions (task commits) per second and their mean time. */
  readonly processorCommitsPerSecond: number | null;
  readonly processorMeanCommitMs: number | null;
  /** The processor process's CPU (user + system, /proc) over the load phase, in % of one core. */
  readonly processorCpuPercent: number | null;
  readonly processorRunner: CliRunner;
  readonly loadAverage: readonly number[];
}

interface AlertValue {
  readonly type: string;
  readonly state: 'RAISED' | 'RESOLVED';
  readonly nodeId: string | null;
  readonly drive: string | null;
  readonly brick: string | null;
}

const serialOf = (node: number, drive: number): string => `BENCH-N${node}-D${drive}`;
const hostOf = (node: number): string => `srv${node}`;
const brickOf = (node: number, drive: number): string => `${hostOf(node)}:/bricks/d${drive}`;

function benchNodes(nodes: number, drivesPerNode: number): NodeSpecInput[] {
  return Array.from({ length: nodes }, (_, node) => ({
    id: `node${node}`,
    glusterUuid: `0b1f3a1e-5c1d-4a6e-9a53-${(0x1d6f1e6a0000 + node).toString(16).padStart(12, '0')}`,
    hostname: hostOf(node),
    drives: Array.from({ length: drivesPerNode }, (_, drive) => ({ device: `sd${String.fromCharCode(97 + drive)}`, kind: 'ata' as const, model: 'BENCH', serial: serialOf(node, drive), temperatureCelsius: 35 })),
    bricks: Array.from({ length: drivesPerNode }, (_, drive) => ({ path: `/bricks/d${drive}`, layout: { type: 'partition' as const, drive: `sd${String.fromCharCode(97 + drive)}` } })),
  }));
}

/** The CLI processor as operators run it, in its own process; resolves once it logged 'processor started'. */
async function startProcessorProcess(env: Record<string, string>, runner: CliRunner): Promise<{ child: ChildProcess; output: () => string; httpUrl: string | undefined }> {
  // E2E_BENCH_PROCESSOR_NODE_ARGS (e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof") profiles the
  // processor; Node refuses --cpu-prof in NODE_OPTIONS.
  const nodeArgs = (process.env['E2E_BENCH_PROCESSOR_NODE_ARGS'] ?? '').split(' ').filter((arg) => arg !== '');
  const child = spawn(process.execPath, [...nodeArgs, ...CLI_ENTRY[runner], 'processor', '--http-port', '0'], {
    cwd: REPO,
    env: { ...process.env, ...env, GLUSTER_EVENTING_LOG_LEVEL: 'info' },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let output = '';
  child.stderr?.on('data', (chunk: Buffer) => (output = (output + chunk.toString('utf8')).slice(-20_000)));
  await waitFor(() => output.includes('"processor started"') || child.exitCode !== null, { timeoutMs: 120_000, what: 'processor started' });
  if (child.exitCode !== null) throw new Error(`the processor exited at start: ${output.slice(-2000)}`);
  const httpUrl = /"http":"([^"]+)"/.exec(output)?.[1];
  return { child, output: () => output, httpUrl };
}


/** Count and sum of the processor's commit-latency histogram, or undefined when /metrics is not reachable. */
async function commitTotals(httpUrl: string | undefined): Promise<{ count: number; seconds: number } | undefined> {
  if (httpUrl === undefined) return undefined;
  const text = await fetch(`${httpUrl}/metrics`).then((response) => response.text()).catch(() => '');
  const sum = (name: string): number =>
    text.split('\n').filter((line) => line.startsWith(name)).reduce((total, line) => total + Number(line.split(' ').at(-1)), 0);
  return text === '' ? undefined : { count: sum('streams_commit_latency_seconds_count'), seconds: sum('streams_commit_latency_seconds_sum') };
}

/**
 * The raw topic as seen by a consumer: when each drive's `SmartFailing` change became readable
 * (drives are told apart by the `Serial` their snapshot carried on the same object path).
 */
async function readRawToggles(brokers: readonly string[], registry: SchemaRegistryClient, topic: string, groupId: string): Promise<{ arrivals(): ReadRecord<AlertValue>[]; stop(): Promise<void> }> {
  const kafka = createKafkaClient({ brokers, clientId: groupId, logger: silentLogger });
  const consumer = kafka.consumer({ groupId, maxWaitTimeInMs: 100 });
  const serdes = createRawSerdes({ registry, topic, registration: 'lookup' });
  const serialByPath = new Map<string, string>();
  const toggles: { path: string; seenAt: number }[] = [];
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  await consumer.run({
    eachMessage: async ({ message }) => {
      const seenAt = Date.now();
      const record = await serdes.value.deserialize(message.value);
      const serial = record.properties['Serial']?.value;
      if (typeof serial === 'string') serialByPath.set(record.objectPath, serial);
      if (record.kind === 'CHANGED' && record.properties['SmartFailing'] !== undefined) toggles.push({ path: record.objectPath, seenAt });
    },
  });
  return {
    arrivals: () => toggles.map(({ path, seenAt }) => ({ key: path, value: { type: 'RAW', state: 'RAISED', nodeId: null, drive: serialByPath.get(path) ?? null, brick: null }, seenAt })),
    stop: () => consumer.disconnect(),
  };
}

/** Latencies of the n-th alert per subject against the n-th toggle of that subject. */
function matchAlerts(toggles: ReadonlyMap<string, number[]>, alerts: readonly ReadRecord<AlertValue>[], subjectOf: (alert: AlertValue) => string | undefined): { latencies: number[]; missing: number } {
  const seen = new Map<string, number[]>();
  for (const record of alerts) {
    const subject = record.value === null ? undefined : subjectOf(record.value);
    if (subject === undefined) continue;
    seen.set(subject, [...(seen.get(subject) ?? []), record.seenAt]);
  }
  const latencies: number[] = [];
  let missing = 0;
  for (const [subject, emitted] of toggles) {
    const arrived = seen.get(subject) ?? [];
    emitted.forEach((at, index) => {
      const seenAt = arrived[index];
      if (seenAt === undefined) missing += 1;
      else latencies.push(seenAt - at);
    });
  }
  return { latencies, missing };
}

export async function runE2eLatencyBench(options: E2eLatencyOptions = {}): Promise<E2eLatencyResults> {
  const nodes = options.nodes ?? 10;
  const drivesPerNode = options.drivesPerNode ?? 10;
  const changesPerSecond = options.changesPerSecond ?? 1_000;
  const togglesPerSecond = options.togglesPerSecond ?? 50;
  const seconds = options.seconds ?? 30;
  const processorRunner = options.processorRunner ?? 'compiled';
  const log = options.log ?? ((line: string) => void process.stderr.write(`${line}\n`));
  if (processorRunner === 'compiled') {
    log('e2e bench: npm run build');
    buildCli();
  }

  let stack: TestStack | undefined;
  let pipeline: LocalPipeline | undefined;
  let processor: Awaited<ReturnType<typeof startProcessorProcess>> | undefined;
  let alerts: Awaited<ReturnType<typeof readTopic<AlertValue>>> | undefined;
  let raw: Awaited<ReturnType<typeof readRawToggles>> | undefined;
  const dir = await mkdtemp(join(tmpdir(), 'ge-e2e-'));
  try {
    log('e2e bench: starting a private stack...');
    stack = await useTestStack({ private: true, handleSignals: options.handleSignals ?? false });
    const prefix = uniqueName('e2e');
    const names = topicNames(prefix);
    const env = { KAFKA_BROKERS: stack.brokers.join(','), SCHEMA_REGISTRY_URL: stack.registryUrl, GLUSTER_EVENTING_TOPIC_PREFIX: prefix, GLUSTER_EVENTING_APPLICATION_ID: `${prefix}-processor` };
    const shared = parseSharedSettings(env);
    const kafka = createKafkaClient({ ...shared.kafka, logger: silentLogger });
    const admin = kafka.admin();
    await admin.connect();
    await applyTopics(admin, topicCatalog(prefix));
    await admin.disconnect();
    const registry = createSchemaRegistryClient({ url: stack.registryUrl });
    await registerSubjects(registry, subjectSchemas(prefix));

    log('e2e bench: starting the processor process...');
    processor = await startProcessorProcess({ ...env, ...options.processorEnv }, processorRunner);
    alerts = await readTopic<AlertValue>({ brokers: stack.brokers, registry, topic: names.alerts, groupId: `${prefix}-alert-reader` });
    raw = await readRawToggles(stack.brokers, registry, names.raw, `${prefix}-raw-reader`);
    log(`e2e bench: starting ${nodes} simulated nodes with ${drivesPerNode} drives each and their producers...`);
    pipeline = await startLocalPipeline({ shared, nodes: benchNodes(nodes, drivesPerNode), dir, heartbeatMs: 10_000, logger: silentLogger });
    const allBricks = Array.from({ length: nodes }, (_, node) => Array.from({ length: drivesPerNode }, (_, drive) => brickOf(node, drive))).flat();
    await pipeline.cluster.apply({ action: 'volume.create', volume: 'bench', bricks: allBricks });
    await pipeline.cluster.apply({ action: 'volume.start', volume: 'bench' });

    // Warm-up: one toggle through the whole path proves every piece is up before the clock starts.
    const warm = pipeline.cluster.node('node0');
    warm.setSmartFailing('sda', true);
    await waitFor(() => alerts!.records.some((record) => record.value?.type === 'BRICK_ON_FAILING_DRIVE' && record.value.state === 'RAISED'), { timeoutMs: 120_000, what: 'the warm-up alert' });
    warm.setSmartFailing('sda', false);
    await waitFor(() => alerts!.records.filter((record) => record.value?.type === 'BRICK_ON_FAILING_DRIVE').length >= 2, { timeoutMs: 60_000, what: 'the warm-up alert resolved' });
    const alertsBefore = alerts.records.length;
    const rawBefore = raw.arrivals().length;

    log(`e2e bench: ${changesPerSecond} changes/s (${togglesPerSecond}/s SmartFailing toggles) for ${seconds} s...`);
    const driveToggles = new Map<string, number[]>();
    const failing = new Set<string>();
    const perTick = changesPerSecond * (TICK_MS / 1000);
    const togglesPerTick = togglesPerSecond * (TICK_MS / 1000);
    let changes = 0;
    let toggles = 0;
    let driveCursor = 0;
    let temperatureCursor = 0;
    const commitsBefore = await commitTotals(processor.httpUrl);
    const processorCpuBefore = cpuSecondsOf(processor.child.pid);
    const started = performance.now();
    const deadline = started + seconds * 1000;
    for (let tick = 1; performance.now() < deadline; tick += 1) {
      const dueChanges = Math.floor(tick * perTick) - changes;
      const dueToggles = Math.min(dueChanges, Math.floor(tick * togglesPerTick) - toggles);
      for (let index = 0; index < dueChanges; index += 1) {
        if (index < dueToggles) {
          // Round-robin over every drive: with 100 drives at 50 toggles/s one drive toggles every 2 s.
          const node = driveCursor % nodes;
          const drive = Math.floor(driveCursor / nodes) % drivesPerNode;
          driveCursor += 1;
          const serial = serialOf(node, drive);
          const nowFailing = !failing.has(serial);
          if (nowFailing) failing.add(serial);
          else failing.delete(serial);
          driveToggles.set(serial, [...(driveToggles.get(serial) ?? []), Date.now()]);
          pipeline.cluster.node(`node${node}`).setSmartFailing(`sd${String.fromCharCode(97 + drive)}`, nowFailing);
          toggles += 1;
        } else {
          const node = temperatureCursor % nodes;
          const drive = Math.floor(temperatureCursor / nodes) % drivesPerNode;
          temperatureCursor += 1;
          pipeline.cluster.node(`node${node}`).setTemperature(`sd${String.fromCharCode(97 + drive)}`, 30 + (temperatureCursor % 20));
        }
        changes += 1;
      }
      const next = started + tick * TICK_MS;
      const wait = next - performance.now();
      if (wait > 0) await delay(wait);
    }
    const elapsedSeconds = (performance.now() - started) / 1000;
    const processorCpuAfter = cpuSecondsOf(processor.child.pid);
    const commitsAfter = await commitTotals(processor.httpUrl);
    const commits = commitsBefore === undefined || commitsAfter === undefined ? undefined : { count: commitsAfter.count - commitsBefore.count, seconds: commitsAfter.seconds - commitsBefore.seconds };
    log(`e2e bench: ${changes} changes in ${elapsedSeconds.toFixed(1)} s; waiting for the last alerts...`);
    const expectedAlerts = 2 * toggles;
    await waitFor(() => alerts!.records.length - alertsBefore >= expectedAlerts, { timeoutMs: 60_000, what: `${expectedAlerts} alert records` }).catch((error: unknown) => log(`e2e bench: ${String(error)}`));

    const measured = alerts.records.slice(alertsBefore);
    const bySerial = (alert: AlertValue): string | undefined => alert.drive?.split(' ').find((part) => part.startsWith('BENCH-'));
    const drive = matchAlerts(driveToggles, measured.filter((record) => record.value?.type === 'DRIVE_SMART_FAILING'), bySerial);
    const brick = matchAlerts(driveToggles, measured.filter((record) => record.value?.type === 'BRICK_ON_FAILING_DRIVE'), bySerial);
    const rawHop = matchAlerts(driveToggles, raw.arrivals().slice(rawBefore), (arrival) => arrival.drive ?? undefined);
    return {
      nodes,
      drives: nodes * drivesPerNode,
      targetChangesPerSecond: changesPerSecond,
      achievedChangesPerSecond: Math.round(changes / elapsedSeconds),
      changes,
      toggles,
      rawRecordMs: percentiles(rawHop.latencies),
      driveAlertMs: percentiles(drive.latencies),
      brickAlertMs: percentiles(brick.latencies),
      missingDriveAlerts: drive.missing,
      missingBrickAlerts: brick.missing,
      processorCommitsPerSecond: commits === undefined ? null : Math.round(commits.count / elapsedSeconds),
      processorMeanCommitMs: commits === undefined || commits.count === 0 ? null : Number(((commits.seconds * 1000) / commits.count).toFixed(1)),
      processorRunner,
      processorCpuPercent: processorCpuBefore === undefined || processorCpuAfter === undefined ? null : Number((((processorCpuAfter - processorCpuBefore) / elapsedSeconds) * 100).toFixed(1)),
      loadAverage: loadavg().map((value) => Number(value.toFixed(2))),
    };
  } finally {
    await alerts?.stop().catch(() => undefined);
    await raw?.stop().catch(() => undefined);
    await pipeline?.stop().catch(() => undefined);
    if (processor !== undefined && processor.child.exitCode === null) {
      processor.child.kill('SIGTERM');
      await waitFor(() => processor!.child.exitCode !== null, { timeoutMs: 30_000, what: 'processor exit' }).catch(() => processor!.child.kill('SIGKILL'));
    }
    await stack?.stop().catch(() => undefined);
    await rm(dir, { recursive: true, force: true });
  }
}

export function formatE2eLatency(results: E2eLatencyResults): string {
  const row = (label: string, p: Percentiles, missing: number): string =>
    `  ${label.padEnd(34)} p50 ${String(p.p50).padStart(7)} ms   p99 ${String(p.p99).padStart(7)} ms   max ${String(p.max).padStart(7)} ms   n=${p.count}${missing > 0 ? `   MISSING ${missing}` : ''}`;
  return [
    `e2e latency, PropertiesChanged -> alert visible (read_committed); ${results.nodes} nodes, ${results.drives} drives, ${results.achievedChangesPerSecond}/${results.targetChangesPerSecond} changes/s, ${results.toggles} SmartFailing toggles (target p99 < 150 ms)`,
    row('raw record readable (producer hop)', results.rawRecordMs, 0),
    row('DRIVE_SMART_FAILING', results.driveAlertMs, results.missingDriveAlerts),
    row('BRICK_ON_FAILING_DRIVE (SMART join)', results.brickAlertMs, results.missingBrickAlerts),
    `  processor (${results.processorRunner}): ${results.processorCommitsPerSecond ?? '?'} task commits (transactions) per second, mean ${results.processorMeanCommitMs ?? '?'} ms; CPU ${results.processorCpuPercent ?? '?'} % of one core; load average ${results.loadAverage.join(' ')}`,
  ].join('\n');
}

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1]) {
  const flag = (name: string): number | undefined => {
    const index = process.argv.indexOf(`--${name}`);
    return index === -1 ? undefined : Number(process.argv[index + 1]);
  };
  const results = await runE2eLatencyBench({
    ...(flag('seconds') === undefined ? {} : { seconds: flag('seconds')! }),
    ...(flag('rate') === undefined ? {} : { changesPerSecond: flag('rate')! }),
    ...(flag('nodes') === undefined ? {} : { nodes: flag('nodes')! }),
    processorEnv: Object.fromEntries(process.argv.flatMap((arg, index) => (process.argv[index - 1] === '--processor-env' ? [arg.split('=', 2) as [string, string]] : []))),
    processorRunner: process.argv.includes('--processor-tsx') ? 'tsx' : 'compiled',
    handleSignals: true,
  });
  process.stdout.write(`${formatE2eLatency(results)}\n`);
  process.exit(0);
}

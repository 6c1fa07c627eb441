/**
 * What the D-Bus producer's two libraries cost alone at its footprint rate, to read the producer
 * bench's CPU figure against: a bare kafkajs idempotent producer sending one record per tick and
 * awaiting its ack, and a bare dbus-next connection receiving one PropertiesChanged per tick from a
 * simulated node. Each runs in its own plain-JavaScript child (`library-floor-child.mjs`) with the
 * deployments' NODE_OPTIONS, so the figures compare with the compiled producer's; the producer does
 * both per change, plus its spool and record encoding (`io-floor-bench.mjs` gives the machine's floor
 * for one wakeup-write-wakeup cycle without any library).
 *
 *   node --import tsx test/bench/library-floor-bench.ts [--seconds 30] [--rate 10]
 *
 * It starts and always stops a private stack (kafkajs) and one simulated node (dbus-next).
 */
import { execFile, fork } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { createKafkaClient } from '../../src/kafka/index.js';
import { silentLogger } from '../../src/logging/index.js';
import { PRODUCER_NODE_OPTIONS } from '../../src/producer/index.js';
import { startSimulatedCluster } from '../../src/simulator/index.js';
import { useTestStack } from '../helpers/stack.js';
import { BENCH_DEVICE, BENCH_NODE_SPEC } from './bench-node.js';

const run = promisify(execFile);
const CHILD = fileURLToPath(new URL('./library-floor-child.mjs', import.meta.url));
const CHILD_EXEC_ARGV = PRODUCER_NODE_OPTIONS.split(' ').filter((arg) => arg !== '');

export interface LibraryFloorRow {
  readonly library: 'kafkajs idempotent send (acks=all)' | 'dbus-next PropertiesChanged receive';
  readonly cpuPercentOfOneCore: number;
  readonly cpuMicrosecondsPerOperation: number;
  readonly operations: number;
}

async function measureKafkajsSend(seconds: number, rate: number): Promise<LibraryFloorRow> {
  const stack = await useTestStack({ private: true, handleSignals: false });
  try {
    const topic = 'library-floor';
    const admin = createKafkaClient({ brokers: stack.brokers, clientId: 'library-floor', logger: silentLogger }).admin();
    await admin.connect();
    try {
      await admin.createTopics({ waitForLeaders: true, topics: [{ topic, numPartitions: 3, replicationFactor: 1 }] });
    } finally {
      await admin.disconnect();
    }
    const { stdout } = await run(process.execPath, [...CHILD_EXEC_ARGV, CHILD, 'kafkajs-send', stack.brokers.join(','), topic, String(seconds), String(rate)], { timeout: (seconds + 120) * 1000 });
    return { library: 'kafkajs idempotent send (acks=all)', ...(JSON.parse(stdout.trim()) as Omit<LibraryFloorRow, 'library'>) };
  } finally {
    await stack.stop();
  }
}

async function measureDbusReceive(seconds: number, rate: number): Promise<LibraryFloorRow> {
  const dir = mkdtempSync(join(tmpdir(), 'library-floor-'));
  const cluster = await startSimulatedCluster({ dir: join(dir, 'nodes'), nodes: [BENCH_NODE_SPEC] });
  const node = cluster.node(BENCH_NODE_SPEC.id);
  const child = fork(CHILD, ['dbus-listen', node.busAddress], { execArgv: CHILD_EXEC_ARGV, stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
  try {
    const nextMessage = (): Promise<unknown> =>
      new Promise((resolve, reject) => {
        child.once('message', resolve);
        child.once('exit', (code) => reject(new Error(`library-floor-child dbus-listen exited with ${String(code)}`)));
      });
    await nextMessage(); // ready
    let badSectors = 0;
    for (let warmUp = 0; warmUp < 50; warmUp += 1) node.setBadSectors(BENCH_DEVICE, (badSectors += 1));
    await delay(2_000);
    child.send('start');
    const started = performance.now();
    const total = Math.round(seconds * rate);
    for (let index = 0; index < total; index += 1) {
      await delay(Math.max(0, started + (index * 1000) / rate - performance.now()));
      node.setBadSectors(BENCH_DEVICE, (badSectors += 1));
    }
    await delay(Math.max(0, started + seconds * 1000 - performance.now()));
    const result = nextMessage();
    child.send('stop');
    const row = (await result) as Omit<LibraryFloorRow, 'library'>;
    if (row.operations !== total) throw new Error(`the listener received ${row.operations} of ${total} signals`);
    return { library: 'dbus-next PropertiesChanged receive', ...row };
  } finally {
    child.kill();
    await cluster.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Both measurements, one after the other (never concurrently: each would colour the other's CPU). */
export async function runLibraryFloorBench(options: { seconds?: number; rate?: number } = {}): Promise<LibraryFloorRow[]> {
  const seconds = options.seconds ?? 30;
  const rate = options.rate ?? 10;
  return [await measureKafkajsSend(seconds, rate), await measureDbusReceive(seconds, rate)];
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const option = (name: string, fallback: number): number => {
    const index = process.argv.indexOf(name);
    return index === -1 ? fallback : Number(process.argv[index + 1]);
  };
  const rate = option('--rate', 10);
  const rows = await runLibraryFloorBench({ seconds: option('--seconds', 30), rate });
  process.stdout.write(`the producer's libraries alone at ${rate}/s (NODE_OPTIONS=${PRODUCER_NODE_OPTIONS})\n`);
  for (const row of rows) process.stdout.write(`  ${row.library}: ${row.cpuPercentOfOneCore} % of one core, ${row.cpuMicrosecondsPerOperation} µs CPU per operation (n=${row.operations})\n`);
  process.exit(0);
}

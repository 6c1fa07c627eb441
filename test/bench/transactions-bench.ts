/**
 * Transactions bench (issue #14 item 7, "per-transaction cost"): what one transactional producer per
 * task costs, against one KIP-447 producer for every partition, on the bare exactly-once loop
 * (consume → copy each record → produce → commit the offsets in the transaction, read_committed).
 *
 *   node --import tsx test/bench/transactions-bench.ts [--records 200000] [--partitions 48] [--rounds 2]
 *        [--paced-rate 2000] [--paced-seconds 15] [--node22 /path/to/node] [--skip-kip447] [--shape S ...]
 *
 * Shapes (`transactions/shapes.ts`), each loop in its own process, in ONE run on one private stack:
 * (a) kafkajs with a transactional producer per partition committing every 100 ms (what the
 * runtime does), (b) the same every 1,000 ms, (c) @platformatic/kafka with ONE transactional
 * producer sending the group's generation and member id with its offsets (KIP-447) every 100 ms,
 * and a control: kafkajs with one producer (no group metadata, so no fencing; not a candidate).
 * (c) needs Node ≥ 22.22 while the project runs on Node 20: its loop runs under a Node 22 binary,
 * both fetched through npm into the stack cache on first use (`transactions/kip447-client.ts`).
 *
 * Phases: (1) burst — every shape reads the same pre-produced input (its own group and output), in
 * alternating order over `rounds`; records/s = input records ÷ (first record received → every
 * input offset committed, polled every 50 ms). A burst arrives in large fetches, so each task
 * commits only a few times. (2) paced — `paced-rate` records/s for `paced-seconds`, round-robin over
 * every partition, so every task has input every interval as under steady traffic: transactions/s,
 * input → read_committed latency, the loop's and the broker's CPU. Commit latency = offsets into
 * the transaction + EndTxn. After every run a read_committed reader checks the output holds each
 * input record exactly once. Ratios are to (a) in the same run.
 */
import { cpus } from 'node:os';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { createKafkaClient } from '../../src/kafka/index.js';
import { silentLogger } from '../../src/logging/index.js';
import { testCacheDir, uniqueName, useTestStack, type TestStack } from '../helpers/stack.js';
import { createTopics, produceAll, warmUp } from './streams/bench-io.js';
import { loadAverage } from './streams/measures.js';
import { runBurst, type BurstRun } from './transactions/burst.js';
import { kip447Client, type Kip447Client } from './transactions/kip447-client.js';
import { runPaced, type PacedRun } from './transactions/paced.js';
import { inputMessages, SHAPES, type Shape } from './transactions/shapes.js';
import { formatTransactionsBench, summariseBursts } from './transactions/summary.js';

export interface TransactionsBenchOptions {
  readonly records?: number;
  readonly partitions?: number;
  readonly rounds?: number;
  readonly pacedRate?: number;
  /** 0 skips the paced phase. */
  readonly pacedSeconds?: number;
  /** A Node ≥ 22.22 for the KIP-447 client (default: fetched from the npm registry on linux-x64). */
  readonly node22?: string;
  readonly skipKip447?: boolean;
  /** Only these shapes (default all). */
  readonly shapes?: readonly Shape[];
  readonly log?: (line: string) => void;
  readonly handleSignals?: boolean;
}

export interface TransactionsBenchResults {
  readonly environment: { readonly date: string; readonly cores: number; readonly node: string; readonly kip447: { readonly nodeVersion: string; readonly clientVersion: string } | null; readonly records: number; readonly partitions: number; readonly loadAverageBefore: readonly number[]; readonly loadAverageAfter: readonly number[] };
  readonly bursts: readonly BurstRun[];
  readonly paced: readonly PacedRun[];
  readonly errors: readonly string[];
}

const describe = (error: unknown): string => (error instanceof Error ? `${error.message}${error.cause instanceof Error ? ` (${error.cause.message})` : ''}` : String(error));

/** The whole bench; a shape's failure is recorded in `errors` and the others still run. */
export async function runTransactionsBench(options: TransactionsBenchOptions = {}): Promise<TransactionsBenchResults> {
  const log = options.log ?? ((line: string) => void process.stderr.write(`${line}\n`));
  const records = options.records ?? 200_000;
  const partitions = options.partitions ?? 48;
  const rounds = options.rounds ?? 2;
  const date = new Date().toISOString();
  const loadAverageBefore = loadAverage();
  const errors: string[] = [];
  const bursts: BurstRun[] = [];
  const paced: PacedRun[] = [];
  let kip447: Kip447Client | undefined;
  if (options.skipKip447 !== true) {
    kip447 = await kip447Client({ cacheDir: testCacheDir(), log, ...(options.node22 === undefined ? {} : { node: options.node22 }) }).catch((error: unknown) => {
      errors.push(`KIP-447 client: ${describe(error)}`);
      return undefined;
    });
  }
  const shapes = (options.shapes ?? (Object.keys(SHAPES) as Shape[])).filter((shape) => SHAPES[shape].client === 'kafkajs' || kip447 !== undefined);
  const attempt = async <T>(what: string, run: () => Promise<T>, done: (result: T) => void): Promise<void> => {
    try {
      done(await run());
    } catch (error) {
      errors.push(`${what}: ${describe(error)}`);
      log(`transactions-bench:   failed: ${describe(error)}`);
    }
  };
  let stack: TestStack | undefined;
  try {
    log('transactions-bench: starting a private stack...');
    stack = await useTestStack({ private: true, handleSignals: options.handleSignals ?? false });
    const brokerPid = stack.status().brokers[0]?.pid ?? null;
    const kafka = createKafkaClient({ brokers: stack.brokers, clientId: uniqueName('transactions-bench'), logger: silentLogger });
    const admin = kafka.admin();
    await admin.connect();
    try {
      await warmUp(kafka, admin);
      const input = uniqueName('tb-in');
      await createTopics(admin, [{ topic: input, partitions }]);
      log(`transactions-bench: writing ${records} input records over ${partitions} partitions...`);
      await produceAll(kafka, input, inputMessages(0, records));
      const burst = { kafka, admin, brokers: stack.brokers, input, partitions, kip447, timeoutMs: 300_000 };
      for (let r = 1; r <= rounds; r += 1) {
        for (const shape of r % 2 === 1 ? shapes : [...shapes].reverse()) {
          log(`transactions-bench: burst round ${r}, ${SHAPES[shape].label} (load ${loadAverage().join(' ')})`);
          await attempt(`burst round ${r} ${shape}`, () => runBurst(shape, r, burst), (run) => {
            bursts.push(run);
            log(`transactions-bench:   ${run.recordsPerSecond} records/s, ${run.transactions} transactions (${run.transactionsPerSecond}/s), commit p50/p99 ${run.commitLatencyMs.p50}/${run.commitLatencyMs.p99} ms, outputs ${run.check.records} (${run.check.missing} missing, ${run.check.duplicates} duplicates)`);
          });
        }
      }
      const pacedSeconds = options.pacedSeconds ?? 15;
      if (pacedSeconds > 0 && brokerPid === null) errors.push('paced: no broker pid to measure');
      else if (pacedSeconds > 0 && brokerPid !== null) {
        const context = { kafka, admin, brokers: stack.brokers, brokerPid, partitions, kip447, rate: options.pacedRate ?? 2_000, seconds: pacedSeconds, timeoutMs: 300_000 };
        for (const shape of shapes) {
          log(`transactions-bench: paced ${context.rate} records/s for ${pacedSeconds} s, ${SHAPES[shape].label} (load ${loadAverage().join(' ')})`);
          await attempt(`paced ${shape}`, () => runPaced(shape, context), (run) => {
            paced.push(run);
            log(`transactions-bench:   ${run.transactionsPerSecond} transactions/s, commit p50/p99 ${run.commitLatencyMs.p50}/${run.commitLatencyMs.p99} ms, latency p50/p99 ${run.latencyMs.p50}/${run.latencyMs.p99} ms, loop CPU ${run.loopCpuPercent}%, broker CPU ${run.brokerCpuPercent}%, drained ${run.drainSeconds} s after the last record, outputs ${run.check.records} (${run.check.missing} missing, ${run.check.duplicates} duplicates)`);
          });
        }
      }
    } finally {
      await admin.disconnect().catch(() => undefined);
    }
  } finally {
    await stack?.stop().catch(() => undefined);
  }
  const client = kip447 === undefined ? null : { nodeVersion: kip447.nodeVersion, clientVersion: kip447.clientVersion };
  return { environment: { date, cores: cpus().length, node: process.version, kip447: client, records, partitions, loadAverageBefore, loadAverageAfter: loadAverage() }, bursts, paced, errors };
}

export { formatTransactionsBench, summariseBursts };

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const { values } = parseArgs({ options: { records: { type: 'string' }, partitions: { type: 'string' }, rounds: { type: 'string' }, 'paced-rate': { type: 'string' }, 'paced-seconds': { type: 'string' }, node22: { type: 'string' }, 'skip-kip447': { type: 'boolean' }, shape: { type: 'string', multiple: true } } });
  const number = (value: string | undefined): number | undefined => (value === undefined ? undefined : Number(value));
  const optional = { records: number(values.records), partitions: number(values.partitions), rounds: number(values.rounds), pacedRate: number(values['paced-rate']), pacedSeconds: number(values['paced-seconds']), node22: values.node22 };
  const unknown = (values.shape ?? []).filter((shape) => !(shape in SHAPES));
  if (unknown.length > 0) throw new Error(`unknown --shape ${unknown.join(', ')}; known: ${Object.keys(SHAPES).join(', ')}`);
  const results = await runTransactionsBench({ handleSignals: true, skipKip447: values['skip-kip447'] === true, ...(values.shape === undefined ? {} : { shapes: values.shape as Shape[] }), ...Object.fromEntries(Object.entries(optional).filter(([, value]) => value !== undefined)) });
  process.stdout.write(`${formatTransactionsBench(results)}\n${JSON.stringify(results, null, 2)}\n`);
  process.exit(results.errors.length === 0 ? 0 : 1);
}

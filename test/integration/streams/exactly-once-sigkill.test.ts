import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { randomInt } from 'node:crypto';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { setTimeout as delay } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { after, before, test } from 'node:test';
import type { Kafka, Message, Producer } from 'kafkajs';
import { uniqueName, useTestStack, waitFor, type TestStack } from '../../helpers/stack.js';
import { collect, createTopics, kafkaFor } from './kafka-fixtures.js';
import { readCommittedWithKafkaTools } from './java-read-committed.js';
import { expectedRuns, firstDifference, runsByKey, type Running } from './sequence-topology.js';

const PARTITIONS = 6;
const KEYS = 600;
const SEQS = 84; // 50 400 inputs, one output each
const KILLS = 11;
const CHUNK_SEQS = SEQS / (KILLS + 1); // input arrives in one chunk per incarnation of the processor
const MAX_KILL_DELAY_MS = 1_500;
const SESSION_TIMEOUT_MS = 6_000; // the broker's minimum: a killed member blocks the next join until it expires
const SENTINEL = '__end__';
/**
 * SIGKILL_REPARTITION=1: the inputs pass through a repartition topic first (12 tasks, as the Gluster
 * pipelines). Opt-in because it fails today: the second sub-topology reads the repartition topic with
 * kafkajs, whose read_committed filter lets records of aborted transactions through when several
 * killed producers' transactions overlap a fetch (see java-read-committed.ts), so inputs are counted twice.
 */
const REPARTITIONED = process.env['SIGKILL_REPARTITION'] === '1';
const TASKS = REPARTITIONED ? 2 * PARTITIONS : PARTITIONS;
const seed = Number(process.env['SIGKILL_SEED'] ?? randomInt(2 ** 31));

/** mulberry32: a seeded generator, so a failing run's kill points can be replayed with SIGKILL_SEED. */
function seeded(start: number): () => number {
  let state = start >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = Math.imul(state ^ (state >>> 15), state | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  };
}

interface Instance {
  readonly child: ChildProcess;
  readonly status: { tasks: number; ready: boolean };
  readonly exited: Promise<unknown>;
}

let stack: TestStack;
let kafka: Kafka;
let producer: Producer;
const children = new Set<ChildProcess>();
before(async () => {
  stack = await useTestStack();
  kafka = kafkaFor(stack.brokers);
  producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
  await producer.connect();
});
after(async () => {
  for (const child of children) if (child.exitCode === null && child.signalCode === null && child.pid !== undefined) process.kill(child.pid, 'SIGKILL');
  await producer?.disconnect();
  await stack?.stop();
});

test(`SIGKILLed ${KILLS} times at random points over ${KEYS * SEQS} inputs, the read_committed outputs are exactly one per input, in order, with the reference aggregates`, { timeout: 360_000 }, async (t) => {
  process.stderr.write(`exactly-once-sigkill: seed ${seed} (replay with SIGKILL_SEED=${seed})\n`);
  t.diagnostic(`seed ${seed}`);
  const random = seeded(seed);
  const started = performance.now();
  const [input, output, dlq, applicationId] = [uniqueName('numbered'), uniqueName('running'), uniqueName('dlq'), uniqueName('sigkill-app')];
  await createTopics(kafka, [{ topic: input, partitions: PARTITIONS }, { topic: output, partitions: PARTITIONS }, { topic: dlq, partitions: 1 }]);
  const outputs = await collect(kafka, output);
  const admin = kafka.admin();
  await admin.connect();

  try {
    // The reference: each key's input offsets, from the produce acknowledgements (explicit partition per
    // key; one send = one batch, so the n-th message of a send is at its baseOffset + n). A chunk goes
    // out in small sends, one partition at a time, so that it trickles in while the processor runs.
    const inputOffsets = new Map<string, string[]>();
    let produced = 0;
    const produceChunk = async (chunk: number): Promise<void> => {
      for (let seq = chunk * CHUNK_SEQS + 1; seq <= (chunk + 1) * CHUNK_SEQS; seq++) {
        for (let partition = 0; partition < PARTITIONS; partition++) {
          const messages: Message[] = [];
          for (let k = partition; k < KEYS; k += PARTITIONS) messages.push({ key: `key-${k}`, partition, value: JSON.stringify({ seq }) });
          const [ack] = await producer.send({ topic: input, messages });
          const base = BigInt(ack?.baseOffset ?? '-1');
          for (let k = partition, n = 0n; k < KEYS; k += PARTITIONS, n++) inputOffsets.set(`key-${k}`, [...(inputOffsets.get(`key-${k}`) ?? []), String(base + n)]);
          produced += messages.length;
        }
      }
    };

    const script = fileURLToPath(new URL('./topology-process.ts', import.meta.url));
    const spawnInstance = (): Instance => {
      const child = spawn(process.execPath, ['--import', 'tsx', script, REPARTITIONED ? 'sequence-repartitioned' : 'sequence', stack.brokers.join(','), input, output, applicationId, dlq, String(SESSION_TIMEOUT_MS)], { stdio: ['ignore', 'pipe', 'inherit'] });
      children.add(child);
      const status = { tasks: 0, ready: false };
      createInterface({ input: child.stdout! }).on('line', (line) => {
        const match = /^tasks (\d+) (ready|restoring)$/.exec(line);
        if (match !== null) Object.assign(status, { tasks: Number(match[1]), ready: match[2] === 'ready' });
      });
      return { child, status, exited: once(child, 'exit') };
    };
    /** `waiting`, unless the instance dies first (it only dies when this test kills it). */
    const whileAlive = <T>(instance: Instance, waiting: Promise<T>): Promise<T> =>
      Promise.race([waiting, instance.exited.then(() => Promise.reject(new Error(`the processor exited on its own (${instance.child.exitCode ?? instance.child.signalCode})`)))]);

    // Progress = the application's committed input offsets: they commit in the same transaction as the
    // outputs, so their sum is the number of inputs whose outputs are committed.
    const committedInputs = async (): Promise<number> =>
      ((await admin.fetchOffsets({ groupId: applicationId, topics: [input] }))[0]?.partitions ?? []).reduce((sum, { offset }) => sum + Math.max(0, Number(offset)), 0);
    const timeline: string[] = [];
    const joins: number[] = [];
    let producing = Promise.resolve();
    let instance = spawnInstance();
    for (let kill = 1; ; kill++) {
      const spawnedAt = performance.now();
      await whileAlive(instance, waitFor(() => instance.status.ready && instance.status.tasks === TASKS, { timeoutMs: 60_000, what: `incarnation ${kill} owns and restored all tasks` }));
      joins.push(performance.now() - spawnedAt);
      const chunk = kill - 1;
      producing = producing.then(() => produceChunk(chunk));
      if (kill > KILLS) break;
      const baseline = await committedInputs();
      await whileAlive(instance, waitFor(async () => (await committedInputs()) > baseline, { timeoutMs: 60_000, intervalMs: 20, what: `incarnation ${kill} committed outputs` }));
      const progressAt = performance.now();
      const delayMs = Math.floor(random() * MAX_KILL_DELAY_MS);
      await delay(delayMs); // the random kill point itself, not a wait for a result
      const [committed, producedAtKill] = [await committedInputs(), produced];
      process.kill(instance.child.pid!, 'SIGKILL');
      await instance.exited;
      timeline.push(`kill ${kill}: ${((performance.now() - spawnedAt) / 1000).toFixed(1)} s after spawn (join+restore ${(joins.at(-1)! / 1000).toFixed(1)} s), ${delayMs} ms after its first committed output (${Math.round(progressAt - spawnedAt)} ms), ${committed} of ${producedAtKill} produced inputs committed`);
      instance = spawnInstance();
    }
    await producing;
    // Done when the offsets reach the input's end and every key's last output is committed (behind a
    // repartition topic the first does not imply the second); then a sentinel behind the last
    // transaction in every output partition marks the end for the kafkajs collector.
    const finished = new Set<string>();
    let scanned = 0;
    const everyLastOutputSeen = (): boolean => {
      for (; scanned < outputs.records.length; scanned++) {
        const { key, value } = outputs.records[scanned]!;
        if (key !== null && value !== null && (JSON.parse(value.toString('utf8')) as Running).seq === SEQS) finished.add(key);
      }
      return finished.size === KEYS;
    };
    await whileAlive(instance, waitFor(async () => everyLastOutputSeen() && (await committedInputs()) === KEYS * SEQS, { timeoutMs: 120_000, what: 'every input processed and committed' }));
    const drainedAt = performance.now();
    process.kill(instance.child.pid!, 'SIGKILL');
    await instance.exited;
    await producer.send({ topic: output, messages: Array.from({ length: PARTITIONS }, (_, partition) => ({ key: SENTINEL, partition, value: null })) });
    await waitFor(() => outputs.records.filter((record) => record.key === SENTINEL).length === PARTITIONS, { timeoutMs: 30_000, what: 'the kafkajs collector saw the sentinel of every output partition' });

    for (const line of timeline) t.diagnostic(line);
    t.diagnostic(`${KEYS * SEQS} inputs over ${PARTITIONS} partitions, ${TASKS} tasks, ${timeline.length} kills; joins (group join + restore) ${joins.map((ms) => (ms / 1000).toFixed(1)).join(' ')} s, sum ${(joins.reduce((a, b) => a + b, 0) / 1000).toFixed(1)} s; all outputs after ${((drainedAt - started) / 1000).toFixed(1)} s, test body ${((performance.now() - started) / 1000).toFixed(1)} s`);

    // The proof reads with Kafka's own read_committed consumer; the kafkajs collector above only
    // signals progress (see java-read-committed.ts for why it is not a reference reader).
    const readStarted = performance.now();
    const committed = await readCommittedWithKafkaTools({ brokers: stack.brokers, topic: output });
    t.diagnostic(`reference read of ${committed.length} committed outputs took ${((performance.now() - readStarted) / 1000).toFixed(1)} s; the kafkajs read_committed collector saw ${outputs.records.length} (${outputs.records.length - committed.length} records of aborted transactions)`);
    assert.deepEqual(committed.filter((record) => record.key === SENTINEL).map((record) => record.partition).sort(), [...Array(PARTITIONS).keys()], 'read to the end of every partition');
    const runs = runsByKey(committed.filter((record) => record.key !== SENTINEL));
    const differences = [...inputOffsets].map(([key, offsets]) => [key, firstDifference(runs.get(key) ?? [], expectedRuns(offsets))] as const).filter(([, difference]) => difference !== '');
    const kindCounts = new Map<string, number>();
    for (const [, difference] of differences) kindCounts.set(difference.split(' ')[0] ?? '', (kindCounts.get(difference.split(' ')[0] ?? '') ?? 0) + 1);
    const kinds = [...kindCounts].map(([kind, count]) => `${count} ${kind}`).join(', ');
    assert.deepEqual(differences.slice(0, 10), [], `${differences.length} of ${KEYS} keys differ from the reference (first difference per key: ${kinds})`);
    assert.deepEqual([...runs.keys()].filter((key) => !inputOffsets.has(key)), [], 'no outputs for keys never produced');
    assert.equal(committed.length, KEYS * SEQS + PARTITIONS, 'exactly one committed output per input');
    for (const [key, keyRuns] of runs) assert.deepEqual({ count: keyRuns.at(-1)?.count, sum: keyRuns.at(-1)?.sum }, { count: SEQS, sum: (SEQS * (SEQS + 1)) / 2 }, `final aggregate of ${key}`);
    assert.ok(timeline.length >= 10, `${timeline.length} kills`);
  } finally {
    await Promise.allSettled([outputs.stop(), admin.disconnect()]);
  }
});

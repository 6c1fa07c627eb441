import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { after, describe, test } from 'node:test';
import type { Message } from 'kafkajs';
import { createKafkaClient, type TopicNames } from '../../src/kafka/index.js';
import { createReferenceModel, generateLoad, openAlerts, type ClusterShape } from '../../src/loadgen/index.js';
import { silentLogger } from '../../src/logging/index.js';
import { createRecordBuilder } from '../../src/producer/index.js';
import { avroTypeFor, createRawSerdes, createSchemaRegistryClient, DecodeError, rawKeyOf, readSchemaFile, type RawPropertyChange, type SchemaRegistryClient } from '../../src/serde/index.js';
import { DETERMINISTIC_PROCESSOR_ENV, killAllCliProcessors, startCliProcessor } from '../helpers/faults/cli-processor.js';
import { DERIVED_ROLES, readDerivedOutputs } from '../helpers/faults/derived-outputs.js';
import { waitUntilDrained } from '../helpers/faults/drained.js';
import { prepareGlusterTopics } from '../helpers/faults/gluster-topics.js';
import { produceRaw } from '../helpers/faults/raw-input.js';
import { malformedRawMessages, MALFORMED_KINDS, type MalformedMessage } from '../helpers/malformed-raw.js';
import { compareWithModel } from '../helpers/reference-compare.js';
import { useTestStack, uniqueName, waitFor, type TestStack } from '../helpers/stack.js';
import { absurdRecords } from '../helpers/absurd-raw.js';

const MAIN = fileURLToPath(new URL('../../src/cli/main.ts', import.meta.url));
const SHAPE: ClusterShape = { nodes: 4, volumes: 8, bricks: 24, drives: 12 };
const SEED = 7;
const VALID_RECORDS = 6_000;
const MALFORMED = 10_400;
/** A generous bound: the processor idles at about 200 MB RSS under tsx; a leak over 16k records would show far above. */
const RSS_BOUND_MB = 700;

/** The bytes of one message, to match what was sent with what was dead-lettered. */
const identity = (key: Buffer | null, value: Buffer | null): string => `${key?.toString('base64') ?? '-'}|${value?.toString('base64') ?? '-'}`;

describe('bad input at volume: 10,000+ malformed raw records mixed into a valid loadgen stream, through the real processor', () => {
  let stack: TestStack;
  after(async () => {
    await killAllCliProcessors();
    await stack?.stop();
  });

  test('every malformed record is dead-lettered with its reason and counted, every valid one is processed (state equals the reference model), the processor never stops, memory stays bounded', { timeout: 300_000 }, async () => {
    stack = await useTestStack();
    const prefix = uniqueName('bad-input');
    const names = await prepareGlusterTopics(stack, prefix);
    const registry = createSchemaRegistryClient({ url: stack.registryUrl });
    const serdes = createRawSerdes({ registry, topic: names.raw, registration: 'lookup' });
    const startAt = Date.now() - 600_000;

    // The valid stream: what the loadgen CLI writes, and the same records for the model.
    const valid = [...generateLoad({ shape: SHAPE, seed: SEED, records: VALID_RECORDS, startAt })];
    const absurd = absurdRecords(startAt + 5_000);
    const samples = await framed(serdes, valid.filter((_, index) => index % 7 === 0));
    const malformed = await malformedRawMessages({
      count: MALFORMED,
      seed: SEED,
      valid: samples,
      otherSchemas: await otherSchemaBodies(registry, names, prefix),
      unknownIdBase: await unknownSchemaIdBase(registry),
      decodes: async (key, value) => {
        try {
          await serdes.key.deserialize(key);
          return Number.isFinite((await serdes.value.deserialize(value)).observedAt);
        } catch {
          return false;
        }
      },
    });
    assert.ok(MALFORMED_KINDS.every((kind) => malformed.some((message) => message.kind === kind)));

    const processor = await startCliProcessor({ stack, prefix, applicationId: `${prefix}-processor`, env: { ...DETERMINISTIC_PROCESSOR_ENV } });
    // Read now: its log is kept short, and 10,000 dead-letter warnings push the start line out.
    const metricsUrl = `${processorUrl(processor.log())}/metrics`;
    const memory = sampleMemory(processor.child.pid ?? 0, metricsUrl);
    const started = Date.now();
    try {
      // Valid records through the loadgen CLI (the producer's codec and Kafka sink) while malformed and
      // absurd ones trickle into the same topic from other writers.
      await Promise.all([
        runLoadgenCli(stack, prefix, names, startAt),
        produceRaw(stack, names.raw, malformed.map(toMessage), { chunk: 400, pauseMs: 100 }),
        produceRaw(stack, names.raw, await Promise.all([...absurd.processed, ...absurd.unencodable].map(async (record) => toMessage({ key: await serdes.key.serialize(rawKeyOf(record)), value: await serdes.value.serialize(record) }))), { chunk: 5, pauseMs: 200 }),
      ]);
      const admin = createKafkaClient({ brokers: stack.brokers, clientId: `${prefix}-drain`, logger: silentLogger }).admin();
      await admin.connect();
      try {
        const died = processor.exited.then(([code, signal]) => {
          throw new Error(`the processor stopped (${code ?? signal}): ${processor.log().slice(-3000)}`);
        });
        await Promise.race([waitUntilDrained(admin, { applicationId: `${prefix}-processor`, rawTopic: names.raw, outputTopics: [...DERIVED_ROLES.map((role) => names[role]), names.deadLetter], timeoutMs: 150_000, ready: () => processor.ready() }), died]);
      } finally {
        await admin.disconnect();
      }
      const processingSeconds = (Date.now() - started) / 1000;
      assert.equal(processor.child.exitCode, null, 'the processor is still running');
      const metrics = await (await fetch(metricsUrl)).text();
      const peak = memory.stop();
      assert.equal(await processor.terminate(), 0, 'a clean shutdown after all that');

      // Dead-lettered: each malformed message exactly once, byte for byte, with its reason; and counted.
      const dead = await readDeadLetters(stack, names.deadLetter, malformed.length + absurd.unencodable.length);
      const sent = new Map<string, MalformedMessage>();
      for (const message of malformed) sent.set(identity(message.key, message.value), message);
      // The one record whose drive state cannot be encoded is dead-lettered where that fails: in the
      // raw topic's own task, since drive records are read there in one hop (they were read from the
      // disk-reports repartition topic before raw records were partitioned by node).
      const unencodable = dead.filter((record) => /smartUpdatedAt/.test(record.headers['__streams.errors.message'] ?? ''));
      assert.deepEqual(unencodable.map((record) => record.headers['__streams.errors.topic']), [names.raw]);
      const fromRaw = dead.filter((record) => record.headers['__streams.errors.topic'] === names.raw && !unencodable.includes(record));
      assert.equal(dead.length, fromRaw.length + unencodable.length, 'nothing dead-lettered downstream of the raw topic');
      const unmatched = fromRaw.filter((record) => !sent.has(identity(record.key, record.value)));
      assert.deepEqual(unmatched.map((record) => record.headers['__streams.errors.message']).slice(0, 5), [], 'only malformed records are dead-lettered');
      assert.equal(new Set(fromRaw.map((record) => identity(record.key, record.value))).size, new Set(sent.keys()).size, 'every distinct malformed message is in the dead-letter topic');
      assert.equal(fromRaw.length, malformed.length, 'each once');
      const missingReason = dead.filter((record) => !record.headers['__streams.errors.code'] || !record.headers['__streams.errors.message'] || !record.headers['__streams.errors.offset']);
      assert.equal(missingReason.length, 0, 'every dead letter names its error and source');
      const counted = sumMetric(metrics, 'streams_records_dead_lettered_total', names.raw);
      assert.equal(counted, malformed.length + unencodable.length, 'streams_records_dead_lettered_total counts them (the unencodable drive state under the raw topic too)');
      assert.equal(sumMetric(metrics, 'streams_records_dead_lettered_total', `${prefix}-processor-disk-reports-repartition`), 0, 'no drive record took the detour');

      // Valid (and absurd but well-formed) records: the derived topics equal the reference model.
      const model = createReferenceModel({ silenceTimeoutMs: Number(DETERMINISTIC_PROCESSOR_ENV['GLUSTER_EVENTING_SILENCE_TIMEOUT_MS']), disagreementGraceMs: Number(DETERMINISTIC_PROCESSOR_ENV['GLUSTER_EVENTING_DISAGREEMENT_GRACE_MS']) });
      for (const record of [...valid, ...absurd.processed].sort((a, b) => a.observedAt - b.observedAt)) model.apply(record);
      const expected = model.expected();
      const outputs = await readDerivedOutputs(stack, names);
      assert.deepEqual(compareWithModel(outputs, expected, { alerts: 'final' }), []);
      const sizes = `${expected.state.volumes.size} volumes, ${expected.state.bricks.size} bricks, ${expected.state.drives.size} drives, ${openAlerts(expected).size} open alerts`;
      assert.ok(expected.state.volumes.size > 3 && expected.state.bricks.size > 0 && openAlerts(expected).size > 0, `the input is not trivial: ${sizes}`);

      const codes = new Map<string, number>();
      for (const record of dead) {
        const kind = sent.get(identity(record.key, record.value))?.kind ?? 'absurd';
        const code = `${kind}:${record.headers['__streams.errors.code'] ?? '?'}`;
        codes.set(code, (codes.get(code) ?? 0) + 1);
      }
      process.stderr.write(
        `bad-input: ${valid.length} valid + ${absurd.processed.length + absurd.unencodable.length} absurd + ${malformed.length} malformed records processed in ${processingSeconds.toFixed(1)} s (model: ${sizes}); ` +
          `dead-lettered by kind:code ${JSON.stringify(Object.fromEntries([...codes].sort()))}; processor peak RSS ${peak.rssMb.toFixed(0)} MB, peak heap ${peak.heapMb.toFixed(0)} MB\n`,
      );
      assert.ok(peak.rssMb > 0 && peak.rssMb < RSS_BOUND_MB, `processor RSS peaked at ${peak.rssMb.toFixed(0)} MB (bound ${RSS_BOUND_MB} MB)`);
    } finally {
      memory.stop();
      await processor.kill();
    }
  });
});

async function framed(serdes: ReturnType<typeof createRawSerdes>, records: readonly RawPropertyChange[]): Promise<{ key: Buffer; value: Buffer }[]> {
  return Promise.all(records.map(async (record) => ({ key: await serdes.key.serialize(rawKeyOf(record)), value: await serdes.value.serialize(record) })));
}

const toMessage = (message: { key: Buffer | null; value: Buffer | null }): Message => ({ key: message.key, value: message.value });

/** Valid Avro of schemas other than the raw value: a derived topic's value, and the raw value with `sequence` as a string. */
async function otherSchemaBodies(registry: SchemaRegistryClient, names: TopicNames, prefix: string): Promise<{ id: number; body: Buffer }[]> {
  const volumeSchema = readSchemaFile('volume-state-value.avsc');
  const volumeId = await registry.lookupId(`${names.volumes}-value`, volumeSchema);
  const volumeBody = avroTypeFor(volumeSchema).toBuffer({ name: 'v', id: null, status: 'STARTED', brickCount: 1, bricks: [], reportingNodes: [], disagreeingNodes: [], nodesAgree: true, disagreeingSince: null, nameIdSwapped: false, lastChangedAt: 0 });
  const rawSchema = JSON.parse(JSON.stringify(readSchemaFile('raw-property-change-value.avsc'))) as { fields: { name: string; type: unknown }[] };
  for (const field of rawSchema.fields) if (field.name === 'sequence') field.type = 'string';
  const wrongId = await registry.register(`${prefix}.wrong-types-value`, rawSchema as never);
  const wrongBody = avroTypeFor(rawSchema as never).toBuffer({ nodeId: 'node-000', glusterUuid: null, sessionId: 's', sequence: 'seven', observedAt: Date.now(), busName: '', objectPath: '/', interface: null, kind: 'HEARTBEAT', properties: {}, invalidated: [] });
  return [{ id: volumeId, body: volumeBody }, { id: wrongId, body: wrongBody }];
}

/** A range of 50 schema ids the registry does not have (checked). */
async function unknownSchemaIdBase(registry: SchemaRegistryClient): Promise<number> {
  const base = 2_000_000_000;
  for (const id of [base, base + 49]) await assert.rejects(registry.writerType(id), (error: unknown) => error instanceof DecodeError && error.code === 'DECODE_UNKNOWN_SCHEMA_ID');
  return base;
}

/** `gluster-eventing loadgen` as an operator runs it, writing the valid stream. */
async function runLoadgenCli(stack: TestStack, prefix: string, names: TopicNames, startAt: number): Promise<void> {
  const args = ['--nodes', String(SHAPE.nodes), '--volumes', String(SHAPE.volumes), '--bricks', String(SHAPE.bricks), '--drives', String(SHAPE.drives), '--seed', String(SEED), '--records', String(VALID_RECORDS), '--start-at', String(startAt), '--json'];
  const child = spawn(process.execPath, ['--import', 'tsx', MAIN, 'loadgen', ...args], {
    env: { ...process.env, KAFKA_BROKERS: stack.brokers.join(','), SCHEMA_REGISTRY_URL: stack.registryUrl, GLUSTER_EVENTING_TOPIC_PREFIX: prefix, GLUSTER_EVENTING_LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  const [code] = (await once(child, 'exit')) as [number | null];
  assert.equal(code, 0, `loadgen failed: ${output}`);
  const summary = JSON.parse(output.trim().split('\n').at(-1) ?? '{}') as { records?: number; topic?: string };
  assert.deepEqual({ records: summary.records, topic: summary.topic }, { records: VALID_RECORDS, topic: names.raw });
}

function processorUrl(log: string): string {
  const line = log.split('\n').find((entry) => entry.includes('"processor started"'));
  const url = line === undefined ? undefined : (JSON.parse(line) as { http?: string }).http;
  if (url === undefined) throw new Error('the processor did not log its HTTP address');
  return url;
}

function sumMetric(text: string, name: string, topic: string): number {
  return text
    .split('\n')
    .filter((line) => line.startsWith(`${name}{`) && line.includes(`topic="${topic}"`))
    .reduce((sum, line) => sum + Number(line.slice(line.lastIndexOf(' ') + 1)), 0);
}

/** Peak RSS (from /proc, every 250 ms) and peak V8 heap in use (the processor's /metrics, every second). */
function sampleMemory(pid: number, metricsUrl: string): { stop(): { rssMb: number; heapMb: number } } {
  let rssMb = 0;
  let heapMb = 0;
  const readRss = (): void => {
    try {
      const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
      if (match?.[1] !== undefined) rssMb = Math.max(rssMb, Number(match[1]) / 1024);
    } catch {
      // The process is gone; the peak stays.
    }
  };
  const readHeap = (): void => {
    fetch(metricsUrl)
      .then(async (response) => {
        const line = (await response.text()).split('\n').find((entry) => entry.startsWith('nodejs_heap_size_used_bytes '));
        if (line !== undefined) heapMb = Math.max(heapMb, Number(line.split(' ')[1]) / 1024 / 1024);
      })
      .catch(() => undefined); // a busy or stopped processor: the next sample counts
  };
  readRss();
  readHeap();
  const timers = [setInterval(readRss, 250), setInterval(readHeap, 1_000)];
  return {
    stop() {
      for (const timer of timers) clearInterval(timer);
      readRss();
      return { rssMb, heapMb };
    },
  };
}

interface DeadLetter {
  readonly key: Buffer | null;
  readonly value: Buffer | null;
  readonly headers: Record<string, string>;
}

/** Every committed record of the dead-letter topic (read_committed), waiting until `expected` arrived or nothing more comes. */
async function readDeadLetters(stack: TestStack, topic: string, expected: number): Promise<DeadLetter[]> {
  const kafka = createKafkaClient({ brokers: stack.brokers, clientId: `${topic}-reader`, logger: silentLogger });
  const consumer = kafka.consumer({ groupId: uniqueName('dlq-reader'), readUncommitted: false, maxWaitTimeInMs: 100 });
  const records: DeadLetter[] = [];
  await consumer.connect();
  try {
    await consumer.subscribe({ topic, fromBeginning: true });
    await consumer.run({
      eachMessage: async ({ message }) => {
        const headers: Record<string, string> = {};
        for (const [name, value] of Object.entries(message.headers ?? {})) headers[name] = String(Array.isArray(value) ? value[0] : value);
        records.push({ key: message.key, value: message.value, headers });
      },
    });
    let seen = -1;
    await waitFor(async () => {
      if (records.length >= expected) return true;
      const settled = records.length === seen;
      seen = records.length;
      await new Promise((resolve) => setTimeout(resolve, 2_000)); // the next look, not a wait for a result
      return settled && records.length === seen;
    }, { timeoutMs: 60_000, what: `${expected} dead letters` });
    return records;
  } finally {
    await consumer.disconnect();
  }
}

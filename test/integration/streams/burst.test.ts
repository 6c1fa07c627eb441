import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Kafka } from 'kafkajs';
import { aggregate, createKafkaStreams, dedupe, jsonSerde, StreamsBuilder, stringSerde, type ProcessingGuarantee, type StreamsMetrics } from '../../../src/streams/index.js';
import { uniqueName, useTestStack, waitFor, type TestStack } from '../../helpers/stack.js';
import { EVERY_UPDATE, collect, createTopics, kafkaFor, produce, recentEventTime, testLogger } from './kafka-fixtures.js';

const PARTITIONS = 6;
const VOLUMES = 200;
const SEQS = 100;
const NODES = 3; // 60 000 input records, 20 000 outputs

let stack: TestStack;
let kafka: Kafka;
before(async () => {
  stack = await useTestStack();
  kafka = kafkaFor(stack.brokers);
});
after(() => stack?.stop());

function topology(input: string, output: string) {
  const builder = new StreamsBuilder();
  builder
    .stream(input, { key: stringSerde, value: jsonSerde<{ volume: string; seq: number }>() })
    .pipe(
      dedupe({ store: 'dedup', idOf: (r) => `${r.volume}:${r.seq}`, windowMs: 60_000 }),
      aggregate<string, { seq: number }, number>({ store: 'count', keySerde: stringSerde, valueSerde: jsonSerde<number>(), initializer: () => 0, aggregator: (_k, _v, n) => n + 1 }),
    )
    .toTable(output, { key: stringSerde, value: jsonSerde<number>() });
  return builder.build();
}

function latencies(): StreamsMetrics & { commits: number[] } {
  const commits: number[] = [];
  return { commits, increment: () => {}, gauge: () => {}, observe: (name, _labels, value) => void (name === 'streams_commit_latency_ms' && commits.push(value)) };
}

const percentile = (values: number[], p: number): number => [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor(values.length * p))] ?? Number.NaN;

for (const guarantee of ['exactly-once', 'at-least-once'] as ProcessingGuarantee[]) {
  test(`a ${VOLUMES * SEQS * NODES}-record burst is processed with bounded memory (${guarantee})`, { timeout: 300_000 }, async (t) => {
    const [input, output, dlq] = [uniqueName('burst'), uniqueName('burst-out'), uniqueName('dlq')];
    await createTopics(kafka, [{ topic: input, partitions: PARTITIONS }, { topic: output, partitions: PARTITIONS, compact: true }, { topic: dlq, partitions: 1 }]);
    for (let seq = 0; seq < SEQS; seq += 10) {
      const batch = [];
      for (let s = seq; s < seq + 10; s++) for (let v = 0; v < VOLUMES; v++) for (let n = 0; n < NODES; n++) batch.push({ key: `vol-${v}`, value: JSON.stringify({ volume: `vol-${v}`, seq: s }), timestamp: recentEventTime(s * 100) });
      await produce(kafka, input, batch);
    }
    const metrics = latencies();
    const streams = createKafkaStreams({ topology: topology(input, output), kafka, applicationId: uniqueName('burst-app'), deadLetterTopic: dlq, processingGuarantee: guarantee, metrics, logger: testLogger, ...EVERY_UPDATE });
    const outputs = await collect(kafka, output);
    global.gc?.();
    const baseline = process.memoryUsage().heapUsed;
    let peak = baseline;
    const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().heapUsed)), 50);
    const started = performance.now();
    try {
      await streams.start();
      await waitFor(() => outputs.records.length >= VOLUMES * SEQS, { timeoutMs: 240_000, what: 'all outputs' });
      const seconds = (performance.now() - started) / 1000;
      const growthMb = (peak - baseline) / 1024 / 1024;
      t.diagnostic(`${guarantee}: ${VOLUMES * SEQS * NODES} records in ${seconds.toFixed(1)} s (${Math.round((VOLUMES * SEQS * NODES) / seconds)} rec/s incl. group join and restore); heap growth peak ${growthMb.toFixed(0)} MB; ${metrics.commits.length} commits, latency p50 ${percentile(metrics.commits, 0.5).toFixed(1)} ms p99 ${percentile(metrics.commits, 0.99).toFixed(1)} ms`);
      if (guarantee === 'exactly-once') assert.equal(outputs.records.length, VOLUMES * SEQS, 'exactly one output per deduplicated change');
      assert.ok(growthMb < 300, `heap grew ${growthMb.toFixed(0)} MB`);
    } finally {
      clearInterval(sampler);
      await streams.stop();
      await outputs.stop();
    }
  });
}

test('steady trickle: end-to-end latency from produce to a read_committed output (exactly-once, 100 ms commit interval)', { timeout: 120_000 }, async (t) => {
  const [input, output, dlq] = [uniqueName('trickle'), uniqueName('trickle-out'), uniqueName('dlq')];
  await createTopics(kafka, [{ topic: input, partitions: PARTITIONS }, { topic: output, partitions: PARTITIONS, compact: true }, { topic: dlq, partitions: 1 }]);
  const metrics = latencies();
  const streams = createKafkaStreams({ topology: topology(input, output), kafka, applicationId: uniqueName('trickle-app'), deadLetterTopic: dlq, metrics, logger: testLogger, ...EVERY_UPDATE });
  const outputs = await collect(kafka, output);
  const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
  await producer.connect();
  try {
    await streams.start();
    await produce(kafka, input, [{ key: 'warm-up', value: JSON.stringify({ volume: 'warm-up', seq: 0 }) }]);
    await outputs.waitForCount(1);
    const sent = new Map<string, number>();
    const seenAt = new Map<string, number>();
    const watcher = setInterval(() => {
      for (const record of outputs.records) if (record.key !== null && !seenAt.has(record.key)) seenAt.set(record.key, performance.now());
    }, 2);
    for (let i = 0; i < 50; i++) {
      const key = `vol-${i}`;
      sent.set(key, performance.now());
      await producer.send({ topic: input, messages: [{ key, value: JSON.stringify({ volume: key, seq: 1 }) }] });
      await new Promise((resolve) => setTimeout(resolve, 40)); // paces the trickle (the load), not a wait for a result
    }
    await outputs.waitForCount(51);
    clearInterval(watcher);
    for (const record of outputs.records) if (record.key !== null && !seenAt.has(record.key)) seenAt.set(record.key, performance.now());
    const e2e = [...sent].map(([key, at]) => (seenAt.get(key) ?? Number.NaN) - at);
    t.diagnostic(`trickle: end-to-end p50 ${percentile(e2e, 0.5).toFixed(0)} ms p99 ${percentile(e2e, 0.99).toFixed(0)} ms; commit latency p50 ${percentile(metrics.commits, 0.5).toFixed(1)} ms p99 ${percentile(metrics.commits, 0.99).toFixed(1)} ms over ${metrics.commits.length} commits`);
    assert.ok(e2e.every((latency) => Number.isFinite(latency)));
  } finally {
    await producer.disconnect();
    await streams.stop();
    await outputs.stop();
  }
});

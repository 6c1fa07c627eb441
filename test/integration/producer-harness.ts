import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { pino } from 'pino';
import { startBusDaemon, type BusDaemon } from '../../src/dbus/index.js';
import { createKafkaClient } from '../../src/kafka/index.js';
import { silentLogger, type Logger } from '../../src/logging/index.js';
import { createCountingMetrics, createKafkaSink, DEFAULT_WATCHED_SERVICES, startProducer, type CountingMetrics, type RunningProducer } from '../../src/producer/index.js';
import { createSchemaRegistryClient, type RawPropertyChange } from '../../src/serde/index.js';
import type { TestStack } from '../helpers/stack.js';
import { BUS_NAME, startFakeStoraged, type FakeStoraged } from './producer-fake-storaged.js';

export const NODE = 'node-test-1';
export const GLUSTER_UUID = '73c0ac0a-9b71-48f1-926f-5a50fcd3dfd0';

type Located = RawPropertyChange & { partition: number; offset?: string };

/** Records of one session must carry 0..n-1 without a gap, and each object's records stay on one partition in order. */
export function assertGapFreeAndOrdered(records: readonly Located[]): void {
  const sessions = new Map<string, Located[]>();
  for (const record of records) sessions.set(record.sessionId, [...(sessions.get(record.sessionId) ?? []), record]);
  for (const [session, list] of sessions) {
    const sorted = list.map((record) => record.sequence).sort((a, b) => a - b);
    const where = (sequence: number): string => list.filter((record) => record.sequence === sequence).map((record) => `${record.partition}@${record.offset ?? '?'}`).join(',');
    const repeated = [...new Set(sorted.filter((sequence, index) => sorted[index - 1] === sequence))];
    const node = list[0]?.nodeId ?? '?';
    assert.deepEqual(sorted, sorted.map((_, index) => index), `session ${session} (${node}): sequences gap-free and unique; repeated: ${repeated.map((sequence) => `${sequence} at ${where(sequence)}`).slice(0, 8).join('; ') || 'none'}`);
  }
  assertPerObjectOrder(records);
}

/** Each object's records are on one partition, in sequence order (no gap-freedom implied). */
export function assertPerObjectOrder(records: readonly Located[]): void {
  const byObject = new Map<string, Located[]>();
  for (const record of records) {
    const key = `${record.sessionId}|${record.busName}|${record.objectPath}`;
    byObject.set(key, [...(byObject.get(key) ?? []), record]);
  }
  for (const [object, list] of byObject) {
    assert.equal(new Set(list.map((record) => record.partition)).size, 1, `${object}: one partition`);
    const sequences = list.map((record) => record.sequence);
    assert.deepEqual(sequences, [...sequences].sort((a, b) => a - b), `${object}: in order`);
  }
}

/** A pino logger whose lines land in `lines` (parsed), for asserting that something was logged loudly. */
export function capturingLogger(): { readonly logger: Logger; readonly lines: { level: number; msg: string; [key: string]: unknown }[] } {
  const lines: { level: number; msg: string }[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of String(chunk).split('\n').filter((text) => text.length > 0)) lines.push(JSON.parse(line) as { level: number; msg: string });
      done();
    },
  });
  return { logger: pino({ level: 'info' }, stream), lines };
}

export interface ProducerHarness {
  scratch(): string;
  bus(dir: string): Promise<BusDaemon>;
  fake(address: string, initial: Parameters<typeof startFakeStoraged>[1]): Promise<FakeStoraged>;
  producer(options: { address: string; topic: string; spoolDir: string; metrics?: CountingMetrics; logger?: Logger; spoolMaxBytes?: number }): Promise<RunningProducer>;
  /** Registers a cleanup run (in reverse order) by {@link ProducerHarness.cleanup}. */
  defer(cleanup: () => Promise<void> | void): void;
  cleanup(): Promise<void>;
}

/**
 * What the producer integration tests share: scratch folders, private buses, the fake storaged and an
 * in-process producer wired to the real stack's Kafka and registry. Everything is undone by `cleanup()`.
 */
export function producerHarness(stack: () => TestStack): ProducerHarness {
  const cleanups: (() => Promise<void> | void)[] = [];
  const defer = (cleanup: () => Promise<void> | void): void => void cleanups.push(cleanup);
  return {
    defer,
    async cleanup() {
      for (const cleanup of cleanups.splice(0).reverse()) await Promise.resolve().then(cleanup).catch(() => undefined);
    },
    scratch() {
      const dir = mkdtempSync(join(tmpdir(), 'producer-it-'));
      defer(() => rmSync(dir, { recursive: true, force: true }));
      return dir;
    },
    async bus(dir) {
      const daemon = await startBusDaemon({ dir: join(dir, 'bus') });
      defer(() => daemon.stop());
      return daemon;
    },
    async fake(address, initial) {
      const service = await startFakeStoraged(address, initial);
      defer(() => service.stop());
      return service;
    },
    async producer(options) {
      const logger = options.logger ?? silentLogger;
      const sink = createKafkaSink({
        kafka: createKafkaClient({ brokers: stack().brokers, clientId: 'producer-it', logger: silentLogger }),
        topic: options.topic,
        registry: createSchemaRegistryClient({ url: stack().registryUrl }),
        registration: 'register',
        logger,
      });
      const running = await startProducer({
        settings: {
          busAddress: options.address,
          nodeId: NODE,
          glusterUuid: GLUSTER_UUID,
          spool: { dir: options.spoolDir, maxBytes: options.spoolMaxBytes ?? 8 * 1024 * 1024, fsync: 'interval' },
          heartbeatMs: 600_000,
          // Only storaged: no udisks2 runs on the test bus, and its retries would blur the counters.
          services: DEFAULT_WATCHED_SERVICES.filter((service) => service.busName === BUS_NAME),
          flushTimeoutMs: 10_000,
          callTimeoutMs: 1_000,
          reconnect: { initialMs: 100, maxMs: 1_000 },
        },
        sink,
        metrics: options.metrics ?? createCountingMetrics(),
        logger,
      });
      defer(() => running.stop().then(() => undefined));
      return running;
    },
  };
}

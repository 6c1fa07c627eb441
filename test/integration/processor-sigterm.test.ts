import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { after, before, describe, test } from 'node:test';
import { Kafka, logLevel } from 'kafkajs';
import { topicNames } from '../../src/kafka/index.js';
import { createRawSerdes, createSchemaRegistryClient, type SchemaRegistryClient } from '../../src/serde/index.js';
import { volumeRecord } from '../fixtures/raw-records.js';
import { readTopic, type ReadRecord } from '../helpers/topic-reader.js';
import { uniqueName, useTestStack, waitFor, type TestStack } from '../helpers/stack.js';

interface Volume { name: string; brickCount: number }

const VOLUMES = ['gv0', 'gv1', 'gv2', 'gv3', 'gv4', 'gv5'];
const STEPS = 120;
/** Every child started, so that `after` kills what a failed test left running. */
const started: ChildProcess[] = [];

/** The CLI processor as operators run it; resolves once it logged 'processor started'. */
async function startCli(env: Record<string, string>, applicationId: string): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'processor', '--application-id', applicationId, '--register-schemas', '--http-port', '0'], {
    env: { ...process.env, ...env, GLUSTER_EVENTING_LOG_LEVEL: 'info', GLUSTER_EVENTING_HTTP_PORT: '0' },
    stdio: ['ignore', 'ignore', 'pipe'], // JSON logs are on stderr
  });
  started.push(child);
  let output = '';
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  await waitFor(() => output.includes('"processor started"') || child.exitCode !== null, { timeoutMs: 60_000, what: 'processor started' });
  assert.equal(child.exitCode, null, `processor exited at start: ${output.slice(-2000)}`);
  return child;
}

describe('SIGTERM with records in flight: the CLI processor finishes, commits, closes and exits 0; nothing lost or duplicated', () => {
  let stack: TestStack;
  let registry: SchemaRegistryClient;
  let children: ChildProcess[] = [];
  let volumes: { records: ReadRecord<Volume>[]; stop(): Promise<void> } | undefined;

  before(async () => {
    stack = await useTestStack();
    registry = createSchemaRegistryClient({ url: stack.registryUrl });
  });
  after(async () => {
    for (const child of started) if (child.exitCode === null) child.kill('SIGKILL');
    await volumes?.stop().catch(() => undefined);
    await stack?.stop();
  });

  test('per-volume brick counts arrive exactly once and in order across a SIGTERM and a restart', async () => {
    const prefix = uniqueName('sigterm');
    const names = topicNames(prefix);
    // Every state update written (no record cache): the test checks each step's state, in order.
    const env = { KAFKA_BROKERS: stack.brokers.join(','), SCHEMA_REGISTRY_URL: stack.registryUrl, GLUSTER_EVENTING_TOPIC_PREFIX: prefix, GLUSTER_EVENTING_SHUTDOWN_TIMEOUT_MS: '20000', GLUSTER_EVENTING_CACHE_MAX_ENTRIES: '0' };
    const applicationId = `${prefix}-processor`;
    children = [await startCli(env, applicationId)];
    volumes = await readTopic<Volume>({ brokers: stack.brokers, registry, topic: names.volumes, groupId: `${prefix}-reader` });

    const kafka = new Kafka({ clientId: `${prefix}-input`, brokers: [...stack.brokers], logLevel: logLevel.NOTHING });
    const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
    await producer.connect();
    const serdes = createRawSerdes({ registry, topic: names.raw, registration: 'register' });
    const base = Date.now();
    const produceStep = async (step: number): Promise<void> => {
      const messages = await Promise.all(
        VOLUMES.map(async (name) => {
          const record = volumeRecord({ nodeId: 'node1', at: base + step, kind: step === 1 ? 'SNAPSHOT' : 'CHANGED', sequence: step }, { name, id: `id-${name}`, status: 1, brickcount: step });
          return { key: await serdes.key.serialize({ nodeId: 'node1', busName: record.busName, objectPath: record.objectPath }), value: await serdes.value.serialize(record) };
        }),
      );
      await producer.send({ topic: names.raw, messages });
    };
    const producing = (async () => {
      for (let step = 1; step <= STEPS; step += 1) {
        await produceStep(step);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    })();

    await waitFor(() => volumes?.records.some((record) => (record.value?.brickCount ?? 0) >= 20), { timeoutMs: 60_000, what: 'state flowing' });
    const first = children[0] as ChildProcess;
    const signalled = Date.now();
    first.kill('SIGTERM');
    const [code] = (await once(first, 'exit')) as [number | null];
    const tookMs = Date.now() - signalled;
    assert.equal(code, 0, 'clean exit');
    assert.ok(tookMs < 20_000, `exit within the shutdown timeout (${tookMs} ms)`);
    process.stdout.write(`# SIGTERM -> exit 0 in ${tookMs} ms\n`);

    children.push(await startCli(env, applicationId));
    await producing;
    await producer.disconnect();
    await waitFor(() => VOLUMES.every((name) => volumes?.records.some((record) => record.key === name && record.value?.brickCount === STEPS)), { timeoutMs: 60_000, what: 'every volume at the last step' });

    for (const name of VOLUMES) {
      const counts: Array<number | undefined> = (volumes?.records ?? []).filter((record) => record.key === name).map((record) => record.value?.brickCount);
      assert.deepEqual(counts, Array.from({ length: STEPS }, (_, index) => index + 1), `${name}: one state per step, in order`);
    }
    const last = children[1] as ChildProcess;
    last.kill('SIGTERM');
    const [lastCode] = (await once(last, 'exit')) as [number | null];
    assert.equal(lastCode, 0);
  });
});

import assert from 'node:assert/strict';
import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import kafkajs from 'kafkajs';
import { isErrorWithCode } from '../../src/errors/index.js';
import { pickFreePorts, startStack, StackPortInUseError, StackProcessCrashedError } from '../../src/stack/index.js';
import { testCacheDir, uniqueName, useTestStack, waitFor, type TestStack } from '../helpers/stack.js';

const { Kafka, logLevel } = kafkajs;

describe('embedded stack with 3 brokers', () => {
  let stack: TestStack | undefined;
  before(async () => {
    stack = await useTestStack({ brokers: 3, private: true });
  });
  after(async () => {
    await stack?.stop();
  });

  // Bootstrap only through live brokers: kafkajs gives up when its one random seed broker refuses.
  const client = (s: TestStack) => {
    const live = s.status().brokers.filter((b) => b.alive).map((b) => b.address);
    return new Kafka({ clientId: 'stack-test', brokers: live, logLevel: logLevel.NOTHING });
  };

  /** Creates an RF 3 / min ISR 2 topic, writes `count` records with acks=all and reads them all back. */
  async function roundTrip(s: TestStack, count: number): Promise<void> {
    const kafka = client(s);
    const topic = uniqueName('stack-rf3');
    const admin = kafka.admin();
    // Idempotent, as the project's producers are: a plain producer's retry across the leader change
    // after a broker kill can write a record twice (seen in CI: value-2 twice).
    const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
    const consumer = kafka.consumer({ groupId: uniqueName('stack-group') });
    try {
      await admin.connect();
      await admin.createTopics({
        waitForLeaders: false,
        topics: [{ topic, numPartitions: 3, replicationFactor: 3, configEntries: [{ name: 'min.insync.replicas', value: '2' }] }],
      });
      // kafkajs' waitForLeaders gives up on UNKNOWN_TOPIC_OR_PARTITION, which a busy broker answers
      // for a moment after a create (more so right after another broker was killed): poll instead.
      const metadata = await waitFor(
        async () => {
          const found = await admin.fetchTopicMetadata({ topics: [topic] }).catch(() => undefined);
          const partitions = found?.topics[0]?.partitions ?? [];
          return partitions.length === 3 && partitions.every((partition) => partition.leader >= 0) ? found : undefined;
        },
        { timeoutMs: 60_000, what: `leaders for ${topic}` },
      );
      for (const partition of metadata.topics[0]?.partitions ?? []) assert.equal(partition.replicas.length, 3);

      await producer.connect();
      const values = Array.from({ length: count }, (_, i) => `value-${i}`);
      await producer.send({ topic, acks: -1, messages: values.map((value, i) => ({ key: `k${i}`, value })) });

      const received: string[] = [];
      await consumer.connect();
      await consumer.subscribe({ topic, fromBeginning: true });
      await consumer.run({ eachMessage: async ({ message }) => void received.push(message.value?.toString() ?? '') });
      await waitFor(() => received.length >= count, { timeoutMs: 60_000, what: `${count} records consumed` });
      assert.deepEqual([...received].sort(), [...values].sort());
    } finally {
      await consumer.disconnect();
      await producer.disconnect();
      await admin.disconnect();
    }
  }

  async function brokersInMetadata(s: TestStack): Promise<number> {
    const admin = client(s).admin();
    try {
      await admin.connect();
      return (await admin.describeCluster()).brokers.length;
    } finally {
      await admin.disconnect();
    }
  }

  test('a replication-factor-3 topic with min ISR 2 takes acks=all writes and returns them', async () => {
    assert.ok(stack);
    assert.equal(stack.brokers.length, 3);
    assert.match(stack.registryUrl, /^http:\/\/127\.0\.0\.1:\d+\/apis\/ccompat\/v7$/);
    await roundTrip(stack, 20);
  });

  test('acks=all still succeeds with one broker SIGKILLed, and the broker rejoins after restart', async () => {
    assert.ok(stack);
    await stack.killBroker(2);
    assert.equal(stack.status().brokers[2]?.alive, false);
    // Until the controller fences it (broker.session.timeout.ms, 9 s) metadata still routes to it.
    const s = stack;
    await waitFor(() => brokersInMetadata(s).then((count) => count === 2), { timeoutMs: 30_000, what: 'broker 3 fenced' });
    await roundTrip(stack, 5); // 2 of 3 replicas in sync satisfy min ISR 2
    await stack.restartBroker(2);
    assert.equal(stack.status().brokers[2]?.alive, true);
    await roundTrip(stack, 5);
  });

  test('schema ids survive a registry restart (file-backed H2)', async () => {
    assert.ok(stack);
    const subject = uniqueName('stack-subject');
    const schema = JSON.stringify({ type: 'record', name: 'Probe', fields: [{ name: 'n', type: 'int' }] });
    const post = await fetch(`${stack.registryUrl}/subjects/${subject}/versions`, {
      method: 'POST',
      headers: { 'content-type': 'application/vnd.schemaregistry.v1+json' },
      body: JSON.stringify({ schema }),
    });
    assert.equal(post.status, 200);
    const { id } = (await post.json()) as { id: number };
    await stack.stopRegistry();
    await stack.startRegistry();
    const get = await fetch(`${stack.registryUrl}/schemas/ids/${id}`);
    assert.equal(get.status, 200);
    assert.equal(JSON.parse(((await get.json()) as { schema: string }).schema).name, 'Probe');
  });
});

describe('embedded stack start errors', () => {
  test('a port already in use fails with StackPortInUseError naming the port and its purpose', async () => {
    const [taken, controller, registry] = await pickFreePorts(3);
    assert.ok(taken !== undefined && controller !== undefined && registry !== undefined);
    const blocker = await listen(taken);
    const dir = await mkdtemp(join(tmpdir(), 'stack-port-'));
    try {
      await assert.rejects(
        startStack({ dir, cacheDir: testCacheDir(), ports: { brokers: [taken], controllers: [controller], registry } }),
        (error: unknown) => {
          assert.ok(error instanceof StackPortInUseError);
          assert.equal(error.code, 'STACK_PORT_IN_USE');
          assert.equal(error.port, taken);
          assert.match(error.message, new RegExp(`port 127\\.0\\.0\\.1:${taken} \\(Kafka broker 1\\)`));
          return true;
        },
      );
    } finally {
      blocker.close();
      await rm(dir, { recursive: true, force: true });
    }
  });

  test('a process that dies during start fails with StackProcessCrashedError carrying its log tail', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'stack-crash-'));
    // A "java" that reports version 17 and formats storage, but dies when asked to run a server.
    const fakeJava = join(dir, 'java');
    await writeFile(fakeJava, '#!/bin/sh\ncase "$*" in\n  *-version*) echo \'openjdk version "17.0.1"\' >&2 ;;\n  *StorageTool*) exit 0 ;;\n  *) echo "boom: simulated start failure" >&2; exit 3 ;;\nesac\n');
    await chmod(fakeJava, 0o755);
    try {
      await assert.rejects(startStack({ dir: join(dir, 'stack'), cacheDir: testCacheDir(), ports: 'free', java: fakeJava }), (error: unknown) => {
        assert.ok(error instanceof StackProcessCrashedError);
        assert.ok(isErrorWithCode(error, 'STACK_PROCESS_CRASHED'));
        assert.ok(error.logFile.startsWith(join(dir, 'stack', 'logs')));
        assert.ok(error.lastLines.some((line) => line.includes('boom: simulated start failure')));
        return true;
      });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  test('a missing java fails with STACK_PREREQUISITE_MISSING', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'stack-nojava-'));
    try {
      await assert.rejects(startStack({ dir, cacheDir: testCacheDir(), ports: 'free', java: join(dir, 'no-such-java') }), (error: unknown) =>
        isErrorWithCode(error, 'STACK_PREREQUISITE_MISSING'),
      );
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

function listen(port: number): Promise<Server> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve(server));
  });
}

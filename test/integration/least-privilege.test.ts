import assert from 'node:assert/strict';
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { after, before, describe, test } from 'node:test';
import kafkajs, { type Kafka, type KafkaConfig, type LogEntry } from 'kafkajs';
import { DEFAULT_PIPELINE_SETTINGS } from '../../pipelines/pipeline-settings.js';
import { parseSharedSettings } from '../../src/config/index.js';
import { createKafkaClient, topicNames, type Role, type TopicNames } from '../../src/kafka/index.js';
import { silentLogger } from '../../src/logging/index.js';
import { processorInternalTopics, roleAclInputs } from '../../src/service/index.js';
import { pickFreePorts, type SecureAccess } from '../../src/stack/index.js';
import { transactionalId } from '../../src/streams/index.js';
import { uniqueName, useTestStack, waitFor, type TestStack } from '../helpers/stack.js';

const run = promisify(execFile);
const CLI = ['--import', 'tsx', 'src/cli/main.ts'];
const { Kafka: KafkaClient, logLevel } = kafkajs;

/** A child's environment: exactly `env` as its Kafka and registry settings, nothing from `npm test`'s shared stack. */
function childEnv(env: Readonly<Record<string, string>>): NodeJS.ProcessEnv {
  const inherited = Object.fromEntries(Object.entries(process.env).filter(([key]) => !/^(KAFKA_|SCHEMA_REGISTRY_|GLUSTER_EVENTING_)/.test(key)));
  return { ...inherited, GLUSTER_EVENTING_LOG_LEVEL: 'info', ...env };
}

/**
 * What refused an operation: every kafkajs error `type` and message in an error and its causes
 * (kafkajs' retrier rewraps a broker's refusal, keeping only its message, e.g. "Topic authorization failed").
 */
function errorTypes(error: unknown): string {
  const found: string[] = [];
  for (let current = error as { type?: unknown; message?: unknown; cause?: unknown; originalError?: unknown } | undefined; current !== undefined && current !== null; ) {
    found.push(`${typeof current.type === 'string' ? current.type : ''} ${typeof current.message === 'string' ? current.message : ''}`);
    current = (current.originalError ?? current.cause) as typeof current | undefined;
  }
  return found.join(' / ');
}

async function refusal(what: string, attempt: () => Promise<unknown>): Promise<{ types: string; ms: number }> {
  const started = Date.now();
  const error = await attempt().then(
    () => undefined,
    (caught: unknown) => caught,
  );
  assert.ok(error !== undefined, `${what} was allowed`);
  return { types: errorTypes(error), ms: Date.now() - started };
}

describe('least privilege on `stack up --secure`: each role can do exactly its job', () => {
  const prefix = uniqueName('lp');
  const applicationId = uniqueName('lp-app');
  const names: TopicNames = topicNames(prefix);
  let stack: TestStack;
  let access: SecureAccess;
  const children: ChildProcess[] = [];
  let processorLog = '';

  const envOf = (role: Role | 'admin'): Record<string, string> => ({
    ...(role === 'admin' ? access.environment : access.roles[role].environment),
    GLUSTER_EVENTING_TOPIC_PREFIX: prefix,
    GLUSTER_EVENTING_APPLICATION_ID: applicationId,
  });
  const clientOf = (role: Role | 'admin'): Kafka => createKafkaClient({ ...parseSharedSettings(envOf(role)).kafka, clientId: `lp-${role}`, logger: silentLogger });
  /** A kafkajs client of `role` logging at debug to `log`: for what kafkajs only logs. */
  const rawClientOf = (role: Role, log: (entry: LogEntry) => void): Kafka => {
    const env = envOf(role);
    return new KafkaClient({
      clientId: `lp-raw-${role}`,
      brokers: access.brokers.slice(),
      ssl: { ca: [readFileSync(access.caFile, 'utf8')] },
      sasl: { mechanism: 'scram-sha-512', username: env['KAFKA_SASL_USERNAME'] ?? '', password: readFileSync(env['KAFKA_SASL_PASSWORD_FILE'] ?? '', 'utf8').trim() },
      logLevel: logLevel.DEBUG,
      logCreator: () => log,
    });
  };
  const cli = async (role: Role | 'admin', args: readonly string[]): Promise<string> => (await run(process.execPath, [...CLI, ...args], { env: childEnv(envOf(role)), timeout: 120_000 })).stdout;

  before(async () => {
    stack = await useTestStack({
      secure: true,
      roleAcls: roleAclInputs({ topicPrefix: prefix, processor: { applicationId, pipelines: DEFAULT_PIPELINE_SETTINGS } }),
    });
    assert.ok(stack.secure !== undefined);
    access = stack.secure;
    // What an admin (CI) does once: the contract topics and the schemas.
    await cli('admin', ['topics', 'apply']);
    await cli('admin', ['schemas', 'register']);
  });
  after(async () => {
    for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
    await stack?.stop();
  });

  test('a client without credentials gets nothing from any listener, advertised or not', async () => {
    const statuses = stack.status();
    const addresses = [...stack.brokers, ...access.brokers, ...statuses.brokers.map((broker) => `127.0.0.1:${broker.controllerPort}`)];
    const attempts: { readonly what: string; readonly config: Pick<KafkaConfig, 'ssl'> }[] = [{ what: 'plaintext', config: {} }, { what: 'TLS without SASL', config: { ssl: { rejectUnauthorized: false } } }];
    for (const address of addresses) {
      for (const { what, config } of attempts) {
        const admin = new KafkaClient({ clientId: 'lp-anonymous', brokers: [address], logLevel: logLevel.NOTHING, connectionTimeout: 2000, requestTimeout: 3000, retry: { retries: 0 }, ...config }).admin();
        await refusal(`${what} metadata from ${address}`, async () => {
          await admin.connect();
          return admin.listTopics();
        });
        await admin.disconnect().catch(() => undefined);
      }
    }
  });

  test('producer writes the raw topic, the processor runs exactly once on its internal topics and restores from its changelogs, a consumer reads what it derived: each with only its ACLs', async () => {
    await cli('producer', ['loadgen', '--records', '400', '--seed', '7']);

    const startProcessor = (): ChildProcess => {
      const child = spawn(process.execPath, [...CLI, 'processor', '--http-port', '0'], { env: childEnv(envOf('processor')), stdio: ['ignore', 'pipe', 'pipe'] });
      children.push(child);
      child.stdout?.on('data', (chunk: Buffer) => (processorLog += chunk.toString()));
      child.stderr?.on('data', (chunk: Buffer) => (processorLog += chunk.toString()));
      return child;
    };
    const processor = startProcessor();

    // The consumer role, with a group under its own prefix, reading committed records only.
    const consumer = clientOf('consumer').consumer({ groupId: `${access.roles.consumer.username}-${uniqueName('read')}`, readUncommitted: false });
    const seen = new Map<string, number>();
    await consumer.connect();
    try {
      await consumer.subscribe({ topics: [names.volumes, names.nodes, names.alerts], fromBeginning: true });
      await consumer.run({ eachMessage: async ({ topic }) => void seen.set(topic, (seen.get(topic) ?? 0) + 1) });
      await waitFor(() => processor.exitCode === null && seen.has(names.volumes) && seen.has(names.nodes), {
        timeoutMs: 120_000,
        intervalMs: 500,
        what: `state records read by the consumer role (seen ${JSON.stringify([...seen])}; processor log: ${processorLog.slice(-1500)})`,
      });
    } finally {
      await consumer.disconnect();
    }

    // Every internal topic exists, created by the processor's own principal.
    const admin = clientOf('admin').admin();
    await admin.connect();
    try {
      const topics = new Set(await admin.listTopics());
      for (const topic of processorInternalTopics({ names, pipelines: DEFAULT_PIPELINE_SETTINGS, applicationId })) assert.ok(topics.has(topic.name), `${topic.name} created`);
    } finally {
      await admin.disconnect();
    }
    // Restarted, its tasks restore their stores from the changelogs (restore consumers in groups of
    // their own): that too with only the processor's ACLs.
    processor.kill('SIGTERM');
    await waitFor(() => processor.exitCode !== null, { timeoutMs: 60_000, what: 'the processor stopping on SIGTERM' });
    const restartedAt = processorLog.length;
    startProcessor();
    await waitFor(() => /"restored":[1-9]/.test(processorLog.slice(restartedAt)), {
      timeoutMs: 120_000,
      intervalMs: 500,
      what: `a task restoring its store from its changelog (log: ${processorLog.slice(-1500)})`,
    });

    // (Connection timeouts may be logged: 36 transactional producers' TLS + SCRAM handshakes at once on 2 cores.)
    assert.doesNotMatch(processorLog, /AUTHORIZATION_FAILED|authorization failed|not authorized/i, 'the processor was refused nothing');
    assert.doesNotMatch(processorLog, /purging committed repartition records failed/, 'the repartition purge (DELETE) was allowed');
  });

  test("the webhook writes glustereventsd's events to the raw topic as its own user", async () => {
    const [port] = await pickFreePorts(1);
    const spool = await mkdtemp(join(tmpdir(), 'ge-lp-webhook-'));
    const token = 'lp-webhook-token';
    const webhook = spawn(process.execPath, [...CLI, 'webhook', '--host', '127.0.0.1', '--port', String(port), '--node-id', 'lp-node', '--spool-dir', spool, '--flush-timeout-ms', '20000'], {
      env: childEnv({ ...envOf('webhook'), GLUSTER_EVENTING_WEBHOOK_TOKEN: token }),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    children.push(webhook);
    let webhookLog = '';
    webhook.stdout?.on('data', (chunk: Buffer) => (webhookLog += chunk.toString()));
    webhook.stderr?.on('data', (chunk: Buffer) => (webhookLog += chunk.toString()));
    try {
      const volume = uniqueName('lp-volume');
      const event = { event: 'VOLUME_CREATE', nodeid: '73c0ac0a-9b71-48f1-926f-5a50fcd3dfd0', ts: 1795503000, message: { name: volume, force: false } };
      const post = async (): Promise<number> =>
        (await fetch(`http://127.0.0.1:${port}/listen`, { method: 'POST', body: JSON.stringify(event), headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` } })).status;
      await waitFor(async () => webhook.exitCode === null && (await post().catch(() => 0)) === 200, { timeoutMs: 60_000, what: `the webhook accepting an event (log: ${webhookLog.slice(-500)})` });
      await waitFor(
        async () => {
          const tail = await cli('admin', ['tail', names.raw, '--from-beginning']).catch(() => '');
          return tail.includes(volume) ? tail : undefined;
        },
        { timeoutMs: 90_000, intervalMs: 1000, what: `the event of ${volume} on ${names.raw} (webhook log: ${webhookLog.slice(-800)})` },
      );
      webhook.kill('SIGTERM');
      const exitCode = await new Promise<number | null>((resolve) => (webhook.exitCode !== null ? resolve(webhook.exitCode) : webhook.once('exit', resolve)));
      assert.equal(exitCode, 0, webhookLog.slice(-2000));
      assert.doesNotMatch(webhookLog, /AUTHORIZATION_FAILED|not authorized/i, 'the webhook was refused nothing');
    } finally {
      if (webhook.exitCode === null) webhook.kill('SIGKILL');
      await rm(spool, { recursive: true, force: true });
    }
  });

  test('a producer principal writing the alert or a state topic is refused at once, not retried', async () => {
    const producer = clientOf('producer').producer({ idempotent: true, retry: { retries: 3 } });
    await producer.connect();
    try {
      for (const topic of [names.alerts, names.volumes]) {
        const { types, ms } = await refusal(`producer writing ${topic}`, () => producer.send({ topic, messages: [{ key: 'forged', value: 'forged' }] }));
        assert.match(types, /TOPIC_AUTHORIZATION_FAILED|Topic authorization failed/, topic);
        assert.ok(ms < 10_000, `refused in ${ms} ms`);
      }
    } finally {
      await producer.disconnect();
    }
  });

  test("a principal cannot use another role's transactional id or group, nor read what is not its own", async () => {
    /**
     * What refused `attempt` as `role`: the error, and kafkajs' debug log, where alone it keeps the
     * broker's code for a refused FindCoordinator (its error says only "Failed to find group coordinator").
     */
    const refusedAs = async (role: Role, what: string, attempt: (kafka: Kafka) => Promise<unknown>): Promise<string> => {
      const logged: string[] = [];
      const { types } = await refusal(what, () => attempt(rawClientOf(role, (entry) => logged.push(JSON.stringify(entry.log)))));
      return `${types}\n${logged.join('\n')}`;
    };
    /** A consumer's run until it crashes: rejects with the crash's error. */
    const consume = async (kafka: Kafka, groupId: string, topic: string): Promise<never> => {
      const consumer = kafka.consumer({ groupId });
      const crashed = new Promise<unknown>((resolve) => consumer.on(consumer.events.CRASH, (event) => resolve(event.payload.error)));
      await consumer.connect();
      try {
        await consumer.subscribe({ topics: [topic], fromBeginning: true });
        await consumer.run({ eachMessage: async () => undefined });
        throw await crashed;
      } finally {
        await consumer.disconnect();
      }
    };

    const stolenId = await refusedAs('producer', "producer taking the processor's transactional id", async (kafka) => {
      const producer = kafka.producer({ transactionalId: transactionalId(applicationId, '0_0'), idempotent: true, maxInFlightRequests: 1 });
      await producer.connect();
      try {
        await (await producer.transaction()).abort();
      } finally {
        await producer.disconnect();
      }
    });
    assert.match(stolenId, /TRANSACTIONAL_ID_AUTHORIZATION_FAILED/);
    // The same request under the processor's principal is allowed: the refusal above was the ACL's.
    const ownId = clientOf('processor').producer({ transactionalId: transactionalId(applicationId, 'probe'), idempotent: true, maxInFlightRequests: 1 });
    await ownId.connect();
    try {
      await (await ownId.transaction()).abort();
    } finally {
      await ownId.disconnect();
    }

    const offsets = await refusedAs('consumer', "consumer reading the processor's group offsets", async (kafka) => {
      const admin = kafka.admin();
      await admin.connect();
      try {
        return await admin.fetchOffsets({ groupId: applicationId, topics: [names.raw] });
      } finally {
        await admin.disconnect();
      }
    });
    assert.match(offsets, /GROUP_AUTHORIZATION_FAILED/);
    assert.match(await refusedAs('consumer', "consumer joining the processor's group", (kafka) => consume(kafka, applicationId, names.volumes)), /GROUP_AUTHORIZATION_FAILED/);
    const rawRead = await refusedAs('producer', 'producer reading raw records', (kafka) => consume(kafka, `${access.roles.producer.username}-${uniqueName('read')}`, names.raw));
    assert.match(rawRead, /(GROUP|TOPIC)_AUTHORIZATION_FAILED/);
  });

  test('the registry lets a role look schema ids up but not register or change compatibility', async () => {
    // Lookups by the producer and processor principals worked above (their serdes look ids up).
    const refused = await cli('producer', ['schemas', 'register']).then(
      () => undefined,
      (error: { stderr?: string }) => error.stderr ?? '',
    );
    assert.ok(refused !== undefined, "the producer's registry user registered a schema");
    assert.match(refused, /403|forbidden|not authorized/i);
  });

  test('`acls --apply` creates a principal\'s ACLs once: a second run finds them all present', async () => {
    const args = ['acls', '--role', 'consumer', '--principal', 'User:lp-dashboard', '--apply', '--json'];
    const actions = async (): Promise<string[]> => (await cli('admin', args)).trim().split('\n').map((line) => (JSON.parse(line) as { action: string }).action);
    const first = await actions();
    assert.ok(first.length > 0 && first.every((action) => action === 'created'), first.join(', '));
    assert.deepEqual(await actions(), first.map(() => 'present'));
  });
});

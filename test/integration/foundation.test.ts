import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { after, before, describe, test } from 'node:test';
import kafkajs from 'kafkajs';
import { isErrorWithCode } from '../../src/errors/index.js';
import { applyTopics, createKafkaClient, topicCatalog, topicNames } from '../../src/kafka/index.js';
import { silentLogger } from '../../src/logging/index.js';
import {
  checkSubjects,
  createRawSerdes,
  createSchemaRegistryClient,
  DEFAULT_SCHEMAS_DIR,
  frame,
  registerSubjects,
  subjectSchemas,
  type RawPropertyChange,
} from '../../src/serde/index.js';
import { uniqueName, useTestStack, waitFor, type TestStack } from '../helpers/stack.js';

const { ConfigResourceTypes } = kafkajs;
const run = promisify(execFile);

describe('foundation on the real Kafka + Apicurio stack', () => {
  let stack: TestStack;
  before(async () => {
    stack = await useTestStack();
  });
  after(async () => {
    await stack?.stop();
  });

  test('topics apply creates the contract topics, compacted where promised, and is idempotent', async () => {
    const prefix = uniqueName('foundation');
    const admin = createKafkaClient({ brokers: stack.brokers, clientId: 'test', logger: silentLogger }).admin();
    await admin.connect();
    try {
      const first = await applyTopics(admin, topicCatalog(prefix));
      assert.deepEqual(new Set(first.map((change) => change.action)), new Set(['created']));
      const names = topicNames(prefix);
      const { resources } = await admin.describeConfigs({
        includeSynonyms: false,
        resources: Object.values(names).map((name) => ({ type: ConfigResourceTypes.TOPIC, name })),
      });
      const policy = (topic: string): string | undefined =>
        resources.find((resource) => resource.resourceName === topic)?.configEntries.find((entry) => entry.configName === 'cleanup.policy')?.configValue;
      for (const compacted of [names.volumes, names.bricks, names.drives, names.nodes]) assert.equal(policy(compacted), 'compact', compacted);
      for (const deleting of [names.raw, names.alerts, names.deadLetter]) assert.equal(policy(deleting), 'delete', deleting);

      const second = await applyTopics(admin, topicCatalog(prefix));
      assert.deepEqual(new Set(second.map((change) => change.action)), new Set(['unchanged']));
    } finally {
      await admin.disconnect();
    }
  });

  test('topics applied by several clients at once are all created with leaders (no UNKNOWN_TOPIC_OR_PARTITION at start)', async () => {
    // A KRaft broker does not know a just-created topic for a moment, longer while others create
    // topics too: three processors starting together used to fail with "This server does not host
    // this topic-partition".
    const admins = [1, 2, 3].map((n) => createKafkaClient({ brokers: stack.brokers, clientId: `test-apply-${n}`, logger: silentLogger }).admin());
    await Promise.all(admins.map((admin) => admin.connect()));
    try {
      const prefixes = admins.map((_, n) => uniqueName(`apply-at-once-${n}`));
      const changes = await Promise.all(admins.map((admin, n) => applyTopics(admin, topicCatalog(prefixes[n]!))));
      for (const applied of changes) assert.deepEqual(new Set(applied.map((change) => change.action)), new Set(['created']));
      const { topics } = await admins[0]!.fetchTopicMetadata({ topics: prefixes.flatMap((prefix) => Object.values(topicNames(prefix))) });
      for (const topic of topics) assert.ok(topic.partitions.every((partition) => partition.leader >= 0), `${topic.name} has a partition without a leader`);
    } finally {
      await Promise.all(admins.map((admin) => admin.disconnect()));
    }
  });

  test('a raw record produced as Avro through the registry is consumed and decoded unchanged', async () => {
    const topic = uniqueName('raw');
    const registry = createSchemaRegistryClient({ url: stack.registryUrl });
    const serdes = createRawSerdes({ registry, topic, registration: 'register' });
    const record: RawPropertyChange = {
      nodeId: 'node-1',
      glusterUuid: '73c0ac0a-9b71-48f1-926f-5a50fcd3dfd0',
      sessionId: 'session-1',
      sequence: 0,
      observedAt: Date.parse('2026-11-24T07:00:00Z'),
      busName: 'org.freedesktop.UDisks2',
      objectPath: '/org/freedesktop/UDisks2/drives/WDC_1',
      interface: 'org.freedesktop.UDisks2.Drive.Ata',
      kind: 'SNAPSHOT',
      properties: {
        SmartFailing: { signature: 'b', value: false },
        SmartTemperature: { signature: 'd', value: 308.15 },
        SmartNumBadSectors: { signature: 'x', value: -1n },
        SmartUpdated: { signature: 't', value: 18_446_744_073_709_551_615n },
      },
      invalidated: [],
    };
    const kafka = createKafkaClient({ brokers: stack.brokers, clientId: 'test', logger: silentLogger });
    const producer = kafka.producer({ idempotent: true });
    const consumer = kafka.consumer({ groupId: uniqueName('group') });
    await producer.connect();
    await consumer.connect();
    try {
      await producer.send({
        topic,
        acks: -1,
        messages: [{ key: await serdes.key.serialize({ nodeId: 'node-1', busName: record.busName, objectPath: record.objectPath }), value: await serdes.value.serialize(record) }],
      });
      await consumer.subscribe({ topic, fromBeginning: true });
      const received: RawPropertyChange[] = [];
      await consumer.run({ eachMessage: async ({ message }) => void received.push(await serdes.value.deserialize(message.value)) });
      await waitFor(() => received.length === 1, { timeoutMs: 20_000 });
      assert.deepStrictEqual(received[0], record);
    } finally {
      await consumer.disconnect();
      await producer.disconnect();
    }
  });

  test('unknown schema id, wrong magic byte and truncated bytes each give a typed decode error', async () => {
    const topic = uniqueName('bad');
    const registry = createSchemaRegistryClient({ url: stack.registryUrl });
    const serdes = createRawSerdes({ registry, topic, registration: 'register' });
    const good = await serdes.key.serialize({ nodeId: 'n', busName: 'b', objectPath: '/o' });

    await assert.rejects(serdes.key.deserialize(frame(987_654, Buffer.from([2, 110]))), (error) => isErrorWithCode(error, 'DECODE_UNKNOWN_SCHEMA_ID'));
    await assert.rejects(serdes.key.deserialize(Buffer.from([1, ...good.subarray(1)])), (error) => isErrorWithCode(error, 'DECODE_WRONG_MAGIC_BYTE'));
    await assert.rejects(serdes.key.deserialize(good.subarray(0, good.length - 2)), (error) => isErrorWithCode(error, 'DECODE_TRUNCATED'));
    await assert.rejects(serdes.key.deserialize(good.subarray(0, 3)), (error) => isErrorWithCode(error, 'DECODE_TRUNCATED'));
    assert.deepEqual({ ...(await serdes.key.deserialize(good)) }, { nodeId: 'n', busName: 'b', objectPath: '/o' });
  });

  test('concurrent first registrations of the same subjects all succeed with compatibility BACKWARD', async () => {
    const prefix = uniqueName('race');
    const registry = createSchemaRegistryClient({ url: stack.registryUrl });
    const subjects = subjectSchemas(prefix);
    const rounds = await Promise.all([registerSubjects(registry, subjects), registerSubjects(createSchemaRegistryClient({ url: stack.registryUrl }), subjects)]);
    assert.deepEqual(rounds[0].map((subject) => subject.id), rounds[1].map((subject) => subject.id));
    for (const { subject } of subjects) {
      const config = (await (await fetch(`${stack.registryUrl}/config/${encodeURIComponent(subject)}`)).json()) as { compatibilityLevel: string };
      assert.equal(config.compatibilityLevel, 'BACKWARD', subject);
    }
  });

  test('schemas check passes for the shipped schemas and fails (CLI exit 1) for an incompatible change', async () => {
    const prefix = uniqueName('compat');
    const registry = createSchemaRegistryClient({ url: stack.registryUrl });
    const registered = await registerSubjects(registry, subjectSchemas(prefix));
    assert.equal(registered.length, subjectSchemas(prefix).length);
    assert.ok(registered.some((subject) => subject.subject === `${prefix}.raw.v1-key`));
    const again = await registerSubjects(registry, subjectSchemas(prefix));
    assert.deepEqual(again.map((subject) => subject.id), registered.map((subject) => subject.id), 're-registering is idempotent');
    assert.ok((await checkSubjects(registry, subjectSchemas(prefix))).every((verdict) => verdict.compatible && !verdict.newSubject));

    const incompatibleDir = mkdtempSync(join(tmpdir(), 'schemas-'));
    try {
      cpSync(DEFAULT_SCHEMAS_DIR, incompatibleDir, { recursive: true });
      const valueFile = join(incompatibleDir, 'raw-property-change-value.avsc');
      // A new required field without a default: new readers could not read old records.
      const schema = JSON.parse(readFileSync(valueFile, 'utf8')) as { fields: unknown[] };
      schema.fields.push({ name: 'mandatoryNewField', type: 'string' });
      writeFileSync(valueFile, JSON.stringify(schema));

      const verdicts = await checkSubjects(registry, subjectSchemas(prefix), { dir: incompatibleDir });
      const incompatible = verdicts.filter((verdict) => !verdict.compatible).map((verdict) => verdict.subject);
      assert.deepEqual(incompatible, [`${prefix}.raw.v1-value`]);

      const env = { ...process.env, KAFKA_BROKERS: stack.brokers.join(','), SCHEMA_REGISTRY_URL: stack.registryUrl, GLUSTER_EVENTING_TOPIC_PREFIX: prefix };
      const cli = ['--import', 'tsx', 'src/cli/main.ts', 'schemas', 'check', '--dir', incompatibleDir];
      const failure = await run(process.execPath, cli, { env }).then(() => undefined, (error: { code: number; stdout: string }) => error);
      assert.equal(failure?.code, 1);
      assert.match(failure?.stdout ?? '', /raw\.v1-value: INCOMPATIBLE/);
      const success = await run(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'schemas', 'check'], { env });
      assert.match(success.stdout, /raw\.v1-value: compatible/);
    } finally {
      rmSync(incompatibleDir, { recursive: true, force: true });
    }
  });

  test('an upgrade from the previous release: the registry, holding its schemas under BACKWARD, accepts every current schema as a new version', async () => {
    const prefix = uniqueName('upgrade');
    const registry = createSchemaRegistryClient({ url: stack.registryUrl });
    const previousDir = new URL('../fixtures/schemas-previous/', import.meta.url).pathname;
    const before = await registerSubjects(registry, subjectSchemas(prefix), { dir: previousDir });
    const verdicts = await checkSubjects(registry, subjectSchemas(prefix));
    assert.deepEqual(verdicts.filter((verdict) => !verdict.compatible).map((verdict) => verdict.subject), [], 'every current schema is compatible with the previous release');
    const after = await registerSubjects(registry, subjectSchemas(prefix));
    const changed = after.filter((subject, index) => subject.id !== before[index]?.id).map((subject) => subject.subject);
    assert.ok(changed.includes(`${prefix}.state.volumes.v1-value`) && changed.includes(`${prefix}.alerts.v1-value`), `new versions: ${changed.join(', ')}`);
  });
});

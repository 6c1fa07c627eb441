import type { TopicNames } from '../../../src/kafka/index.js';
import { createKafkaClient } from '../../../src/kafka/index.js';
import { silentLogger } from '../../../src/logging/index.js';
import { createSchemaRegistryClient, unframe } from '../../../src/serde/index.js';
import { uniqueName, waitFor, type TestStack } from '../stack.js';

/** One decoded record of a derived topic, in partition order. */
export interface DerivedRecord {
  readonly key: string;
  /** The Avro-decoded value; null for a tombstone. */
  readonly value: Record<string, unknown> | null;
  readonly partition: number;
}

export type DerivedRole = 'volumes' | 'bricks' | 'drives' | 'nodes' | 'alerts';
export const DERIVED_ROLES: readonly DerivedRole[] = ['volumes', 'bricks', 'drives', 'nodes', 'alerts'];

/** Every committed record of each derived topic, as a downstream consumer sees them. */
export type DerivedOutputs = Record<DerivedRole, DerivedRecord[]>;

const SENTINEL = '__fault-test-end__';

/**
 * The decoded value as plain data: avsc builds records as instances of a class per schema, and each
 * run's subjects have their own schema ids, so equal values of two runs would differ by prototype.
 */
function plain(value: unknown): unknown {
  if (typeof value === 'bigint' || value === null || typeof value !== 'object') return value;
  if (Buffer.isBuffer(value)) return value.toString('hex');
  if (Array.isArray(value)) return value.map(plain);
  return Object.fromEntries(Object.entries(value).map(([field, inner]) => [field, plain(inner)]));
}

/**
 * Reads each derived topic of `names` from the beginning to its end with a read_committed consumer.
 * Call it once no processor writes any more (stopped or drained): it appends a sentinel tombstone to
 * every partition and reads until each sentinel arrived, so the end is exact (a record count would
 * stop before duplicates and hide them). Sentinels are left out of the result.
 */
export async function readDerivedOutputs(stack: TestStack, names: TopicNames, options: { timeoutMs?: number } = {}): Promise<DerivedOutputs> {
  const kafka = createKafkaClient({ brokers: stack.brokers, clientId: 'fault-derived-reader', logger: silentLogger });
  const registry = createSchemaRegistryClient({ url: stack.registryUrl });
  const topics = new Map<string, DerivedRole>(DERIVED_ROLES.map((role) => [names[role], role]));
  const admin = kafka.admin();
  const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
  const consumer = kafka.consumer({ groupId: uniqueName('fault-derived-reader'), readUncommitted: false, maxWaitTimeInMs: 100 });
  const outputs: DerivedOutputs = { volumes: [], bricks: [], drives: [], nodes: [], alerts: [] };
  const pending = new Set<string>();
  await Promise.all([admin.connect(), producer.connect(), consumer.connect()]);
  try {
    for (const topic of topics.keys()) {
      const partitions = (await admin.fetchTopicOffsets(topic)).map(({ partition }) => partition);
      for (const partition of partitions) pending.add(`${topic}/${partition}`);
      await producer.send({ topic, acks: -1, messages: partitions.map((partition) => ({ key: SENTINEL, value: null, partition })) });
    }
    for (const topic of topics.keys()) await consumer.subscribe({ topic, fromBeginning: true });
    await consumer.run({
      eachMessage: async ({ topic, partition, message }) => {
        const key = message.key?.toString('utf8') ?? '';
        if (key === SENTINEL) {
          pending.delete(`${topic}/${partition}`);
          return;
        }
        let value: Record<string, unknown> | null = null;
        if (message.value !== null) {
          const { schemaId, body } = unframe(message.value);
          value = plain((await registry.writerType(schemaId)).fromBuffer(body)) as Record<string, unknown>;
        }
        outputs[topics.get(topic) ?? 'alerts'].push({ key, value, partition });
      },
    });
    await waitFor(() => pending.size === 0, { timeoutMs: options.timeoutMs ?? 60_000, what: 'every derived partition read to its end sentinel' });
    return outputs;
  } finally {
    await Promise.allSettled([consumer.disconnect(), producer.disconnect(), admin.disconnect()]);
  }
}

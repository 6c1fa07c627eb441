import type { Command } from 'commander';
import { createKafkaClient, topicNames } from '../../kafka/index.js';
import { createRawSerdes, createSchemaRegistryClient, unframe, MAGIC_BYTE, type SchemaRegistryClient } from '../../serde/index.js';
import { cliContext } from '../context.js';

/**
 * `gluster-eventing tail <topic>`: one JSON line per record, values decoded through the registry
 * (any registered writer schema), keys as Avro when framed, else UTF-8. Reads committed data only.
 */
const QUIET_MS = 3_000;

export function registerTailCommand(program: Command): void {
  program
    .command('tail <topic>')
    .description('print records of a topic as JSON lines, Avro decoded through the schema registry')
    .option('--from-beginning', 'start at the earliest offset (default: only new records)')
    .option('--follow', 'keep running and print new records (default: stop when caught up)')
    .action(async (topic: string, options: { fromBeginning?: boolean; follow?: boolean }) => {
      const { settings, logger } = cliContext('tail');
      const kafka = createKafkaClient({ ...settings.kafka, logger });
      const registry = createSchemaRegistryClient(settings.schemaRegistry);
      const raw = topic === topicNames(settings.topicPrefix).raw ? createRawSerdes({ registry, topic, registration: 'lookup' }) : undefined;
      const consumer = kafka.consumer({ groupId: `gluster-eventing-tail-${process.pid}-${Date.now()}`, readUncommitted: false });
      await consumer.connect();
      await consumer.subscribe({ topic, fromBeginning: options.fromBeginning === true });
      // Without --follow, stop once the topic has been quiet for a while. (Comparing with the high
      // watermark does not work on transactional topics: the last offset is a commit marker that is
      // never delivered.)
      let finish: () => void = () => undefined;
      const finished = new Promise<void>((resolve) => (finish = resolve));
      let idle: NodeJS.Timeout | undefined;
      const quietFor = (ms: number): void => {
        if (options.follow === true) return;
        clearTimeout(idle);
        idle = setTimeout(finish, ms);
      };
      consumer.on(consumer.events.GROUP_JOIN, () => quietFor(QUIET_MS));

      await consumer.run({
        eachMessage: async ({ partition, message }) => {
          const key = await decodeKey(message.key, registry, raw);
          const value = message.value === null ? null : raw !== undefined ? await raw.value.deserialize(message.value) : await decodeValue(message.value, registry);
          process.stdout.write(`${JSON.stringify({ partition, offset: message.offset, timestamp: Number(message.timestamp), key, value }, jsonSafe)}\n`);
          quietFor(QUIET_MS);
        },
      });
      const stop = (): void => finish();
      process.once('SIGINT', stop).once('SIGTERM', stop);
      await finished;
      await consumer.disconnect();
    });
}

async function decodeKey(key: Buffer | null, registry: SchemaRegistryClient, raw: ReturnType<typeof createRawSerdes> | undefined): Promise<unknown> {
  if (key === null) return null;
  if (raw !== undefined) return raw.key.deserialize(key);
  return key[0] === MAGIC_BYTE && key.length >= 5 ? decodeValue(key, registry) : key.toString('utf8');
}

async function decodeValue(bytes: Buffer, registry: SchemaRegistryClient): Promise<unknown> {
  const { schemaId, body } = unframe(bytes);
  return (await registry.writerType(schemaId)).fromBuffer(body);
}

function jsonSafe(_key: string, value: unknown): unknown {
  if (typeof value === 'bigint') return value.toString();
  if (typeof value === 'object' && value !== null && (value as { type?: unknown }).type === 'Buffer' && Array.isArray((value as { data?: unknown }).data)) {
    return Buffer.from((value as { data: number[] }).data).toString('utf8');
  }
  return value;
}

import { setTimeout as delay } from 'node:timers/promises';
import { createKafkaClient } from '../../../src/kafka/index.js';
import { silentLogger } from '../../../src/logging/index.js';
import { uniqueName, type TestStack } from '../stack.js';

/**
 * A downstream consumer of `topics` (read_committed, its own group) that takes `perRecordMs` per
 * record: the slow reader whose lag must not hold the pipeline back. `read` counts what it got through.
 */
export async function startSlowConsumer(stack: TestStack, topics: readonly string[], perRecordMs: number): Promise<{ read(): number; stop(): Promise<void> }> {
  const kafka = createKafkaClient({ brokers: stack.brokers, clientId: 'fault-slow-consumer', logger: silentLogger });
  const consumer = kafka.consumer({ groupId: uniqueName('fault-slow-consumer'), readUncommitted: false, maxBytesPerPartition: 16 * 1024 });
  let read = 0;
  await consumer.connect();
  for (const topic of topics) await consumer.subscribe({ topic, fromBeginning: true });
  await consumer.run({
    eachMessage: async () => {
      await delay(perRecordMs); // the slowness under test
      read += 1;
    },
  });
  return { read: () => read, stop: () => consumer.disconnect() };
}
